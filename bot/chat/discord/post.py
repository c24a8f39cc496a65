"""Posting over REST only: alerts, follow-up threads, digests and notices.

Needs a logged-in client (`login`), not the gateway: `get_partial_messageable(id)` works without
a cached channel, so an instance that does not hold the gateway still delivers.
"""

from __future__ import annotations

import hashlib

import discord

from bot.chat.discord import render
from bot.chat.discord.commands import NO_MENTIONS
from bot.chat.discord.failures import THREAD_ALREADY_CREATED, UNKNOWN_CHANNEL, UNKNOWN_MESSAGE, delivery_error
from bot.chat.messages import AlertMessage
from bot.errors import DeliveryError


def nonce_for(key: str) -> str:
    """Discord nonces are at most 25 characters; the same outbox key always gives the same nonce."""
    return hashlib.sha256(key.encode()).hexdigest()[:25]


class Poster:
    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def alert(self, channel_id: str, alert: AlertMessage, *, thread: str | None, key: str) -> str:
        """A top-level alert, or (with `thread` = the first alert's message id) a follow-up in its thread."""
        embed = render.alert_embed(alert)
        if thread is None:
            return await self.send(channel_id, key, embeds=[embed])
        try:
            return await self._in_thread(thread, key, embed)
        except discord.NotFound as exc:
            if exc.code != UNKNOWN_CHANNEL:
                raise delivery_error(exc, thread) from exc
        # No thread yet: start one from the first alert's message (a thread started from a
        # message has that message's id, so `thread` stays the address).
        await self._open_thread(channel_id, thread, render.thread_name(alert))
        try:
            return await self._in_thread(thread, key, embed)
        except discord.NotFound as exc:
            raise delivery_error(exc, thread) from exc

    async def send(
        self,
        channel_id: str,
        key: str,
        *,
        content: str | None = None,
        embeds: list[discord.Embed] | None = None,
        raw: bool = False,
    ) -> str:
        """Post and return the message id; failures become `DeliveryError` (unless `raw`, see below)."""
        target = self.client.get_partial_messageable(_snowflake(channel_id))
        try:
            # discord.py sends `enforce_nonce: true` with every nonce (discord/http.py).
            message = await target.send(
                content=content, embeds=embeds or [], nonce=nonce_for(key), allowed_mentions=NO_MENTIONS
            )
        except Exception as exc:
            if raw and isinstance(exc, discord.NotFound | discord.Forbidden):
                raise  # the thread path decides what these mean
            raise delivery_error(exc, channel_id) from exc
        return str(message.id)

    async def _in_thread(self, thread: str, key: str, embed: discord.Embed) -> str:
        try:
            return await self.send(thread, key, embeds=[embed], raw=True)
        except discord.Forbidden as exc:
            # A locked thread, or no "Send Messages in Threads": drop this follow-up, but do not
            # pause the channel; its top-level alerts may still work (and will tell if not).
            raise DeliveryError(f"discord thread {thread}: forbidden ({exc.code})", permanent=True) from exc

    async def _open_thread(self, channel_id: str, message_id: str, name: str) -> None:
        try:
            # The low-level call: PartialMessage.create_thread needs a cached guild, which a
            # REST-only instance does not have.
            await self.client.http.start_thread_with_message(
                _snowflake(channel_id),
                _snowflake(message_id),
                name=name,
                auto_archive_duration=1440,
                rate_limit_per_user=None,
            )
        except discord.HTTPException as exc:
            if exc.code == THREAD_ALREADY_CREATED:  # another instance got there first
                return
            if isinstance(exc, discord.NotFound) and exc.code == UNKNOWN_MESSAGE:
                raise DeliveryError(
                    f"discord message {message_id}: first alert deleted; follow-up dropped", permanent=True
                ) from exc
            raise delivery_error(exc, channel_id) from exc
        except Exception as exc:
            raise delivery_error(exc, channel_id) from exc


def _snowflake(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise DeliveryError(f"not a Discord id: {value!r}", permanent=True) from None
