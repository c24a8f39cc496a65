"""Fault tolerance: broken feed servers, a failing Slack or Discord, a database that drops its
connections. Each fault ends in a one-line error or a retry, never in a lost or doubled message."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from aiohttp import web

from bot.chat.discord import endpoints
from bot.chat.slack.adapter import SlackAdapter
from bot.classify.classifier import Classifier
from bot.config import AlertsConfig
from bot.domain.companies import CompanyRegistry
from bot.domain.models import ChannelRef, Classification, KindFilter
from bot.jobs.poll import Poller
from bot.pipeline.deliver import Deliverer
from bot.pipeline.ingest import Ingest, alert_message
from bot.sources.fetch import Fetcher
from bot.store.db import Database
from bot.store.outbox import NewDelivery
from bot.store.queries import Store
from bot.store.sources import SourceDef
from bot.store.stories import NewStory
from tests.clock import Clock
from tests.conftest import _truncate_pg
from tests.fakes.discord_fake import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.fakes.discord_support import running_adapter
from tests.fakes.feeds import FeedServer, Item
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_app import COMMANDS, SECRET, RecordingDispatch
from tests.recording_adapter import RecordingAdapter

START = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)
TALENT = Classification(talent=True, companies=("Amazon",), confidence=0.9, why="joins Amazon")
SERIAL = itertools.count()


async def subscribed(store: Store, ref: ChannelRef) -> int:
    ch = await store.channels.ensure(ref, START)
    await store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, START)
    return ch.id


async def queue(store: Store, channel_id: int, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        key = f"s{next(SERIAL)}"
        s = NewStory(key, None, "Wire", f"https://n.example/{key}", f"Story {key}", "", START, START, TALENT)
        story_id = (await store.stories.insert_new([s]))[key]
        event_id = await store.stories.create_event(story_id, s, {})
        msg = alert_message(s, event_id, followup=False).model_dump(mode="json")
        item = NewDelivery(f"alert:{channel_id}:{event_id}", "alert", channel_id, msg, event_id, story_id)
        ids += await store.outbox.enqueue([item], START)
    return ids


# ---- feed servers that misbehave ---------------------------------------------------------------


@pytest.fixture
async def feeds() -> AsyncIterator[FeedServer]:
    server = await FeedServer().start()
    yield server
    await server.stop()


async def test_broken_feed_servers_give_one_line_errors_and_the_others_carry_on(
    store: Store, feeds: FeedServer
) -> None:
    nasty = {
        "hangs": "/hang",
        "trickles": "/trickle",
        "10 GB": "/endless",
        "garbage": "/garbage",
        "loops": "/loop",
    }
    defs = [SourceDef(name, "rss", feeds.url + path, 300) for name, path in nasty.items()]
    defs.append(SourceDef("good", "rss", feeds.feed_url("good"), 300))
    feeds.feeds["good"] = [Item("Amazon hires OpenAI researcher Ada Quell", "https://n.example/ada", START)]
    await store.sources.sync(defs, START)
    fetcher = Fetcher(user_agent="t", timeout=2.5, max_bytes=1_000_000, retries=0)
    poller = Poller(
        store,
        fetcher,
        Ingest(store, Classifier(CompanyRegistry.load()), AlertsConfig()),
        owner="t",
        now=lambda: START,
    )
    try:
        async with asyncio.timeout(20):  # every poll is bounded by the fetcher's 2.5 s
            results = await asyncio.gather(*(poller.poll(d.name) for d in defs))
    finally:
        await fetcher.aclose()
    status = {r.name: r for r in results if r is not None}
    assert status["good"].status == "new" and status["good"].items == 1, status["good"]
    for name in nasty:
        assert status[name].status == "error", name
        assert status[name].error and "\n" not in status[name].error and len(status[name].error) < 300
        row = await store.sources.by_name(name)
        assert row is not None and row.last_error == status[name].error and row.failures == 1
    assert feeds.streamed < 50_000_000  # the 10 GB body was abandoned after the 1 MB cap, not read
    assert feeds.hits["/loop"] > 1  # the redirect loop was followed a few hops, then given up


# ---- Slack and Discord failing ------------------------------------------------------------------


class StallingSlack(FakeSlack):
    """chat.postMessage that never answers (`record`: the message lands, only the answer is lost)."""

    def __init__(self) -> None:
        super().__init__()
        self.stall: str | None = None  # None | "before" | "after" recording the message
        self.release = asyncio.Event()

    async def _chat_postMessage(self, token: str, params: dict) -> dict:  # type: ignore[override]
        stall, self.stall = self.stall, None
        if stall == "before":
            await asyncio.wait_for(self.release.wait(), 30)
        answer = await super()._chat_postMessage(token, params)
        if stall == "after":
            await asyncio.wait_for(self.release.wait(), 30)
        return answer


@pytest.fixture
async def slack() -> AsyncIterator[StallingSlack]:
    server = StallingSlack()
    await server.start()
    yield server
    server.release.set()
    await server.stop()


@pytest.mark.parametrize("fault", ["500", "429 for two minutes", "no answer", "answer lost"])
async def test_slack_failing_keeps_the_row_and_retries_nothing_lost_nothing_doubled(
    store: Store, slack: StallingSlack, fault: str
) -> None:
    adapter = SlackAdapter(
        dispatch=RecordingDispatch(),
        commands=COMMANDS,
        bot_token="xoxb-test",
        signing_secret=SECRET,
        api_url=slack.api_url,
    )
    clock = Clock(START)
    cid = await subscribed(store, ChannelRef(platform="slack", workspace="T1", channel="C1"))
    await queue(store, cid, 3)
    deliverer = Deliverer(store, {"slack": adapter}, owner="t", now=clock, call_timeout=1.0)
    if fault == "500":
        slack.fail("chat.postMessage", status=500)
    elif fault == "429 for two minutes":
        slack.fail("chat.postMessage", status=429, retry_after=120)
    else:
        slack.stall = "before" if fault == "no answer" else "after"
    async with asyncio.timeout(20):
        await adapter.start()
        try:
            await deliverer.drain()
            assert await store.outbox.depth() == 1  # the failed row waits; the other two went
            clock.at += timedelta(seconds=61)
            await deliverer.drain()
            if fault == "429 for two minutes":
                assert await store.outbox.depth() == 1  # Retry-After is honoured
            clock.at += timedelta(hours=1)
            await deliverer.drain()
        finally:
            await adapter.stop()
    assert await store.outbox.depth() == 0
    keys = Counter(m["metadata"]["event_payload"]["key"] for m in slack.posted["C1"])
    assert len(keys) == 3 and max(keys.values()) == 1, keys


class StallingDiscord(FakeDiscord):
    """A message POST whose message lands but whose answer never comes back (when `stall` is set)."""

    def __init__(self) -> None:
        super().__init__()
        self.stall = False
        self.release = asyncio.Event()

    async def _create_message(self, request: web.Request) -> web.Response:
        stall, self.stall = self.stall, False
        answer = await super()._create_message(request)
        if stall:
            await asyncio.wait_for(self.release.wait(), 30)
        return answer


@pytest.fixture
async def discord() -> AsyncIterator[StallingDiscord]:
    fake = StallingDiscord()
    await fake.start()
    previous = endpoints.configure(fake.api_url, fake.gateway_url)
    yield fake
    endpoints.restore(previous)
    fake.release.set()
    await fake.stop()


@pytest.mark.parametrize("fault", ["503", "429 for ten minutes", "500 then ok", "no answer"])
async def test_discord_failing_keeps_the_row_and_retries_nothing_lost_nothing_doubled(
    store: Store, discord: StallingDiscord, fault: str
) -> None:
    clock = Clock(START)
    channel = ChannelRef(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))
    cid = await subscribed(store, channel)
    await queue(store, cid, 3)
    path = rf"/channels/{CHANNEL_ID}/messages$"
    if fault == "503":
        discord.fail_next("POST", path, 503, {"message": "unavailable", "code": 0})
    elif fault == "429 for ten minutes":
        discord.rate_limit_next("POST", path, retry_after=600)
    elif fault == "500 then ok":
        discord.fail_next("POST", path, 500, {"message": "oops", "code": 0})  # discord.py retries it
    else:
        discord.stall = True
    async with asyncio.timeout(30), running_adapter(discord) as adapter:
        deliverer = Deliverer(store, {"discord": adapter}, owner="t", now=clock, call_timeout=2.0)
        await deliverer.drain()
        clock.at += timedelta(hours=1)
        await deliverer.drain()
    assert await store.outbox.depth() == 0
    posted = [m for m in discord.messages.values() if m["channel_id"] == str(CHANNEL_ID)]
    assert len(posted) == 3 and len({m["nonce"] for m in posted}) == 3


# ---- the database dropping its connections -------------------------------------------------------


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    url = request.getfixturevalue("pg_database")  # session-wide, created outside any event loop
    _truncate_pg(url)
    return url


@pytest.mark.postgres
async def test_database_connections_killed_mid_run_lose_and_double_nothing(pg_url: str) -> None:
    url = pg_url
    dbs = [Database(url) for _ in range(3)]
    stores = [Store(db) for db in dbs]
    platform = RecordingAdapter()
    clock = Clock(START)
    cids = [
        await subscribed(stores[0], ChannelRef(platform="console", workspace="w", channel=f"C{i}"))
        for i in range(10)
    ]
    for cid in cids:
        await queue(stores[0], cid, 10)
    workers = [
        Deliverer(s, {"console": platform}, owner=f"i{n}", now=clock, max_per_hour=1000)
        for n, s in enumerate(stores)
    ]
    killed = 0

    async def kill_backends() -> None:
        nonlocal killed
        conn = await asyncpg.connect(url)
        try:
            for _ in range(5):
                await asyncio.sleep(0.05)
                killed += len(
                    await conn.fetch(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
        finally:
            await conn.close()

    async def keep_delivering(d: Deliverer) -> None:
        # What the scheduler's outbox loop does: a failed tick is logged and the next one tries again.
        for _ in range(400):
            try:
                if not await d.run_once(limit=5):
                    return
            except Exception:  # noqa: BLE001 - the connection was killed under this tick
                await asyncio.sleep(0.01)

    async with asyncio.timeout(60):
        await asyncio.gather(kill_backends(), *(keep_delivering(d) for d in workers))
        clock.at += timedelta(hours=2)  # rows whose tick died keep their lease until it expires
        for d in workers:
            await keep_delivering(d)
    assert killed > 0
    per_key = Counter(p.key for p in platform.posted)
    assert len(per_key) == 100 and max(per_key.values()) == 1
    assert await stores[0].outbox.depth() == 0
    for db in dbs:
        await db.dispose()


async def test_a_row_posted_before_a_crash_is_marked_sent_even_when_the_budget_is_now_full(
    store: Store,
) -> None:
    """The platform has the message, so it counts as sent: not held back into the digest as well."""
    platform = RecordingAdapter()
    clock = Clock(START)
    cid = await subscribed(store, ChannelRef(platform="console", workspace="w", channel="C1"))
    [first] = await queue(store, cid, 1)
    [row] = await store.outbox.claim("dead", clock(), lease=60)  # posted, then SIGKILL
    await platform.post_alert(row.channel, alert_of(row), thread=None, key=f"alert:{row.id}")
    await queue(store, cid, 6)
    survivor = Deliverer(store, {"console": platform}, owner="alive", now=clock, max_per_hour=6)
    async with asyncio.timeout(20):
        await survivor.drain()  # the six fill the hour's budget
        clock.at += timedelta(seconds=61)
        await survivor.drain()  # the dead instance's row comes back
    assert len(platform.posted) == 7 and len({p.key for p in platform.posted}) == 7
    assert await store.outbox.held_since(cid, START) == []
    assert await store.outbox.root_message(cid, row.event_id or 0) == ("sent", platform.posted[0].message_id)
    assert first == row.id


def alert_of(row):  # type: ignore[no-untyped-def]
    from bot.chat.messages import AlertMessage

    return AlertMessage.model_validate({**row.payload, "alert_id": row.id})
