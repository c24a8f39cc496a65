"""The Discord adapter: a discord.py client that answers application commands and posts alerts.

Posting needs only REST (`login` + `get_partial_messageable(id).send`), so an instance that does
not hold the gateway (`hold_gateway=False`) still delivers its share of the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Mapping

import discord
from discord import app_commands

from bot.chat.discord import render
from bot.chat.discord.commands import MANAGE_CHANNELS, NO_MENTIONS, CommandBridge, Complete, Dispatch
from bot.chat.discord.post import Poster, nonce_for
from bot.chat.discord.sync import LoadHash, SaveHash, sync_if_changed
from bot.chat.messages import AlertMessage, DigestMessage
from bot.domain.models import ChannelRef
from handlers.base import Command

log = logging.getLogger(__name__)


class DiscordAdapter:
    platform = "discord"

    def __init__(
        self,
        *,
        token: str,
        dispatch: Dispatch,
        commands: Mapping[str, Command],
        complete: Complete,
        load_hash: LoadHash | None = None,
        save_hash: SaveHash | None = None,
        test_guild: int | None = None,
        shard_count: int | None = None,
        sharded: bool = False,
        hold_gateway: bool = True,
        settings_permission: discord.Permissions | None = MANAGE_CHANNELS,
        defer_after: float = 2.0,
        ready_timeout: float = 30.0,
        guild_ready_timeout: float = 2.0,
        max_ratelimit_timeout: float = 60.0,
    ) -> None:
        self._token = token
        self._load_hash, self._save_hash = load_hash, save_hash
        self._test_guild = test_guild
        self._hold_gateway = hold_gateway
        self._ready_timeout = ready_timeout
        options = dict(
            intents=discord.Intents(guilds=True),  # channels and threads only; nothing privileged
            allowed_mentions=NO_MENTIONS,  # the default for every send and interaction response
            chunk_guilds_at_startup=False,
            guild_ready_timeout=guild_ready_timeout,
            max_ratelimit_timeout=max_ratelimit_timeout,
        )
        if shard_count or sharded:
            self.client: discord.Client = discord.AutoShardedClient(shard_count=shard_count, **options)
        else:
            self.client = discord.Client(**options)
        self.client.setup_hook = self._setup_hook  # type: ignore[method-assign]
        self.tree: app_commands.CommandTree = app_commands.CommandTree(self.client)
        self.bridge = CommandBridge(
            dispatch=dispatch,
            commands=commands,
            complete=complete,
            settings_permission=settings_permission,
            defer_after=defer_after,
        )
        self.bridge.install(self.tree)
        self.poster = Poster(self.client)
        self.synced: bool | None = None  # for tests and logs: None = not attempted
        self._connection: asyncio.Task[None] | None = None

    # lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Log in; with the gateway, connect in a background task and wait (bounded) for READY."""
        await self.client.login(self._token)
        if not self._hold_gateway:
            return
        self._connection = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, self._connection}, timeout=self._ready_timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if self._connection in done:
            ready.cancel()
            self._connection.result()  # a fatal gateway error (bad token, intents) surfaces here
        elif ready not in done:
            ready.cancel()
            log.warning("discord gateway not ready yet; still connecting in the background")

    async def stop(self) -> None:
        await self.client.close()
        if self._connection is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._connection, timeout=10)

    @property
    def healthy(self) -> bool:
        if self.client.is_closed() or self.client.user is None:
            return False
        if not self._hold_gateway:
            return True
        # latency is inf/nan while the websocket is down (between a drop and the RESUME).
        return self.client.is_ready() and math.isfinite(self.client.latency)

    async def _setup_hook(self) -> None:
        # Only the instance holding the gateway registers commands: one sync, not one per instance.
        if not self._hold_gateway or self._load_hash is None or self._save_hash is None:
            return
        try:
            self.synced = await sync_if_changed(
                self.tree, guild_id=self._test_guild, load_hash=self._load_hash, save_hash=self._save_hash
            )
        except Exception:
            log.exception("discord command sync failed; commands keep their previous definition")
            self.synced = False

    # ChatAdapter ----------------------------------------------------------------------------

    async def post_alert(
        self, channel: ChannelRef, alert: AlertMessage, *, thread: str | None, key: str
    ) -> str:
        return await self.poster.alert(channel.channel, alert, thread=thread, key=key)

    async def post_digest(self, channel: ChannelRef, digest: DigestMessage, *, key: str) -> str:
        return await self.poster.send(channel.channel, key, embeds=render.digest_embeds(digest))

    async def post_notice(self, channel: ChannelRef, text: str, *, key: str) -> str:
        return await self.poster.send(channel.channel, key, content=render.notice_content(text))

    async def find_posted(self, channel: ChannelRef, key: str, *, thread: str | None = None) -> str | None:
        """Always None: Discord does not return a message's nonce when messages are fetched later.

        Duplicates after a crash between send and mark-sent are still prevented for a few minutes
        by `enforce_nonce` (Discord answers a repeated nonce with the first message).
        """
        return None


__all__ = ["DiscordAdapter", "nonce_for"]
