"""End-to-end helpers: a local RSS feed and the real `talentbot run` as a subprocess.

Everything listens on 127.0.0.1; the bot gets a clean environment (no chat tokens, settings or
proxies inherited from the developer's shell) and a working directory of its own (no `.env`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar
from xml.sax.saxutils import escape

import aiohttp
from aiohttp import web

from bot.http import HttpServer

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60.0  # a cold interpreter, migrations, the chat adapter's log-in
STOP_TIMEOUT = 30.0


@dataclass
class Story:
    title: str
    link: str
    summary: str = ""
    published: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(minutes=5))


class FeedServer:
    """One RSS 2.0 feed at `/feed.xml`; `stories` may change between polls.

    `served` counts the responses sent; each body was rendered before the count went up, so once
    `wait_served(n)` returns, a story added afterwards is only in the (n+1)-th response or later.
    """

    def __init__(self) -> None:
        self.stories: list[Story] = []
        self.served = 0
        self._changed = asyncio.Condition()
        self._server: HttpServer | None = None

    async def __aenter__(self) -> FeedServer:
        app = web.Application()
        app.add_routes([web.get("/feed.xml", self._feed)])
        self._server = HttpServer(app, "127.0.0.1", 0)
        await self._server.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        await self._server.stop()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.port}/feed.xml"

    def render(self) -> str:
        items = "".join(
            f"<item><title>{escape(s.title)}</title><link>{escape(s.link)}</link>"
            f'<guid isPermaLink="true">{escape(s.link)}</guid>'
            f"<description>{escape(s.summary)}</description>"
            f"<pubDate>{format_datetime(s.published)}</pubDate></item>"
            for s in self.stories
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>Local AI news</title><link>http://127.0.0.1/</link>"
            f"<description>end-to-end test feed</description>{items}</channel></rss>"
        )

    async def _feed(self, _request: web.Request) -> web.Response:
        body = self.render()
        async with self._changed:
            self.served += 1
            self._changed.notify_all()
        return web.Response(text=body, content_type="application/rss+xml")

    async def wait_served(self, count: int) -> None:
        """Until `count` responses went out (bound it with asyncio.timeout)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.served >= count)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_config(folder: Path, feed_url: str, *, interval: str = "1s") -> Path:
    path = folder / "talentbot.toml"
    path.write_text(
        f"""
[[sources]]
name = "Local AI news"
kind = "rss"
url = "{feed_url}"
interval = "{interval}"

[polling]
google_news_for_subscriptions = false  # only the feed above: nothing leaves 127.0.0.1
timeout = 5
""",
        encoding="utf-8",
    )
    return path


_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "TMPDIR", "VIRTUAL_ENV")


def bot_env(folder: Path, port: int, **chat: str) -> dict[str, str]:
    """Only what the bot needs: its database, HTTP server and the given chat settings."""
    env = {k: os.environ[k] for k in _INHERITED if k in os.environ}
    env.update(
        PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]),
        PYTHONUNBUFFERED="1",
        TALENTBOT_DATABASE_URL=f"sqlite:///{folder / 'bot.db'}",
        TALENTBOT_HTTP_HOST="127.0.0.1",
        TALENTBOT_HTTP_PORT=str(port),
        TALENTBOT_LOG_LEVEL="INFO",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    env.update(chat)
    return env


class BotProcess:
    """`python -m bot run --config …` in a subprocess; its output goes to `bot.log` in `folder`."""

    def __init__(self, folder: Path, config: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.config = config
        self.env = env
        self.log_path = folder / "bot.log"
        self.proc: asyncio.subprocess.Process | None = None
        self.url = f"http://127.0.0.1:{env['TALENTBOT_HTTP_PORT']}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    async def start(self) -> None:
        with self.log_path.open("wb") as out:  # the child keeps its own descriptor
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--config",
                str(self.config),
                cwd=self.folder,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        await self._wait_healthy()

    async def _wait_healthy(self) -> None:
        assert self.proc is not None
        last = "no answer"
        try:
            async with asyncio.timeout(START_TIMEOUT), aiohttp.ClientSession() as session:
                while True:
                    if self.proc.returncode is not None:
                        raise AssertionError(f"talentbot exited {self.proc.returncode}:\n{self.log()}")
                    try:
                        async with session.get(f"{self.url}/healthz") as resp:
                            if resp.status == 200:
                                return
                            last = f"{resp.status} {await resp.text()}"
                    except aiohttp.ClientError as exc:
                        last = type(exc).__name__
                    with contextlib.suppress(TimeoutError):  # a pause that notices an early exit
                        await asyncio.wait_for(self.proc.wait(), 0.2)
        except TimeoutError:
            raise AssertionError(f"/healthz never answered 200 (last: {last}):\n{self.log()}") from None

    def source_names(self) -> list[str]:
        """The sources the bot stored (and so polled): read from its SQLite file."""
        with contextlib.closing(sqlite3.connect(self.folder / "bot.db")) as db:
            return sorted(row[0] for row in db.execute("SELECT name FROM sources"))

    async def terminate(self) -> int:
        """SIGTERM, then the exit code (bounded)."""
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(STOP_TIMEOUT):
            return await self.proc.wait()

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


@asynccontextmanager
async def talentbot_run(folder: Path, feed_url: str, **chat: str) -> AsyncIterator[BotProcess]:
    """The bot running against `feed_url` with the given chat settings; always killed at the end."""
    bot = BotProcess(folder, write_config(folder, feed_url), bot_env(folder, free_port(), **chat))
    try:
        await bot.start()
        yield bot
    finally:
        await bot.kill()


async def eventually(wait: Callable[[], Awaitable[T]], within: float = 30.0) -> T:
    """`wait()` again each time its own (shorter) timeout runs out, for `within` seconds in all.

    The fakes bound each wait (FakeDiscord: 10 s); a whole process on a busy machine may need longer.
    """
    async with asyncio.timeout(within):
        while True:
            try:
                return await wait()
            except TimeoutError:
                continue
