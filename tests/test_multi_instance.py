"""Several instances on one PostgreSQL share the work, and every race is a no-op.

Each "instance" here has its own engine (its own connection pool), as separate processes would;
they run concurrently under asyncio.gather against the real PostgreSQL of the machine.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.classify.classifier import Classifier
from bot.config import AlertsConfig
from bot.domain.companies import CompanyRegistry
from bot.domain.models import ChannelRef, Classification, KindFilter
from bot.errors import ConfigError
from bot.jobs.digest import DigestService
from bot.jobs.poll import JITTER, Poller
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
from tests.fakes.feeds import FeedServer, Item, talent_headline
from tests.recording_adapter import RecordingAdapter

pytestmark = pytest.mark.postgres

START = datetime.now(UTC).replace(microsecond=0)
TALENT = Classification(talent=True, companies=("Amazon",), confidence=0.9, why="left Amazon")
REGISTRY = CompanyRegistry.load()


class SharedPlatform(RecordingAdapter):
    """One chat platform every instance posts to; a post yields so that instances interleave."""

    async def post_alert(self, channel, alert, *, thread, key):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.001)
        return await super().post_alert(channel, alert, thread=thread, key=key)

    async def post_digest(self, channel, digest, *, key):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.001)
        return await super().post_digest(channel, digest, key=key)


@dataclass
class Instance:
    name: str
    db: Database
    store: Store


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    url = request.getfixturevalue("pg_database")
    _truncate_pg(url)
    return url


@pytest.fixture
async def instances(pg_url: str) -> AsyncIterator[list[Instance]]:
    made = []
    for i in range(3):
        db = Database(pg_url)
        made.append(Instance(f"instance-{i}", db, Store(db)))
    yield made
    for inst in made:
        await inst.db.dispose()


async def channels(store: Store, n: int, company: str = "Amazon") -> list[int]:
    ids = []
    for i in range(n):
        ch = await store.channels.ensure(
            ChannelRef(platform="console", workspace="w", channel=f"C{i}"), START
        )
        await store.channels.subscribe(ch.id, company, KindFilter.ALL, START)
        ids.append(ch.id)
    return ids


async def queue_alerts(store: Store, channel_ids: list[int], per_channel: int) -> list[str]:
    """`per_channel` alerts (each its own event) for every channel; returns the dedupe keys."""
    keys = []
    for n in range(per_channel):
        key = f"story-{n}"
        s = NewStory(key, None, "Wire", f"https://n.example/{key}", f"Story {n}", "", START, START, TALENT)
        story_id = (await store.stories.insert_new([s]))[key]
        event_id = await store.stories.create_event(story_id, s, {})
        msg = alert_message(s, event_id, followup=False).model_dump(mode="json")
        items = [
            NewDelivery(f"alert:{c}:{event_id}", "alert", c, msg, event_id, story_id) for c in channel_ids
        ]
        keys += [i.dedupe_key for i in items]
        await store.outbox.enqueue(items, START)
    return keys


def deliverer(inst: Instance, platform: RecordingAdapter, clock: Clock) -> Deliverer:
    return Deliverer(inst.store, {"console": platform}, owner=inst.name, now=clock, max_per_hour=10_000)


async def test_three_deliverers_send_every_outbox_row_exactly_once(instances: list[Instance]) -> None:
    store = instances[0].store
    keys = await queue_alerts(store, await channels(store, 20), per_channel=15)
    platform = SharedPlatform()
    clock = Clock(START)
    workers = [deliverer(inst, platform, clock) for inst in instances]

    async def drain(d: Deliverer) -> int:
        total = 0
        while handled := await d.run_once(limit=10):
            total += handled
        return total

    async with asyncio.timeout(60):
        handled = await asyncio.gather(*(drain(d) for d in workers))
    posted = Counter((p.channel.channel, p.alert.event_id) for p in platform.posted if p.alert)
    assert len(platform.posted) == len(keys) == 300
    assert max(posted.values()) == 1  # no (channel, event) twice
    assert sum(handled) == 300
    assert sum(1 for n in handled if n) >= 2  # the work really was shared
    assert await store.outbox.depth() == 0


async def test_a_killed_instances_leased_rows_are_delivered_once_its_lease_expires(
    instances: list[Instance],
) -> None:
    dead, alive, _ = instances
    store = alive.store
    keys = await queue_alerts(store, await channels(store, 4), per_channel=5)
    clock = Clock(START)
    # The dead instance claimed a batch, posted part of it, then was SIGKILLed before recording.
    claimed = await dead.store.outbox.claim(dead.name, clock(), limit=12, lease=60)
    platform = SharedPlatform()
    for row in claimed[:5]:
        await platform.post_alert(row.channel, _alert(row), thread=None, key=f"{row.kind}:{row.id}")
    survivor = deliverer(alive, platform, clock)
    async with asyncio.timeout(30):
        assert await survivor.drain() == len(keys) - 12  # the leased rows are left alone…
        clock.at += timedelta(seconds=61)
        assert await survivor.drain() == 12  # …until the lease expires
    per_key = Counter(p.key for p in platform.posted)
    assert len(per_key) == len(keys) and max(per_key.values()) == 1
    assert await store.outbox.depth() == 0


async def test_three_pollers_poll_each_due_source_once_and_alert_each_event_once(
    instances: list[Instance],
) -> None:
    feeds = await FeedServer().start()
    fetchers: list[Fetcher] = []
    try:
        store = instances[0].store
        names = [f"feed{i}" for i in range(12)]
        defs = [SourceDef(n, "rss", feeds.feed_url(n), 60) for n in names]
        await store.sources.sync(defs, START)
        channel_ids = await channels(store, 6, "Amazon")
        clock = Clock(START)
        pollers, workers = [], []
        platform = SharedPlatform()
        for inst in instances:
            fetcher = Fetcher(user_agent="t", timeout=5, per_host=20)
            fetchers.append(fetcher)
            ingest = Ingest(inst.store, Classifier(REGISTRY), AlertsConfig())
            pollers.append(Poller(inst.store, fetcher, ingest, owner=inst.name, now=clock))
            workers.append(deliverer(inst, platform, clock))

        async def everyone_polls() -> None:
            await asyncio.gather(*(p.poll(n) for p in pollers for n in names))

        async with asyncio.timeout(60):
            await everyone_polls()  # the first poll of each source: primes silently
            assert feeds.hits == {f"/feed/{n}": 1 for n in names}
            await everyone_polls()  # nothing is due yet: nobody fetches
            assert sum(feeds.hits.values()) == len(names)
            # Amazon hires: 24 distinct events, every one carried by two feeds (same link).
            for i in range(24):
                title, _ = talent_headline(i * 5)  # every 5th headline is an Amazon one
                item = Item(title, f"https://news.example/{i}", START - timedelta(minutes=1))
                feeds.feeds[names[i % 12]] = [*feeds.feeds.get(names[i % 12], []), item]
                feeds.feeds[names[(i + 5) % 12]] = [*feeds.feeds.get(names[(i + 5) % 12], []), item]
            clock.at += timedelta(seconds=60 * (1 + JITTER) + 1)  # every source is due again
            await everyone_polls()
            assert feeds.hits == {f"/feed/{n}": 2 for n in names}
            await asyncio.gather(*(w.drain() for w in workers))
        posted = Counter((p.channel.channel, p.alert.headline) for p in platform.posted if p.alert)
        assert len(posted) == 24 * len(channel_ids)
        assert max(posted.values()) == 1
        assert all(p.thread is None for p in platform.posted)
    finally:
        for f in fetchers:
            await f.aclose()
        await feeds.stop()


async def test_a_killed_pollers_source_is_polled_by_another_once_its_lease_expires(
    instances: list[Instance],
) -> None:
    dead, alive, _ = instances
    await alive.store.sources.sync([SourceDef("wire", "rss", "http://127.0.0.1:9/none", 60)], START)
    clock = Clock(START)
    assert await dead.store.sources.claim("wire", dead.name, clock(), lease=300) is not None
    assert await alive.store.sources.claim("wire", alive.name, clock(), lease=300) is None
    clock.at += timedelta(seconds=301)
    taken = await alive.store.sources.claim("wire", alive.name, clock(), lease=300)
    assert taken is not None and taken.name == "wire"


async def test_three_instances_queue_and_send_each_days_digest_once(instances: list[Instance]) -> None:
    store = instances[0].store
    channel_ids = await channels(store, 30)
    at = datetime.combine(START.date(), datetime.min.time(), tzinfo=UTC) + timedelta(hours=9, minutes=1)
    clock = Clock(at)
    services = [DigestService(i.store, clock, send_empty=True) for i in instances]
    platform = SharedPlatform()
    async with asyncio.timeout(60):
        queued = await asyncio.gather(*(s.queue_due() for s in services))
        again = await asyncio.gather(*(s.queue_due() for s in services))
        await asyncio.gather(*(deliverer(i, platform, clock).drain() for i in instances))
    assert sum(queued) == len(channel_ids) and sum(again) == 0
    per_channel = Counter(p.channel.channel for p in platform.posted if p.kind == "digest")
    assert len(per_channel) == len(channel_ids) and max(per_channel.values()) == 1


async def test_a_second_instance_on_the_same_sqlite_file_refuses_to_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    first, second = Database(url), Database(url)
    try:
        first.claim_single_instance()
        with pytest.raises(ConfigError, match="in use by another talentbot instance.*PostgreSQL"):
            second.claim_single_instance()
        await first.dispose()  # the first one stops: now the file is free
        second.claim_single_instance()
    finally:
        await first.dispose()
        await second.dispose()


def _alert(row):  # type: ignore[no-untyped-def]
    from bot.chat.messages import AlertMessage

    return AlertMessage.model_validate({**row.payload, "alert_id": row.id})


async def test_two_outlets_reporting_one_event_at_once_make_one_alert(instances: list[Instance]) -> None:
    """Two instances ingest two wordings of one event at the same moment: one event, one alert."""
    feeds = await FeedServer().start()
    fetchers: list[Fetcher] = []
    try:
        store = instances[0].store
        names = [f"outlet{i}" for i in range(len(instances))]
        await store.sources.sync([SourceDef(n, "rss", feeds.feed_url(n), 60) for n in names], START)
        channel_ids = await channels(store, 3, "Amazon")
        clock = Clock(START)
        pollers = []
        for inst in instances:
            fetcher = Fetcher(user_agent="t", timeout=5)
            fetchers.append(fetcher)
            ingest = Ingest(inst.store, Classifier(REGISTRY), AlertsConfig())
            pollers.append(Poller(inst.store, fetcher, ingest, owner=inst.name, now=clock))
        async with asyncio.timeout(30):
            await asyncio.gather(*(p.poll(n) for p, n in zip(pollers, names, strict=True)))  # prime
            wordings = [
                "Amazon hires OpenAI researcher Kira Pelstein to lead its AI lab",
                "OpenAI's Kira Pelstein leaves for Amazon to run AI lab",
                "Kira Pelstein joins Amazon from OpenAI to run its AI lab",
            ]
            for n, title in zip(names, wordings, strict=True):
                feeds.feeds[n] = [Item(title, f"https://{n}.example/pelstein", START - timedelta(minutes=1))]
            clock.at += timedelta(seconds=60 * (1 + JITTER) + 1)  # every source is due again
            await asyncio.gather(*(p.poll(n) for p, n in zip(pollers, names, strict=True)))
            platform = SharedPlatform()
            await deliverer(instances[0], platform, clock).drain()
        top = Counter(p.channel.channel for p in platform.posted if p.thread is None)
        assert top == {f"C{i}": 1 for i in range(len(channel_ids))}
        assert all(p.alert is not None and p.alert.followup for p in platform.posted if p.thread is not None)
    finally:
        for f in fetchers:
            await f.aclose()
        await feeds.stop()


class SlowPlatform(SharedPlatform):
    """Every post takes 25 s (of the test's clock); during the third, another instance ticks."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.meanwhile = None

    async def post_alert(self, channel, alert, *, thread, key):  # type: ignore[no-untyped-def]
        self.clock.at += timedelta(seconds=25)
        if len(self.posted) == 2 and self.meanwhile is not None:
            run, self.meanwhile = self.meanwhile, None
            await run()
        return await super().post_alert(channel, alert, thread=thread, key=key)


async def test_an_instance_whose_lease_ran_out_does_not_post_what_another_took_over(
    instances: list[Instance],
) -> None:
    """A slow batch outlives the lease of its later rows; another instance takes those over."""
    slow, other, _ = instances
    keys = await queue_alerts(slow.store, await channels(slow.store, 1), per_channel=6)
    clock = Clock(START)
    taken_over: list[int] = []
    platform = SlowPlatform(clock)
    platform.meanwhile = lambda: _record(taken_over, deliverer(other, platform, clock).run_once())
    async with asyncio.timeout(30):
        await deliverer(slow, platform, clock).run_once()
    per_key = Counter(p.key for p in platform.posted)
    assert len(per_key) == len(keys) and max(per_key.values()) == 1, per_key
    assert taken_over == [len(keys) - 3]  # the rows whose lease had run out; not the one in flight


async def _record(into: list[int], work) -> None:  # type: ignore[no-untyped-def]
    into.append(await work)


async def test_instances_claiming_due_sources_at_once_get_disjoint_batches(instances: list[Instance]) -> None:
    defs = [SourceDef(f"s{i:03d}", "rss", f"http://127.0.0.1:9/{i}", 60) for i in range(100)]
    await instances[0].store.sources.sync(defs, START)

    async def claim_all(inst: Instance) -> list[str]:
        got: list[str] = []
        while batch := await inst.store.sources.claim_due(inst.name, START, limit=7, lease=300):
            got += [s.name for s in batch]
        return got

    async with asyncio.timeout(30):
        claimed = await asyncio.gather(*(claim_all(i) for i in instances))
    every = [name for names in claimed for name in names]
    assert sorted(every) == sorted(d.name for d in defs)  # each due source exactly once
    later = START + timedelta(seconds=301)  # nobody recorded a poll: the leases expire
    assert len(await instances[1].store.sources.claim_due("x", later, limit=500, lease=300)) == 100


def test_three_instances_starting_at_once_on_an_empty_database_all_migrate(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Replicas start together: their migrations must not trip over each other."""
    import os
    import sys
    import uuid

    import asyncpg

    from tests.conftest import PG_URL

    request.getfixturevalue("pg_database")  # skips (or fails in CI) without a server
    name = f"talentbot_migrate_{uuid.uuid4().hex[:8]}"
    url = f"{PG_URL.rpartition('/')[0]}/{name}"
    talentbot = str(Path(sys.executable).with_name("talentbot"))
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "TALENTBOT_DATABASE_URL": url}

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(PG_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    async def upgrade_three() -> list[tuple[int | None, bytes]]:
        procs = [
            await asyncio.create_subprocess_exec(
                talentbot, "db", "upgrade", env=env, cwd=tmp_path, stderr=asyncio.subprocess.PIPE
            )
            for _ in range(3)
        ]
        try:
            async with asyncio.timeout(60):
                errors = await asyncio.gather(*(p.communicate() for p in procs))
        finally:
            for p in procs:
                if p.returncode is None:
                    p.kill()
                    await p.wait()
        return [(p.returncode, err) for p, (_, err) in zip(procs, errors, strict=True)]

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        outcomes = asyncio.run(upgrade_three())
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    assert [code for code, _ in outcomes] == [0, 0, 0], [err.decode()[-500:] for _, err in outcomes]


async def test_only_the_configured_instance_holds_the_slack_socket_but_all_deliver(pg_url: str) -> None:
    """TALENTBOT_CONNECTIONS: one instance opens Socket Mode, the other none; both post alerts."""
    import io
    import socket

    from bot.app import App, Options
    from bot.chat.console import ConsoleAdapter
    from bot.config import Config
    from bot.settings import Settings
    from tests.fakes.slack_api import FakeSlack
    from tests.test_faults import queue, subscribed

    slack = await FakeSlack().start()
    apps: list[App] = []
    try:
        db = Database(pg_url)
        cid = await subscribed(Store(db), ChannelRef(platform="slack", workspace="T1", channel="C1"))
        await queue(Store(db), cid, 6)
        await db.dispose()
        for name, connections in (("holder", "slack"), ("worker", "none")):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None,
                TALENTBOT_DATABASE_URL=pg_url,
                TALENTBOT_HTTP_PORT=port,
                TALENTBOT_INSTANCE=name,
                TALENTBOT_CONNECTIONS=connections,
                SLACK_BOT_TOKEN="xoxb-test",
                SLACK_APP_TOKEN="xapp-test",
                SLACK_API_URL=slack.api_url,
            )
            apps.append(
                App(
                    settings,
                    Config(),
                    options=Options(dynamic_sources=False),
                    console=ConsoleAdapter(io.StringIO()),
                )
            )
        async with asyncio.timeout(30):
            for a in apps:  # one by one: Alembic's context is process-global (replicas are processes)
                await a.start()
            await slack.wait_for(lambda: len(slack.posted.get("C1", [])) == 6, within=20)
        assert slack.socket_connections == 1  # only the holder connected
        assert all(a.adapters["slack"].healthy for a in apps)
        senders = {c.token for c in slack.called("chat.postMessage")}
        assert senders == {"xoxb-test"}
    finally:
        async with asyncio.timeout(30):
            for a in apps:
                await a.stop()
        await slack.stop()
    keys = Counter(m["metadata"]["event_payload"]["key"] for m in slack.posted["C1"])
    assert len(keys) == 6 and max(keys.values()) == 1
