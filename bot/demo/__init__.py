"""`talentbot demo`: a live run, offline. Two sample feeds are served on 127.0.0.1 and polled
through the real fetcher, pipeline, outbox and console adapter, on a throwaway SQLite file."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web
from rich.console import Console

from bot.app import App, Options
from bot.chat.console import ConsoleAdapter
from bot.chat.console_input import parse_line
from bot.config import Config, SourceConfig
from bot.http import HttpServer
from bot.jobs.status import status_table
from bot.settings import load_settings

DEMO_COMMANDS = (
    "/subscribe amazon",
    "/subscribe meta talent",
    "/subscribe openai",
    "/subscribe anthropic investment",
)


def load_news() -> dict[str, Any]:
    return json.loads(resources.files("bot.demo").joinpath("news.json").read_text(encoding="utf-8"))


def render_rss(title: str, base: str, items: list[dict[str, Any]], now: datetime) -> str:
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{base}/news/{i['slug']}</link>"
        f"<guid>{base}/news/{i['slug']}</guid><description>{escape(i['summary'])}</description>"
        f"<pubDate>{format_datetime(now - timedelta(hours=i['hours_ago']))}</pubDate></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{base}</link><description>talentbot demo feed</description>"
        f"{entries}</channel></rss>"
    )


class DemoFeeds:
    """Serves each sample source's feed as it stands in the current round."""

    def __init__(self, news: dict[str, Any], now: datetime) -> None:
        self.news = news
        self.now = now
        self.round = 1
        self.server: HttpServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}"

    async def start(self) -> None:
        app = web.Application()
        app.add_routes([web.get("/{source}.xml", self._feed)])
        self.server = HttpServer(app, "127.0.0.1", 0)
        await self.server.start()

    async def _feed(self, request: web.Request) -> web.Response:
        key = request.match_info["source"]
        if key not in self.news["sources"]:
            raise web.HTTPNotFound()
        items = [i for i in self.news["items"] if i["source"] == key and i["round"] <= self.round]
        body = render_rss(self.news["sources"][key], self.base, items, self.now)
        return web.Response(text=body, content_type="application/rss+xml")

    def config(self) -> Config:
        sources = [
            SourceConfig(name=name, kind="rss", url=f"{self.base}/{key}.xml", interval="1m")
            for key, name in self.news["sources"].items()
        ]
        return Config(sources=sources)

    async def stop(self) -> None:
        if self.server is not None:
            await self.server.stop()


async def run_demo(out: Console | None = None, workdir: Path | None = None) -> int:
    out = out or Console(highlight=False)
    news = load_news()
    now = datetime.now(UTC)
    feeds = DemoFeeds(news, now)
    await feeds.start()
    with tempfile.TemporaryDirectory(prefix="talentbot-demo-") as tmp:
        folder = workdir or Path(tmp)
        settings = load_settings(TALENTBOT_DATABASE_URL=f"sqlite:///{folder / 'demo.db'}")
        console = ConsoleAdapter(out.file)
        app = App(
            settings,
            feeds.config(),
            options=Options(console=True, http=False, dynamic_sources=False),
            console=console,
        )
        try:
            await app.prepare()
            out.rule("[bold]1. First poll: new sources are read silently (no flood)")
            out.print(status_table(await app.poll_all()))
            out.rule("[bold]2. The demo channel subscribes")
            for line in DEMO_COMMANDS:
                await _command(app, console, out, line)
            out.rule("[bold]3. Second poll: new stories alert the channel, once per event")
            feeds.round = 2
            out.print(status_table(await app.poll_all()))
            await app.deliverer.drain()
            out.rule("[bold]4. A re-poll changes nothing")
            out.print(status_table(await app.poll_all()))
            await app.deliverer.drain()
            out.rule("[bold]5. Slash commands")
            await _command(app, console, out, "/talent amazon")
            await _command(app, console, out, "/subscriptions")
            out.rule("[bold]6. The channel's digest")
            await _command(app, console, out, "/digest now")
        finally:
            await app.close()
            await feeds.stop()
    return 0


async def _command(app: App, console: ConsoleAdapter, out: Console, line: str) -> None:
    req = parse_line(line)
    assert req is not None
    out.print(f"[bold]> {line}[/bold]")
    console.print_reply(await app.command(req))
