"""/digest <HH:MM [timezone]|off|now>."""

from __future__ import annotations

from bot.chat.messages import Reply
from bot.config import check_timezone, parse_clock
from bot.errors import UsageError
from handlers import args
from handlers.base import CommandRequest, HandlerDeps

USAGE = "Usage: /digest <HH:MM [timezone]|off|now>, e.g. /digest 09:00 Europe/Berlin"


async def digest(req: CommandRequest, deps: HandlerDeps) -> Reply:
    parts = args.words(req)
    if not parts or len(parts) > 2:
        raise UsageError(USAGE)
    channel = await deps.store.channels.ensure(req.channel_ref, deps.now())
    word = parts[0].lower()
    if word == "off" and len(parts) == 1:
        await deps.store.channels.set_digest(channel.id, enabled=False)
        return Reply(text="Daily digest turned off for this channel.")
    if word == "now" and len(parts) == 1:
        message = await deps.digests.now_digest(channel)
        if message is None:
            return Reply(
                text="Nothing new in the last 24 hours for this channel's companies.", ephemeral=True
            )
        return Reply(text=message.title, digest=message)
    try:
        at = parse_clock(parts[0])
        tz = check_timezone(parts[1]) if len(parts) == 2 else channel.digest.timezone
    except ValueError as exc:
        problem = str(exc)
        raise UsageError(f"{problem[:1].upper()}{problem[1:]}. {USAGE}") from None
    await deps.store.channels.set_digest(channel.id, enabled=True, at=at, tz=tz)
    return Reply(text=f"Daily digest set for {at} {tz}.")
