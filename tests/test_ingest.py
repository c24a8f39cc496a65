"""The pipeline from feed items to queued alerts, on both store backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.classify.classifier import Classifier
from bot.config import AlertsConfig
from bot.domain.companies import CompanyRegistry
from bot.domain.models import ChannelRef, FeedItem, KindFilter
from bot.pipeline.ingest import Ingest
from bot.store.sources import SourceDef

NOW = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)

AWS = FeedItem(
    guid="wire-1",
    link="https://wire.example/aws-vp-leaves?utm_source=rss",
    title="AWS vice president for generative AI Vasi Philomin leaves Amazon",
    summary="Philomin, who oversaw Bedrock and the Titan models, left Amazon after eight years.",
    published=NOW - timedelta(hours=1),
)
AWS_COPY = FeedItem(
    guid="ledger-9",
    link="https://ledger.example/amazon-loses-bedrock-vp",
    title="Amazon loses Vasi Philomin, the generative AI vice president behind Bedrock",
    summary="The AWS executive's departure after eight years comes as rivals bid up pay for AI leaders.",
    published=NOW - timedelta(minutes=30),
)
WAREHOUSE = FeedItem(
    guid="wire-2",
    link="https://wire.example/seasonal",
    title="Amazon to hire 250,000 seasonal warehouse workers",
    published=NOW - timedelta(hours=1),
)
FUNDING = FeedItem(
    guid="wire-3",
    link="https://wire.example/anthropic",
    title="Anthropic raises $13 billion at a $183 billion valuation",
    summary="Iconiq led the round.",
    published=NOW - timedelta(hours=1),
)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(CompanyRegistry.load())


async def setup(store, classifier) -> tuple[Ingest, int]:
    await store.sources.sync([SourceDef("Wire", "rss", "https://wire.example/feed", 60)], NOW)
    ch = await store.channels.ensure(ChannelRef(platform="console", workspace="w", channel="c"), NOW)
    await store.channels.subscribe(ch.id, "Amazon", KindFilter.ALL, NOW)
    return Ingest(store, classifier, AlertsConfig()), ch.id


async def source(store, primed: bool):
    row = await store.sources.claim("Wire", "t", NOW, lease=1, force=True)
    await store.sources.record(row.id, NOW, NOW, primed=primed)
    return await store.sources.by_name("Wire")


async def test_first_poll_is_silent_then_new_items_alert_once(store, classifier) -> None:
    ingest, _ = await setup(store, classifier)
    first = await ingest(await source(store, primed=False), [WAREHOUSE], NOW)
    assert (first.new, first.queued) == (1, 0)
    second = await ingest(await source(store, primed=True), [WAREHOUSE, AWS, FUNDING], NOW)
    assert (second.new, second.relevant, second.queued) == (2, 2, 1)  # Anthropic: nobody subscribed
    again = await ingest(await source(store, primed=True), [WAREHOUSE, AWS, FUNDING], NOW)
    assert (again.new, again.queued) == (0, 0)
    assert await store.stories.count() == 3
    assert await store.outbox.depth() == 1


async def test_another_outlets_copy_joins_the_event_as_a_follow_up(store, classifier) -> None:
    ingest, cid = await setup(store, classifier)
    primed = await source(store, primed=True)
    await ingest(primed, [AWS], NOW)
    report = await ingest(primed, [AWS_COPY], NOW)
    assert (report.new, report.events, report.queued) == (1, 0, 1)
    rows = await store.outbox.claim("t", NOW, limit=10)
    assert [r.kind for r in rows] == ["alert", "followup"]
    assert rows[0].event_id == rows[1].event_id
    assert rows[0].payload["url"] == "https://wire.example/aws-vp-leaves"  # tracking parameter gone
    assert "Vasi Philomin" in rows[0].payload["people"]


async def test_old_items_are_stored_but_never_alert(store, classifier) -> None:
    ingest, _ = await setup(store, classifier)
    old = AWS.model_copy(update={"published": NOW - timedelta(hours=49)})
    report = await ingest(await source(store, primed=True), [old], NOW)
    assert (report.new, report.queued) == (1, 0)
