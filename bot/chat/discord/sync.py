"""Sync application commands only when their JSON payload changed since the last sync.

Discord rate-limits command registration (200 creates a day per guild) and a global sync takes a
while to propagate, so every start re-syncing would be wasteful. The payload hash is stored through
injected `load_hash`/`save_hash` callables (the store's `get_state`/`set_state` in production).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable

import discord
from discord import app_commands

log = logging.getLogger(__name__)

LoadHash = Callable[[], Awaitable[str | None]]
SaveHash = Callable[[str], Awaitable[None]]
STATE_KEY = "discord.commands_hash"


def commands_hash(tree: app_commands.CommandTree, guild_id: int | None) -> str:
    guild = discord.Object(id=guild_id) if guild_id else None
    payload = sorted((cmd.to_dict(tree) for cmd in tree.get_commands(guild=guild)), key=lambda c: c["name"])
    target = f"guild:{guild_id}" if guild_id else "global"
    text = json.dumps({"target": target, "commands": payload}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree,
    *,
    guild_id: int | None,
    load_hash: LoadHash,
    save_hash: SaveHash,
) -> bool:
    """Sync globally, or to `guild_id` (a test guild: changes show instantly); True when it synced."""
    if guild_id:
        tree.copy_global_to(guild=discord.Object(id=guild_id))
    digest = commands_hash(tree, guild_id)
    if await load_hash() == digest:
        log.info("discord commands unchanged; sync skipped")
        return False
    synced = await tree.sync(guild=discord.Object(id=guild_id) if guild_id else None)
    await save_hash(digest)
    log.info("discord commands synced", extra={"count": len(synced), "guild": guild_id})
    return True
