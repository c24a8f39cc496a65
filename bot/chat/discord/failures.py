"""discord.py exceptions → `DeliveryError`, which tells the outbox what to do next."""

from __future__ import annotations

import asyncio

import aiohttp
import discord

from bot.errors import DeliveryError

# https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes
UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
MISSING_ACCESS = 50001
THREAD_ALREADY_CREATED = 160004


def delivery_error(exc: BaseException, channel: str) -> DeliveryError:
    """Classify a failed post to `channel` (an id, for the message only)."""
    where = f"discord channel {channel}"
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, discord.RateLimited):
        # discord.py waits out short 429s itself; this is one longer than max_ratelimit_timeout.
        return DeliveryError(f"{where}: rate limited", retry_after=exc.retry_after)
    if isinstance(exc, discord.Forbidden):
        # Missing Access / Missing Permissions: the bot was removed from the channel or lost rights.
        return DeliveryError(f"{where}: forbidden ({exc.code}: {exc.text})", channel_gone=True)
    if isinstance(exc, discord.NotFound):
        if exc.code == UNKNOWN_CHANNEL:
            return DeliveryError(f"{where}: unknown channel", channel_gone=True)
        return DeliveryError(f"{where}: not found ({exc.code}: {exc.text})", permanent=True)
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429:  # still limited after discord.py's own retries
            return DeliveryError(f"{where}: rate limited", retry_after=_retry_after(exc))
        if exc.status >= 500:
            return DeliveryError(f"{where}: server error {exc.status}")
        if exc.status in (400, 413):
            return DeliveryError(f"{where}: rejected payload ({exc.code}: {exc.text})", permanent=True)
        return DeliveryError(f"{where}: HTTP {exc.status} ({exc.code})")
    if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError | OSError):
        return DeliveryError(f"{where}: {type(exc).__name__}: {exc}")
    if isinstance(exc, ValueError | TypeError):
        return DeliveryError(f"{where}: {exc}", permanent=True)
    return DeliveryError(f"{where}: {type(exc).__name__}: {exc}")


def _retry_after(exc: discord.HTTPException) -> float | None:
    header = exc.response.headers.get("Retry-After") if exc.response is not None else None
    try:
        return float(header) if header is not None else None
    except ValueError:
        return None
