"""The store's contract, run on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

import bot.chat.slack.installations  # noqa: F401  - its tables live on the same metadata, as in migrations
from bot.domain.models import ChannelRef, Classification, KindFilter
from bot.pipeline.match import matching_channels, wanted_kinds
from bot.store.channels import Subscriber
from bot.store.db import alembic_config, upgrade_sync
from bot.store.outbox import NewDelivery
from bot.store.schema import metadata
from bot.store.sources import SourceDef
from bot.store.stories import NewStory

NOW = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)
TALENT = Classification(
    talent=True, companies=("Amazon",), people=("Vasi Philomin",), confidence=0.9, why="left Amazon"
)


def story(key: str, title: str = "AWS VP leaves Amazon", c: Classification = TALENT) -> NewStory:
    return NewStory(
        key=key,
        source_id=None,
        source="Wire",
        url=f"https://news.example/{key}",
        title=title,
        summary="",
        published=NOW - timedelta(hours=1),
        seen_at=NOW,
        classification=c,
    )


async def test_storing_the_same_story_twice_is_a_no_op(store) -> None:
    first = await store.stories.insert_new([story("a"), story("b")])
    again = await store.stories.insert_new([story("a"), story("b"), story("c")])
    assert set(first) == {"a", "b"}
    assert set(again) == {"c"}
    assert await store.stories.count() == 3
    assert await store.stories.known_keys(["a", "c", "zzz"]) == {"a", "c"}


async def test_events_group_stories_and_answer_history(store) -> None:
    ids = await store.stories.insert_new([story("a"), story("b", "Amazon loses its generative AI VP")])
    event_id = await store.stories.create_event(ids["a"], story("a"), {"tokens": []})
    await store.stories.attach(ids["b"], event_id, NOW)
    lines = await store.stories.recent_events(kind="talent", since=NOW - timedelta(days=30), company="Amazon")
    assert [(e.event_id, e.outlets, e.companies) for e in lines] == [(event_id, 2, ("Amazon",))]
    assert await store.stories.recent_events(kind="investment", since=NOW - timedelta(days=30)) == []
    assert (
        await store.stories.recent_events(kind="talent", since=NOW - timedelta(days=30), company="Meta") == []
    )
    event = await store.stories.get_event(event_id)
    assert event is not None and event.first_seen == NOW and event.classification.people == ("Vasi Philomin",)


async def test_subscriptions_are_idempotent_and_listable(store) -> None:
    ref = ChannelRef(platform="slack", workspace="T1", channel="C1")
    channel = await store.channels.ensure(ref, NOW)
    assert (await store.channels.ensure(ref, NOW)).id == channel.id
    assert await store.channels.subscribe(channel.id, "Amazon", KindFilter.ALL, NOW) is True
    assert await store.channels.subscribe(channel.id, "Amazon", KindFilter.ALL, NOW) is False
    assert await store.channels.subscribe(channel.id, "Amazon", KindFilter.TALENT, NOW) is True
    await store.channels.subscribe(channel.id, "Meta", KindFilter.INVESTMENT, NOW)
    subs = await store.channels.subscribers(["Amazon", "OpenAI"])
    assert [(s.company, s.kinds) for s in subs] == [("Amazon", KindFilter.TALENT)]
    assert subs[0].kinds is KindFilter.TALENT  # the enum member, not just an equal string
    await store.channels.pause(channel.id, "channel_not_found", NOW)
    assert await store.channels.subscribers(["Amazon"]) == []
    assert await store.channels.unsubscribe(channel.id, None) == 2


async def test_subscribers_of_an_event_across_channels(store) -> None:
    ids = []
    for name in ("C1", "C2", "C3"):
        ids.append(
            (await store.channels.ensure(ChannelRef(platform="slack", workspace="T1", channel=name), NOW)).id
        )
    c1, c2, c3 = ids
    await store.channels.subscribe(c1, "Amazon", KindFilter.ALL, NOW)
    await store.channels.subscribe(c1, "OpenAI", KindFilter.TALENT, NOW)
    await store.channels.subscribe(c2, "OpenAI", KindFilter.INVESTMENT, NOW)
    await store.channels.subscribe(c3, "Amazon", KindFilter.ALL, NOW)
    await store.channels.subscribe(c3, "Meta", KindFilter.ALL, NOW)
    await store.channels.pause(c3, "channel_not_found", NOW)
    subs = await store.channels.subscribers(["Amazon", "OpenAI", "Amazon"])
    assert sorted(subs) == [
        Subscriber(c1, "Amazon", KindFilter.ALL),
        Subscriber(c1, "OpenAI", KindFilter.TALENT),
        Subscriber(c2, "OpenAI", KindFilter.INVESTMENT),
    ]
    both = ("Amazon", "OpenAI")
    assert matching_channels(Classification(talent=True, companies=both), subs) == [c1]
    for c in (
        Classification(talent=True, companies=both),
        Classification(investment=True, companies=both),
        Classification(talent=True, investment=True, companies=("Meta",)),
    ):  # the SQL answer agrees with the pure definition
        assert await store.channels.matching(c.companies, wanted_kinds(c)) == matching_channels(c, subs)
    assert matching_channels(Classification(investment=True, companies=both), subs) == [c1, c2]
    assert matching_channels(Classification(investment=True, companies=("Meta",)), subs) == []


async def test_migrations_create_the_schemas_indexes(store) -> None:
    """schema.py and the migrations agree on every named index (e.g. 0003's covering index)."""

    def indexes(conn: sa.Connection) -> dict[str, set[str]]:
        inspector = sa.inspect(conn)
        return {
            t.name: {i["name"] for i in inspector.get_indexes(t.name) if i["name"].startswith("ix_")}
            for t in metadata.sorted_tables
        }

    async with store.db.engine.connect() as conn:
        found = await conn.run_sync(indexes)
    assert found == {t.name: {i.name for i in t.indexes} for t in metadata.sorted_tables}
    assert "ix_subscriptions_company_channel_kinds" in found["subscriptions"]


def test_migration_0003_downgrades_cleanly(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade_sync(url)
    command.downgrade(alembic_config(url), "0002")
    engine = sa.create_engine(url)
    try:
        names = {i["name"] for i in sa.inspect(engine).get_indexes("subscriptions")}
        assert names == {"ix_subscriptions_company"}
    finally:
        engine.dispose()
    upgrade_sync(url)


async def test_alerting_the_same_event_to_a_channel_twice_is_a_no_op(store) -> None:
    channel = await store.channels.ensure(ChannelRef(platform="console", workspace="w", channel="c"), NOW)
    item = NewDelivery("alert:1:1", "alert", channel.id, {"x": 1})
    assert len(await store.outbox.enqueue([item], NOW)) == 1
    assert await store.outbox.enqueue([item], NOW) == []
    assert await store.outbox.depth() == 1


async def test_outbox_claims_are_leased_and_expire(store) -> None:
    channel = await store.channels.ensure(ChannelRef(platform="console", workspace="w", channel="c"), NOW)
    await store.outbox.enqueue(
        [NewDelivery(f"k{i}", "notice", channel.id, {"text": str(i)}) for i in range(3)], NOW
    )
    mine = await store.outbox.claim("one", NOW, limit=2, lease=60)
    assert [r.attempts for r in mine] == [1, 1]
    theirs = await store.outbox.claim("two", NOW, limit=5, lease=60)
    assert len(theirs) == 1  # the first two are leased to "one"
    await store.outbox.mark_sent(mine[0].id, "m1", NOW)
    later = await store.outbox.claim("two", NOW + timedelta(seconds=61), limit=5)
    assert [r.id for r in later] == [mine[1].id, theirs[0].id]  # unsent rows whose lease expired
    assert later[0].attempts == 2
    assert await store.outbox.root_message(channel.id, 0) is None


async def test_sources_sync_claim_and_record(store) -> None:
    defs = [
        SourceDef("Wire", "rss", "https://a.example/feed", 300),
        SourceDef("Ledger", "rss", "https://b.example/", 60),
    ]
    await store.sources.sync(defs, NOW)
    assert [s.name for s in await store.sources.all()] == ["Ledger", "Wire"]
    claimed = await store.sources.claim("Wire", "one", NOW, lease=60)
    assert claimed is not None and not claimed.primed
    assert await store.sources.claim("Wire", "two", NOW, lease=60, force=True) is None  # leased
    await store.sources.record(claimed.id, NOW, NOW + timedelta(minutes=5), etag='"v1"', primed=True)
    assert await store.sources.claim("Wire", "two", NOW + timedelta(minutes=1), lease=60) is None  # not due
    again = await store.sources.claim("Wire", "two", NOW + timedelta(minutes=5), lease=60)
    assert again is not None and again.etag == '"v1"' and again.primed
    await store.sources.sync(defs[:1], NOW)
    assert [s.name for s in await store.sources.all()] == ["Wire"]


async def test_app_state_round_trip(store) -> None:
    assert await store.get_state("k") is None
    await store.set_state("k", "v1")
    await store.set_state("k", "v2")
    assert await store.get_state("k") == "v2"
    assert await store.ping()
