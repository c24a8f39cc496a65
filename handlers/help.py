"""/talentbot help, generated from the command table."""

from __future__ import annotations

from bot.chat.messages import Reply
from handlers.base import CommandRequest, HandlerDeps


async def help_(req: CommandRequest, deps: HandlerDeps) -> Reply:
    from handlers import COMMANDS  # the table imports this module

    lines = [f"{c.usage} — {c.summary}" for c in COMMANDS.values()]
    return Reply(text="talentbot commands:\n" + "\n".join(lines), ephemeral=True)
