"""Slash-command handlers, platform-independent: one explicit table, one dispatch function."""

from __future__ import annotations

import logging

from bot.chat.messages import Reply
from bot.errors import UsageError
from handlers.base import Command, CommandRequest, HandlerDeps
from handlers.digest import digest
from handlers.help import help_
from handlers.stories import invest, talent
from handlers.subscriptions import subscribe, subscriptions, unsubscribe

log = logging.getLogger(__name__)

COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("talent", talent, "/talent [company]", "recent AI-talent moves, newest first", ("company",)),
        Command(
            "invest", invest, "/invest [company]", "recent AI-investment events, newest first", ("company",)
        ),
        Command(
            "subscribe",
            subscribe,
            "/subscribe <company> [talent|investment|all]",
            "alert this channel about a company",
            ("company", "kind"),
            changes_settings=True,
        ),
        Command(
            "unsubscribe",
            unsubscribe,
            "/unsubscribe <company|all>",
            "stop alerts about a company (or all)",
            ("company",),
            changes_settings=True,
        ),
        Command("subscriptions", subscriptions, "/subscriptions", "this channel's subscriptions and digest"),
        Command(
            "digest",
            digest,
            "/digest <HH:MM [timezone]|off|now>",
            "set, turn off or send now the daily digest",
            ("setting",),
            changes_settings=True,
        ),
        Command("talentbot", help_, "/talentbot help", "this help"),
    )
}


async def dispatch(req: CommandRequest, deps: HandlerDeps) -> Reply:
    """Run a command; usage errors become ephemeral sentences, anything else a polite apology."""
    command = COMMANDS.get(req.command.lstrip("/").lower())
    if command is None:
        return Reply(text=f"Unknown command /{req.command[:40]}. Try /talentbot help", ephemeral=True)
    try:
        return await command.handler(req, deps)
    except UsageError as exc:
        return Reply(text=str(exc), ephemeral=True)
    except Exception:
        log.exception("command failed", extra={"command": command.name, "channel": str(req.channel_ref)})
        return Reply(
            text="Sorry, something went wrong on our side. Please try again in a minute.", ephemeral=True
        )
