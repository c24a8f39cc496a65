"""Real and broken feeds from the wild, through the real poller, fetcher, parser and pipeline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

from bot.app import App, Options
from bot.config import Config, SourceConfig
from bot.domain.models import ChannelRef, KindFilter
from bot.http import HttpServer
from bot.settings import load_settings


class FileServer:
    """Serves the bytes of one file per path; which file answers a path can change between polls."""

    def __init__(self) -> None:
        self.files: dict[str, Path] = {}
        self.server: HttpServer | None = None

    async def __aenter__(self) -> FileServer:
        app = web.Application()
        app.add_routes([web.get("/{name}", self._serve)])
        self.server = HttpServer(app, "127.0.0.1", 0)
        await self.server.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        await self.server.stop()

    def url(self, name: str) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}/{name}"

    async def _serve(self, request: web.Request) -> web.Response:
        path = self.files.get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound()
        return web.Response(body=path.read_bytes(), content_type="application/xml")


def app_for(tmp_path: Path, sources: list[SourceConfig], now=None) -> App:
    settings = load_settings(TALENTBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    config = Config(sources=sources)
    kwargs = {"now": now} if now else {}
    return App(settings, config, options=Options(http=False, dynamic_sources=False), **kwargs)


async def test_every_real_and_malformed_feed_polls_without_a_crash(shared_dir: Path, tmp_path: Path) -> None:
    files = sorted((shared_dir / "feeds" / "real").glob("*.xml")) + sorted(
        p
        for p in (shared_dir / "feeds" / "malformed").rglob("*")
        if p.is_file() and not p.name.startswith("LICENSE")
    )
    async with FileServer() as server:
        sources = []
        for i, path in enumerate(files):
            server.files[f"f{i}"] = path
            sources.append(SourceConfig(name=f"{i}:{path.name}", url=server.url(f"f{i}"), interval="1h"))
        app = app_for(tmp_path, sources)
        await app.prepare()
        try:
            statuses = await app.poll_all()
        finally:
            await app.close()
    assert len(statuses) == len(files)
    for status in statuses:
        assert status.status in ("new", "error"), status
        if status.status == "error":
            assert status.error and "\n" not in status.error and not status.error.startswith("internal error")
    real = [s for s in statuses if not s.name.split(":", 1)[1].startswith(("bozo_", "rss_empty"))]
    assert sum(s.status == "new" for s in real) >= len(files) * 0.8


async def test_overlapping_ars_technica_snapshots_alert_each_story_at_most_once(
    shared_dir: Path, tmp_path: Path
) -> None:
    snapshots = sorted((shared_dir / "feeds" / "real").glob("arstechnica_*.xml"))  # names sort by date
    assert len(snapshots) >= 3
    clock = {"now": datetime(2024, 3, 1, tzinfo=UTC)}
    async with FileServer() as server:
        server.files["ars"] = snapshots[0]
        app = app_for(
            tmp_path,
            [SourceConfig(name="Ars", url=server.url("ars"), interval="1h")],
            now=lambda: clock["now"],
        )
        await app.prepare()
        try:
            ch = await app.store.channels.ensure(
                ChannelRef(platform="console", workspace="w", channel="c"), clock["now"]
            )
            for company in app.registry.names():  # a channel that follows every company
                await app.store.channels.subscribe(ch.id, company, KindFilter.ALL, clock["now"])
            queued = 0
            alerting_polls = 0
            for snapshot in snapshots:
                server.files["ars"] = snapshot
                taken = snapshot.name.split("_")[1]  # e.g. 2024-03-21T1927: when the snapshot was taken
                clock["now"] = datetime.strptime(taken, "%Y-%m-%dT%H%M").replace(tzinfo=UTC)
                status = await app.poller.poll("Ars", force=True)
                assert status is not None and status.status in ("new", "unchanged"), status
                queued += status.queued
                alerting_polls += status.queued > 0
            rows = await app.store.outbox.claim("t", datetime(2100, 1, 1, tzinfo=UTC), limit=10_000)
        finally:
            await app.close()
    assert queued >= 1 and alerting_polls >= 1  # the run did alert; the point is never twice
    keys = [(r.channel_id, r.story_id) for r in rows]
    assert len(keys) == len(set(keys)) == queued
    events = [r.event_id for r in rows if r.kind == "alert"]
    assert len(events) == len(set(events))
    urls = [r.payload["url"] for r in rows]
    assert len(urls) == len(set(urls))  # no story alerted twice, however many snapshots carried it
