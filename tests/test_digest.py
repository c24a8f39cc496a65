"""Daily digests at each channel's local time, across DST, once per local date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.domain.models import ChannelRef, Classification, KindFilter
from bot.jobs.digest import DigestService
from bot.store.schema import deliveries
from bot.store.stories import NewStory
from tests.clock import Clock


async def digest_rows(store) -> list[tuple[str, str]]:
    async with store.db.engine.connect() as conn:
        rows = await conn.execute(
            sa.select(deliveries.c.dedupe_key, deliveries.c.created_at, deliveries.c.status).where(
                deliveries.c.kind == "digest"
            )
        )
        return [(r.dedupe_key.rsplit(":", 1)[1], f"{r.created_at:%Y-%m-%d %H:%M}", r.status) for r in rows]


async def test_digests_follow_local_time_across_dst_once_per_date(store) -> None:
    clock = Clock(datetime(2026, 3, 27, 0, 0, tzinfo=UTC))
    berlin = await store.channels.ensure(
        ChannelRef(platform="slack", workspace="T", channel="berlin"), clock()
    )
    york = await store.channels.ensure(ChannelRef(platform="slack", workspace="T", channel="york"), clock())
    for ch in (berlin, york):
        await store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, clock())
    await store.channels.set_digest(berlin.id, enabled=True, at="09:00", tz="Europe/Berlin")
    await store.channels.set_digest(york.id, enabled=True, at="09:00", tz="America/New_York")
    service = DigestService(store, clock, grace=timedelta(hours=6), send_empty=True)
    # Walk the clock in 10-minute steps over four days that include Europe's DST change (29 March).
    while clock.at < datetime(2026, 3, 31, 0, 0, tzinfo=UTC):
        await service.queue_due()
        clock.at += timedelta(minutes=10)
    rows = await digest_rows(store)
    by_channel = sorted(rows)
    assert by_channel == sorted(
        [
            ("2026-03-27", "2026-03-27 08:00", "pending"),  # Berlin, CET (UTC+1)
            ("2026-03-28", "2026-03-28 08:00", "pending"),
            ("2026-03-29", "2026-03-29 07:00", "pending"),  # CEST (UTC+2) from 29 March
            ("2026-03-30", "2026-03-30 07:00", "pending"),
            ("2026-03-27", "2026-03-27 13:00", "pending"),  # New York, already EDT (UTC-4)
            ("2026-03-28", "2026-03-28 13:00", "pending"),
            ("2026-03-29", "2026-03-29 13:00", "pending"),
            ("2026-03-30", "2026-03-30 13:00", "pending"),
        ]
    )


async def test_a_restart_never_sends_a_second_digest_and_empty_days_are_skipped(store) -> None:
    clock = Clock(datetime(2026, 6, 1, 9, 5, tzinfo=UTC))
    ch = await store.channels.ensure(ChannelRef(platform="slack", workspace="T", channel="c"), clock())
    await store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, clock())
    first = DigestService(store, clock)
    assert await first.queue_due() == 1  # nothing new: recorded as skipped, not sent
    assert [r[2] for r in await digest_rows(store)] == ["skipped"]
    story = NewStory(
        "k",
        None,
        "Wire",
        "https://n.example/k",
        "AWS VP leaves Amazon",
        "",
        clock.at,
        clock.at,
        Classification(talent=True, companies=("Amazon",), confidence=0.9),
    )
    ids = await store.stories.insert_new([story])
    await store.stories.create_event(ids["k"], story, {})
    clock.at = datetime(2026, 6, 2, 9, 1, tzinfo=UTC)
    restarted = DigestService(store, clock)
    assert await restarted.queue_due() == 1
    assert await restarted.queue_due() == 0
    assert await DigestService(store, clock).queue_due() == 0
    statuses = [r[2] for r in await digest_rows(store)]
    assert statuses == ["skipped", "pending"]


async def test_a_digest_missed_while_down_is_sent_within_the_grace_window_only(store) -> None:
    clock = Clock(datetime(2026, 6, 1, 14, 0, tzinfo=UTC))  # five hours late
    ch = await store.channels.ensure(ChannelRef(platform="slack", workspace="T", channel="c"), clock())
    await store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, clock())
    assert await DigestService(store, clock, grace=timedelta(hours=6), send_empty=True).queue_due() == 1
    clock.at = datetime(2026, 6, 2, 16, 0, tzinfo=UTC)  # seven hours late: that day is skipped
    assert await DigestService(store, clock, grace=timedelta(hours=6), send_empty=True).queue_due() == 0
