"""Discord: application commands and alert embeds through discord.py.

`build_discord_adapter` is what `bot/app.py` calls; `DiscordAdapter` takes everything through its
constructor (tests build it directly against a fake Discord).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import discord

from bot.chat.discord import endpoints
from bot.chat.discord.adapter import DiscordAdapter
from bot.chat.discord.commands import MANAGE_CHANNELS, Complete, Dispatch
from bot.chat.discord.sync import STATE_KEY
from bot.errors import ConfigError
from bot.settings import Settings
from handlers.base import Command

if TYPE_CHECKING:
    from bot.store.queries import Store

__all__ = ["INVITE_PERMISSIONS", "DiscordAdapter", "build_discord_adapter", "invite_url"]


def build_discord_adapter(
    settings: Settings,
    *,
    dispatch: Dispatch,
    commands: Mapping[str, Command],
    complete: Complete,
    store: Store | None = None,
    settings_permission: discord.Permissions | None = MANAGE_CHANNELS,
    **tuning: Any,
) -> DiscordAdapter:
    """The adapter as the settings describe it.

    Points discord.py at DISCORD_API_URL / DISCORD_GATEWAY_URL (process-wide, see `endpoints`),
    keeps the command hash in the store (`app_state` key `discord.commands_hash`), syncs to
    DISCORD_TEST_GUILD when set, shards when DISCORD_SHARD_COUNT is set, and holds the gateway
    only when TALENTBOT_CONNECTIONS includes discord (otherwise it only posts, over REST).
    `settings_permission` is what /subscribe, /unsubscribe and /digest require (None: anyone).
    `tuning` goes to `DiscordAdapter` as is (defer_after, ready_timeout, guild_ready_timeout, …).
    """
    if settings.discord_token is None:
        raise ConfigError("DISCORD_TOKEN: required for the Discord adapter")
    endpoints.configure(settings.discord_api_url, settings.discord_gateway_url)

    async def load_hash() -> str | None:
        return await store.get_state(STATE_KEY) if store is not None else None

    async def save_hash(value: str) -> None:
        if store is not None:
            await store.set_state(STATE_KEY, value)

    return DiscordAdapter(
        token=settings.discord_token.get_secret_value(),
        dispatch=dispatch,
        commands=commands,
        complete=complete,
        load_hash=load_hash,
        save_hash=save_hash,
        test_guild=settings.discord_test_guild,
        shard_count=settings.discord_shard_count,
        hold_gateway=settings.holds_connection("discord"),
        settings_permission=settings_permission,
        **tuning,
    )


# What the bot needs in a channel, and nothing more: read it, post embeds, thread follow-ups.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    create_public_threads=True,
    send_messages_in_threads=True,
    read_message_history=True,
)


def invite_url(application_id: int) -> str:
    """The OAuth2 URL that adds the bot with scopes `bot` + `applications.commands`."""
    return discord.utils.oauth_url(
        application_id, permissions=INVITE_PERMISSIONS, scopes=("bot", "applications.commands")
    )
