"""Application commands built from the neutral COMMANDS table, and how an interaction is answered.

Every command is answered straight away when the handler is quick (one response that carries
`allowed_mentions`); when it takes longer than `defer_after` seconds the interaction is deferred
(ephemeral "thinking…", so the 3-second deadline holds) and the answer follows as a follow-up.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal

import discord
from discord import app_commands

from bot.chat.discord.options import OptionSpec, shape_of
from bot.chat.discord.render import reply_payload
from bot.chat.messages import Reply
from bot.errors import UsageError
from handlers.base import Command, CommandRequest

log = logging.getLogger(__name__)

Dispatch = Callable[[CommandRequest], Awaitable[Reply]]
Complete = Callable[[str], list[str]]
NO_MENTIONS = discord.AllowedMentions.none()
SERVERS_ONLY = app_commands.AppCommandContext(guild=True)
MANAGE_CHANNELS = discord.Permissions(manage_channels=True)  # default for settings commands
REFUSED = "You need the Manage Channels permission to change this channel's talentbot settings."
FAILED = "Sorry, something went wrong answering that. Please try again in a minute."


class CommandBridge:
    """Turns interactions into `CommandRequest`s and `Reply`s into interaction responses."""

    def __init__(
        self,
        *,
        dispatch: Dispatch,
        commands: Mapping[str, Command],
        complete: Complete,
        settings_permission: discord.Permissions | None = MANAGE_CHANNELS,
        defer_after: float = 2.0,
    ) -> None:
        self._dispatch = dispatch
        self._commands = commands
        self._complete = complete
        self._settings_permission = settings_permission
        self._defer_after = defer_after

    def install(self, tree: app_commands.CommandTree) -> None:
        for command in self._commands.values():
            tree.add_command(self.build(command))

    def build(self, command: Command) -> app_commands.Command | app_commands.Group:
        shape = shape_of(command)
        description = command.summary[:100] or command.name
        if shape.subcommand:  # `/talentbot help`: a group with one subcommand
            group = app_commands.Group(
                name=command.name, description=description, guild_only=True, allowed_contexts=SERVERS_ONLY
            )
            group.add_command(self._slash(command, shape.subcommand, description, shape.options))
            if command.changes_settings and self._settings_permission is not None:
                group.default_permissions = self._settings_permission
            return group
        slash = self._slash(command, command.name, description, shape.options)
        slash.guild_only = True  # subscriptions belong to server channels (dm_permission: false)
        slash.allowed_contexts = SERVERS_ONLY  # and its successor, `contexts: [0]`
        if command.changes_settings and self._settings_permission is not None:
            # Discord's own integration settings apply this; admins can override it per server.
            slash.default_permissions = self._settings_permission
        return slash

    def _slash(self, command: Command, name: str, description: str, specs: tuple[OptionSpec, ...]) -> Any:
        async def callback(interaction: discord.Interaction, **values: str | None) -> None:
            await self.answer(interaction, command, values)

        parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        for spec in specs:
            # A closed set of words becomes Discord choices (discord.py turns a Literal into them).
            kind: Any = Literal[spec.literals] if spec.closed else str  # type: ignore[valid-type]
            parameters.append(
                inspect.Parameter(
                    spec.name,
                    inspect.Parameter.KEYWORD_ONLY,
                    annotation=kind if spec.required else kind | None,
                    default=inspect.Parameter.empty if spec.required else None,
                )
            )
        callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        callback.__discord_app_commands_param_description__ = {s.name: s.description[:100] for s in specs}  # type: ignore[attr-defined]
        slash = app_commands.Command(name=name, description=description, callback=callback)
        for spec in specs:
            if spec.name == "company":
                slash.autocomplete("company")(self._completer(spec.literals))
        return slash

    def _completer(self, literals: tuple[str, ...]) -> Any:
        """Company names from the registry, after the usage's own words (`all` for /unsubscribe)."""

        async def autocomplete(
            interaction: discord.Interaction, current: str
        ) -> list[app_commands.Choice[str]]:
            words = [word for word in literals if word.startswith(current.strip().lower())]
            try:
                names = self._complete(current)
            except Exception:
                log.exception("company autocomplete failed")
                names = []
            return [app_commands.Choice(name=name[:100], value=name[:100]) for name in (words + names)[:25]]

        return autocomplete

    def request(
        self, interaction: discord.Interaction, command: Command, values: Mapping[str, str | None]
    ) -> CommandRequest:
        given = {name: str(value).strip() for name, value in values.items() if value not in (None, "")}
        ordered = [given[name] for name in command.options if name in given]
        shape = shape_of(command)
        return CommandRequest(
            platform="discord",
            workspace=str(interaction.guild_id),
            channel=str(interaction.channel_id),
            user=str(interaction.user.id),
            command=command.name,
            args=" ".join(([shape.subcommand] if shape.subcommand else []) + ordered),
            options=given,
        )

    def allowed(self, interaction: discord.Interaction, command: Command) -> bool:
        """Checked here too: Discord's default permissions can be overridden by server admins."""
        needed = self._settings_permission
        if not command.changes_settings or needed is None:
            return True
        granted = interaction.permissions
        return granted.administrator or granted >= needed

    async def answer(
        self, interaction: discord.Interaction, command: Command, values: Mapping[str, str | None]
    ) -> None:
        if not self.allowed(interaction, command):
            await self._respond(interaction, Reply(text=REFUSED, ephemeral=True))
            return
        work = asyncio.ensure_future(self._run(self.request(interaction, command, values)))
        done, _ = await asyncio.wait({work}, timeout=self._defer_after)
        if work not in done:
            await interaction.response.defer(ephemeral=True, thinking=True)
        await self._respond(interaction, await work)

    async def _run(self, request: CommandRequest) -> Reply:
        try:
            return await self._dispatch(request)
        except UsageError as exc:
            return Reply(text=str(exc), ephemeral=True)
        except Exception:
            log.exception("command failed", extra={"command": request.command, "channel": request.channel})
            return Reply(text=FAILED, ephemeral=True)

    async def _respond(self, interaction: discord.Interaction, reply: Reply) -> None:
        content, embeds = reply_payload(reply)
        if interaction.response.is_done():
            await interaction.followup.send(
                content=content or discord.utils.MISSING,
                embeds=embeds,
                ephemeral=reply.ephemeral,
                allowed_mentions=NO_MENTIONS,
            )
            return
        await interaction.response.send_message(
            content=content, embeds=embeds, ephemeral=reply.ephemeral, allowed_mentions=NO_MENTIONS
        )
