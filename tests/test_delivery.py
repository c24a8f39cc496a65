"""The outbox delivers each alert once: threads, retries, budget, lost channels, crashes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.models import ChannelRef, Classification, KindFilter
from bot.errors import DeliveryError
from bot.pipeline.deliver import BUDGET_NOTE, Deliverer
from bot.pipeline.ingest import alert_message
from bot.store.outbox import NewDelivery
from bot.store.stories import NewStory
from tests.clock import Clock
from tests.recording_adapter import RecordingAdapter, SimulatedCrash, rate_limited

START = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)
SERIAL = itertools.count()
TALENT = Classification(talent=True, companies=("Amazon",), confidence=0.9, why="left Amazon")


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


async def channel(store, name: str = "C1") -> int:
    ch = await store.channels.ensure(ChannelRef(platform="console", workspace="w", channel=name), START)
    await store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, START)
    return ch.id


async def queue(
    store, channel_id: int, n: int, *, kind: str = "alert", event_id: int | None = None
) -> list[int]:
    ids = []
    for i in range(n):
        key = f"{channel_id}-{kind}-{next(SERIAL)}"
        s = NewStory(key, None, "Wire", f"https://n.example/{key}", f"Story {i}", "", START, START, TALENT)
        story_id = (await store.stories.insert_new([s]))[key]
        ev = event_id or await store.stories.create_event(story_id, s, {})
        msg = alert_message(s, ev, followup=kind == "followup")
        item = NewDelivery(
            f"{kind}:{channel_id}:{key}", kind, channel_id, msg.model_dump(mode="json"), ev, story_id
        )
        ids += await store.outbox.enqueue([item], START)
    return ids


def deliverer(store, adapter, clock, **kw) -> Deliverer:
    return Deliverer(store, {"console": adapter}, owner="test", now=clock, **kw)


async def test_alert_is_posted_with_its_url_and_follow_ups_thread_under_it(store, clock) -> None:
    adapter = RecordingAdapter()
    cid = await channel(store)
    await queue(store, cid, 1)
    await deliverer(store, adapter, clock).drain()
    root = adapter.posted[0]
    assert (
        root.alert is not None and root.alert.url == "https://n.example/" + root.alert.url.rsplit("/", 1)[1]
    )
    assert root.thread is None
    await queue(store, cid, 2, kind="followup", event_id=root.alert.event_id)
    await deliverer(store, adapter, clock).drain()
    assert [p.thread for p in adapter.posted[1:]] == [root.message_id, root.message_id]
    assert all(p.alert.followup for p in adapter.posted[1:])


async def test_a_crash_mid_send_and_a_restart_deliver_exactly_once(store, clock) -> None:
    adapter = RecordingAdapter(crash_after_post=True)
    cid = await channel(store)
    await queue(store, cid, 3)
    with pytest.raises(SimulatedCrash):
        await deliverer(store, adapter, clock).drain()
    assert len(adapter.posted) == 1  # posted, but the process died before recording it
    clock.at += timedelta(minutes=2)  # the dead instance's lease expires
    await deliverer(store, adapter, clock).drain()
    keys = [p.key for p in adapter.posted]
    assert len(keys) == 3 and len(set(keys)) == 3
    assert await store.outbox.depth() == 0


async def test_rate_limits_and_an_hour_long_outage_lose_nothing(store, clock) -> None:
    adapter = RecordingAdapter()
    cid = await channel(store)
    await queue(store, cid, 2)
    d = deliverer(store, adapter, clock)
    adapter.failures = [rate_limited(30)]
    await d.drain()
    assert len(adapter.posted) == 1 and await store.outbox.depth() == 1  # the 429 waits, the other goes
    outage_ends = START + timedelta(hours=1)
    while clock.at < START + timedelta(hours=3) and len(adapter.posted) < 2:
        # The platform is down for an hour: every post in that time fails with a 503.
        adapter.failures = [DeliveryError("HTTP 503")] * 5 if clock.at < outage_ends else []
        await d.drain()
        clock.at += timedelta(minutes=1)
    assert len(adapter.posted) == 2
    assert clock.at > outage_ends
    assert len({p.key for p in adapter.posted}) == 2


async def test_a_lost_channel_is_paused_not_retried(store, clock) -> None:
    adapter = RecordingAdapter(failures=[DeliveryError("channel_not_found", channel_gone=True)])
    cid = await channel(store)
    await queue(store, cid, 3)
    await deliverer(store, adapter, clock).drain()
    assert adapter.posted == []
    assert await store.outbox.depth() == 0
    assert await store.channels.subscribers(["Amazon"]) == []
    assert (await store.channels.get(cid)).paused


async def test_the_noise_budget_holds_the_overflow_for_the_digest(store, clock) -> None:
    adapter = RecordingAdapter()
    cid = await channel(store)
    await queue(store, cid, 8)
    await deliverer(store, adapter, clock, max_per_hour=6).drain()
    assert len(adapter.posted) == 6
    assert [p.alert.note for p in adapter.posted].count(BUDGET_NOTE) == 1
    assert adapter.posted[-1].alert.note == BUDGET_NOTE
    clock.at += timedelta(hours=1, minutes=1)
    await queue(store, cid, 1, event_id=None)
    await deliverer(store, adapter, clock, max_per_hour=6).drain()
    assert len(adapter.posted) == 7  # a new hour, a new budget
