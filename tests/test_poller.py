"""The poller and scheduler: source health, backoff, disabling, and independence of sources."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from aiohttp import web

from bot.app import App, Options
from bot.config import Config, PollingConfig, SourceConfig
from bot.domain.models import ChannelRef, KindFilter
from bot.http import HttpServer
from bot.settings import load_settings
from bot.store.schema import deliveries

RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    "<item><title>Hello</title><link>https://x.example/1</link></item></channel></rss>"
)


class Feeds:
    """`/ok` serves a feed, `/broken` a 500, `/slow` hangs until released."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.release = asyncio.Event()
        self.fast_thrice = asyncio.Event()
        self.server: HttpServer | None = None

    async def __aenter__(self) -> Feeds:
        async def handle(request: web.Request) -> web.Response:
            name = request.match_info["name"]
            self.hits[name] = self.hits.get(name, 0) + 1
            if name == "broken":
                return web.Response(status=500, text="boom")
            if name == "slow":
                await self.release.wait()
            if name == "ok" and self.hits[name] >= 3:
                self.fast_thrice.set()
            return web.Response(text=RSS, content_type="application/rss+xml")

        app = web.Application()
        app.add_routes([web.get("/{name}", handle)])
        self.server = HttpServer(app, "127.0.0.1", 0)
        await self.server.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release.set()
        assert self.server is not None
        await self.server.stop()

    def url(self, name: str) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/{name}"


def make_app(tmp_path: Path, sources: list[SourceConfig], clock) -> App:
    settings = load_settings(TALENTBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    config = Config(sources=sources, polling=PollingConfig(timeout=5))
    return App(settings, config, options=Options(http=False, dynamic_sources=False), now=clock)


async def test_a_failing_source_backs_off_then_is_disabled_and_its_channels_told_once(tmp_path: Path) -> None:
    at = {"now": datetime(2026, 6, 1, tzinfo=UTC)}
    async with Feeds() as feeds:
        app = make_app(
            tmp_path, [SourceConfig(name="Broken", url=feeds.url("broken"), interval="5m")], lambda: at["now"]
        )
        await app.prepare()
        try:
            ch = await app.store.channels.ensure(
                ChannelRef(platform="console", workspace="w", channel="c"), at["now"]
            )
            await app.store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, at["now"])
            first = await app.poller.poll("Broken")
            assert first is not None and first.status == "error" and "500" in first.error
            assert await app.poller.poll("Broken") is None  # backing off: not due yet
            statuses = []
            for _ in range(40):  # keep polling whenever due, for over a day
                at["now"] += timedelta(hours=1)
                status = await app.poller.poll("Broken")
                if status is not None:
                    statuses.append(status.status)
            source = await app.store.sources.by_name("Broken")
            async with app.db.engine.connect() as conn:
                notices = (
                    await conn.execute(sa.select(deliveries.c.payload).where(deliveries.c.kind == "notice"))
                ).all()
        finally:
            await app.close()
    assert statuses[-1] == "disabled" and statuses.count("disabled") == 1
    assert len(statuses) < 40  # it backed off: far fewer polls than hours
    assert source is not None and source.disabled and source.failures >= 2
    assert len(notices) == 1 and "Broken" in notices[0].payload["text"]


async def test_one_slow_source_never_delays_the_others(tmp_path: Path) -> None:
    async with Feeds() as feeds:
        sources = [
            SourceConfig(name="Slow", url=feeds.url("slow"), interval="1s"),
            SourceConfig(name="Fast", url=feeds.url("ok"), interval="1s"),
        ]
        app = make_app(tmp_path, sources, lambda: datetime.now(UTC))
        await app.prepare()
        await app.scheduler.start()
        try:
            async with asyncio.timeout(20):
                await feeds.fast_thrice.wait()
            assert feeds.hits.get("slow", 0) == 1  # still hanging in its first request
        finally:
            feeds.release.set()
            await app.scheduler.stop()
            await app.close()


async def test_google_news_follows_subscribed_companies_no_source_covers(tmp_path: Path) -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    covered = SourceConfig(name="Meta news", kind="google_news", company="Meta", interval="10m")
    app = make_app(tmp_path, [covered], lambda: now)
    await app.prepare()
    try:
        ch = await app.store.channels.ensure(ChannelRef(platform="console", workspace="w", channel="c"), now)
        for company in ("Amazon", "Meta"):
            await app.store.channels.subscribe(ch.id, company, KindFilter.ALL, now)
        await app.sync_dynamic_sources()
        names = {s.name: s for s in await app.store.sources.all()}
        assert set(names) == {"Meta news", "Google News: Amazon"}
        assert names["Google News: Amazon"].kind == "google_news" and names["Google News: Amazon"].dynamic
        await app.store.channels.unsubscribe(ch.id, "Amazon")
        await app.sync_dynamic_sources()
        assert [s.name for s in await app.store.sources.all()] == ["Meta news"]
    finally:
        await app.close()
