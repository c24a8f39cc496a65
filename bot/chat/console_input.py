"""`talentbot run --console`: slash commands typed on stdin, answered on stdout."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

from handlers.base import CommandRequest

if TYPE_CHECKING:
    from bot.app import App

CONSOLE_CHANNEL = ("console", "local", "console")


def parse_line(line: str) -> CommandRequest | None:
    """'/subscribe amazon talent' -> a request from the console channel; None for blank lines."""
    text = line.strip()
    if not text:
        return None
    name, _, rest = text.lstrip("/").partition(" ")
    platform, workspace, channel = CONSOLE_CHANNEL
    return CommandRequest(platform, workspace, channel, "you", name.lower(), rest.strip())


async def read_commands(app: App, stop: asyncio.Event) -> None:
    """Read lines until EOF and print each reply; the bot keeps running until a signal stops it."""
    assert app.console is not None
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if line == "" or stop.is_set():
            return
        req = parse_line(line)
        if req is not None:
            app.console.print_reply(await app.command(req))
