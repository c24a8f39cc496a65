"""Operations: /healthz per component (503 when one is down), /metrics in Prometheus format with the
outbox depth, JSON logs with fields and never a token."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import logs
from bot.app import App, Options
from bot.chat.console import ConsoleAdapter
from bot.config import Config, SourceConfig
from bot.domain.models import ChannelRef, KindFilter
from bot.http import HttpServer, build_app
from bot.settings import Settings
from bot.store.outbox import NewDelivery
from tests.fakes.feeds import FeedServer

SLACK_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
DISCORD_TOKEN = "MTAxMjM0NTY3ODkwMTIzNDU2Nw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def feeds() -> AsyncIterator[FeedServer]:
    server = await FeedServer().start()
    yield server
    await server.stop()


@pytest.fixture
async def app(tmp_path: Path, feeds: FeedServer) -> AsyncIterator[App]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        TALENTBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        TALENTBOT_HTTP_PORT=free_port(),
    )
    config = Config(sources=[SourceConfig(name="wire", url=feeds.feed_url("wire"), interval="1h")])
    bot = App(
        settings,
        config,
        options=Options(console=True, dynamic_sources=False),
        console=ConsoleAdapter(io.StringIO()),
    )
    async with asyncio.timeout(20):
        await bot.prepare()
        # Three messages for a platform this instance has no adapter for: they stay pending.
        now = datetime.now(UTC)
        ch = await bot.store.channels.ensure(ChannelRef(platform="slack", workspace="T", channel="C"), now)
        await bot.store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, now)
        await bot.store.outbox.enqueue(
            [NewDelivery(f"notice:{i}", "notice", ch.id, {"text": "hi"}) for i in range(3)], now
        )
        await bot.start()
    yield bot
    async with asyncio.timeout(20):
        await bot.stop()


def url(app: App, path: str) -> str:
    assert app.http is not None
    return f"http://127.0.0.1:{app.http.port}{path}"


async def test_healthz_reports_each_component_and_503_when_one_is_down(app: App) -> None:
    async with httpx.AsyncClient(timeout=5) as client:
        ok = await client.get(url(app, "/healthz"))
        assert ok.status_code == 200
        assert ok.json() == {
            "status": "ok",
            "checks": {"database": "ok", "scheduler": "ok", "console": "ok"},
        }
        app.adapters["console"].healthy = False  # e.g. its gateway connection dropped
        down = await client.get(url(app, "/healthz"))
        assert down.status_code == 503
        assert down.json()["checks"]["console"] == "down" and down.json()["status"] == "degraded"
        app.adapters["console"].healthy = True
        await app.scheduler.stop()
        stopped = await client.get(url(app, "/healthz"))
        assert stopped.status_code == 503 and stopped.json()["checks"]["scheduler"] == "down"


async def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, TALENTBOT_DATABASE_URL="postgresql://postgres@127.0.0.1:9/nowhere"
    )
    bot = App(settings, Config(), options=Options(http=False, dynamic_sources=False))
    server = HttpServer(build_app(bot.health), "127.0.0.1", 0)
    await server.start()
    try:
        async with asyncio.timeout(20), httpx.AsyncClient(timeout=15) as client:
            answer = await client.get(f"http://127.0.0.1:{server.port}/healthz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["database"] == "down"
    finally:
        await server.stop()
        await bot.close()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


async def test_metrics_are_prometheus_text_with_polls_and_the_outbox_depth(app: App) -> None:
    async with asyncio.timeout(20), httpx.AsyncClient(timeout=5) as client:
        while True:  # the scheduler polls the source and measures the outbox soon after start
            answer = await client.get(url(app, "/metrics"))
            got = samples(answer.text)
            polled = got.get(("talentbot_polls_total", (("kind", "rss"), ("outcome", "new"))), 0)
            if polled >= 1 and got.get(("talentbot_outbox_pending", ())) == 3:
                break
            await asyncio.sleep(0.05)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    families = {f.name for f in text_string_to_metric_families(answer.text)}
    assert {
        "talentbot_polls",
        "talentbot_items",
        "talentbot_events",
        "talentbot_messages_sent",
        "talentbot_delivery_latency_seconds",
        "talentbot_delivery_errors",
        "talentbot_errors",
        "talentbot_outbox_pending",
    } <= families


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    buffer = io.StringIO()
    yield buffer
    root.handlers[:], level = saved
    root.setLevel(level)


def test_json_logs_carry_fields_and_never_a_token(captured_logs: io.StringIO) -> None:
    logs.setup("INFO", "json")
    logging.getLogger().handlers[0].setStream(captured_logs)  # type: ignore[attr-defined]
    log = logging.getLogger("bot.test")
    log.info("slack post failed", extra={"channel": "slack:T1/C1", "reason": f"token {SLACK_TOKEN} rejected"})
    log.warning(f"discord said no to Bot {DISCORD_TOKEN}")
    try:
        raise RuntimeError(f"auth failed for {SLACK_TOKEN}")
    except RuntimeError:
        log.exception("crash", extra={"source": "wire"})
    lines = captured_logs.getvalue().splitlines()
    records = [json.loads(line) for line in lines]  # one JSON object per line
    assert [r["msg"] for r in records][0] == "slack post failed"
    assert records[0]["channel"] == "slack:T1/C1" and records[0]["level"] == "info"
    assert records[2]["source"] == "wire" and "RuntimeError" in records[2]["exc"]
    text = captured_logs.getvalue()
    assert SLACK_TOKEN not in text and DISCORD_TOKEN not in text
    assert "xoxb-" not in text and text.count("[redacted]") >= 3


def test_text_logs_never_carry_a_token(captured_logs: io.StringIO) -> None:
    logs.setup("INFO", "text")
    logging.getLogger().handlers[0].setStream(captured_logs)  # type: ignore[attr-defined]
    logging.getLogger("bot.test").warning("token", extra={"token": SLACK_TOKEN, "app": "xapp-1-A1-123-abc"})
    text = captured_logs.getvalue()
    assert SLACK_TOKEN not in text and "xapp-1-A1-123-abc" not in text


def test_settings_never_show_a_token() -> None:
    settings = Settings(_env_file=None, SLACK_BOT_TOKEN=SLACK_TOKEN, DISCORD_TOKEN=DISCORD_TOKEN)  # type: ignore[call-arg]
    assert SLACK_TOKEN not in repr(settings) and DISCORD_TOKEN not in str(settings.model_dump())
