"""A feed server on 127.0.0.1: RSS documents the test edits while pollers read them, plus nasty paths.

`feeds[name]` holds the items of `/feed/<name>`; `hits` counts GETs per path. The nasty paths are
what a broken or hostile feed server does: hang, trickle, stream forever, answer garbage, loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from aiohttp import web


@dataclass(frozen=True)
class Item:
    title: str
    link: str
    published: datetime = field(default_factory=lambda: datetime.now(UTC))


def rss(items: list[Item], title: str = "feed") -> bytes:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{escape(i.link)}</link>"
        f"<guid>{escape(i.link)}</guid><pubDate>{format_datetime(i.published)}</pubDate></item>"
        for i in items
    )
    doc = f"<?xml version='1.0'?><rss version='2.0'><channel><title>{escape(title)}</title>{entries}</channel></rss>"
    return doc.encode()


class FeedServer:
    def __init__(self) -> None:
        self.feeds: dict[str, list[Item]] = {}
        self.hits: dict[str, int] = {}
        self.streamed = 0  # bytes written by /endless before the client hung up
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> FeedServer:
        app = web.Application()
        app.router.add_get("/feed/{name}", self._feed)
        app.router.add_get("/hang", self._hang)
        app.router.add_get("/trickle", self._trickle)
        app.router.add_get("/endless", self._endless)
        app.router.add_get("/garbage", self._garbage)
        app.router.add_get("/loop", self._loop)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def feed_url(self, name: str) -> str:
        return f"{self.url}/feed/{name}"

    def _count(self, request: web.Request) -> None:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1

    async def _feed(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        await asyncio.sleep(0.005)  # let other pollers interleave, as a real server would
        items = self.feeds.get(request.match_info["name"], [])
        return web.Response(body=rss(items), content_type="application/rss+xml")

    async def _hang(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        await asyncio.sleep(3600)
        return web.Response()

    async def _trickle(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await resp.prepare(request)
        await resp.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")
        while True:  # a byte every 50 ms: every read is quick, the body never ends
            await resp.write(b" ")
            await asyncio.sleep(0.05)

    async def _endless(self, request: web.Request) -> web.StreamResponse:
        """10 GB announced and streamed in 64 KiB chunks: only a client that stops reading survives."""
        self._count(request)
        size = 10 * 1024**3
        chunk = b"<!-- padding -->" * 4096
        resp = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        resp.content_length = size
        await resp.prepare(request)
        while self.streamed < size:
            await resp.write(chunk)
            self.streamed += len(chunk)
            await asyncio.sleep(0)  # share the loop with the client under test
        return resp

    async def _garbage(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        return web.Response(body=bytes(range(256)) * 64, content_type="application/rss+xml")

    async def _loop(self, request: web.Request) -> web.StreamResponse:
        self._count(request)
        raise web.HTTPFound("/loop")


# Headlines that are each a distinct event: a unique researcher surname per index (clustering
# keys on people, so a shared surname would rightly merge two stories into one event).
_FIRST = "Alice Bruno Chen Dana Elif Farid Greta Hiro Ines Jonas Kira Luca Mara Nils Olga Pavel Quinn Rosa Sven Tara".split()
_PRE = "Al Bar Cor Dal Ev Fen Gar Hol Is Jor Kel Lom Mar Nor Ost Pel Ros Sal Tor Vel".split()
_SUF = "berg dorf mann ford wick ley ton holm sen vik rand mont court field gard ridge stein wood burn dahl".split()
HIRERS = ("Amazon", "Meta", "Microsoft", "Apple", "Nvidia")
_FROM = ("Google", "OpenAI", "Anthropic", "xAI")
DISTINCT_HEADLINES = len(_PRE) * len(_SUF)


def talent_headline(i: int) -> tuple[str, str]:
    """(headline, hiring company) of the i-th distinct talent event, 0 <= i < DISTINCT_HEADLINES."""
    if not 0 <= i < DISTINCT_HEADLINES:
        raise ValueError(f"only {DISTINCT_HEADLINES} distinct headlines")
    hirer = HIRERS[i % len(HIRERS)]
    name = f"{_FIRST[i % len(_FIRST)]} {_PRE[i // len(_SUF)]}{_SUF[i % len(_SUF)]}"
    return f"{hirer} hires {_FROM[(i // 5) % 4]} AI researcher {name} to lead a new lab", hirer
