"""From a source's items to queued alerts — the pipeline, top to bottom.

    items ─▶ normalize ─▶ skip known ─▶ classify ─▶ store (only new rows come back)
          ─▶ cluster into events ─▶ match subscriptions ─▶ enqueue alerts / thread follow-ups

A source's first good poll stores silently (no flood when a source is added); items older than
the alert window are stored but never alert; a re-poll finds every key known and does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.chat.messages import AlertMessage
from bot.config import AlertsConfig
from bot.domain.models import Classification, FeedItem
from bot.pipeline import cluster
from bot.pipeline.match import wanted_kinds
from bot.sources.normalize import canonical_url, story_key
from bot.store.outbox import NewDelivery
from bot.store.queries import Store
from bot.store.sources import SourceRow
from bot.store.stories import NewStory, format_amount

CLUSTER_WINDOW = timedelta(hours=72)


class Classifier(Protocol):
    def classify(self, title: str, summary: str = "") -> Classification: ...


@dataclass
class IngestReport:
    items: int = 0
    new: int = 0
    relevant: int = 0
    events: int = 0
    queued: int = 0


class Ingest:
    def __init__(self, store: Store, classifier: Classifier, alerts: AlertsConfig) -> None:
        self.store = store
        self.classifier = classifier
        self.alerts = alerts

    async def __call__(self, source: SourceRow, items: Sequence[FeedItem], now: datetime) -> IngestReport:
        report = IngestReport(items=len(items))
        candidates = _normalize(source, items, now)
        known = await self.store.stories.known_keys([s.key for s in candidates])
        fresh = [replace(s, classification=self._classify(s)) for s in candidates if s.key not in known]
        new_ids = await self.store.stories.insert_new(fresh)
        report.new = len(new_ids)
        silent = not source.primed
        oldest_alert = now - timedelta(hours=self.alerts.max_age_hours)
        relevant = [
            s
            for s in sorted(fresh, key=lambda s: s.published)
            if s.key in new_ids and self._counts(s.classification)
        ]
        report.relevant = len(relevant)
        placed: list[tuple[NewStory, int, int]] = []  # (story, story id, event id)
        if relevant:
            # Reading the recent events and creating a new one must not interleave with another
            # poll doing the same, here or in another instance: that would split one event in two.
            async with self.store.stories.clustering():
                stored = await self.store.stories.recent_fingerprints(now - CLUSTER_WINDOW)
                recent = [(event_id, cluster.load(fp)) for event_id, fp in stored]
                for story in relevant:
                    story_id = new_ids[story.key]
                    c = story.classification
                    fp = cluster.fingerprint(
                        story.title, story.summary, c.companies, c.people, c.kinds, story.published
                    )
                    event_id = cluster.find_event(fp, recent)
                    if event_id is None:
                        event_id = await self.store.stories.create_event(story_id, story, cluster.dump(fp))
                        recent.append((event_id, fp))
                        report.events += 1
                    else:
                        await self.store.stories.attach(story_id, event_id, now)
                    placed.append((story, story_id, event_id))
        for story, story_id, event_id in placed:
            if silent or story.published < oldest_alert:
                continue
            report.queued += await self._enqueue(event_id, story_id, story, now)
        return report

    def _classify(self, story: NewStory) -> Classification:
        return self.classifier.classify(story.title, story.summary)

    def _counts(self, c: Classification) -> bool:
        return c.relevant and c.confidence >= self.alerts.min_confidence and bool(c.companies)

    async def _enqueue(self, event_id: int, story_id: int, story: NewStory, now: datetime) -> int:
        """An alert to each subscribed channel without one for this event; a follow-up to the others."""
        event = await self.store.stories.get_event(event_id)
        if event is None:  # deleted meanwhile; nothing to alert about
            return 0
        companies = set(event.classification.companies) | set(story.classification.companies)
        merged = event.classification.model_copy(update={"companies": tuple(sorted(companies))})
        channel_ids = await self.store.channels.matching(companies, wanted_kinds(merged))
        if not channel_ids:
            return 0
        alerted = set(await self.store.outbox.alerted_channels(event_id))
        items: list[NewDelivery] = []
        for channel_id in channel_ids:
            followup = channel_id in alerted
            message = alert_message(story, event_id, followup=followup)
            key = f"followup:{channel_id}:{story_id}" if followup else f"alert:{channel_id}:{event_id}"
            items.append(
                NewDelivery(
                    dedupe_key=key,
                    kind="followup" if followup else "alert",
                    channel_id=channel_id,
                    event_id=event_id,
                    story_id=story_id,
                    payload=message.model_dump(mode="json"),
                )
            )
        return len(await self.store.outbox.enqueue(items, now))


def alert_message(story: NewStory, event_id: int, *, followup: bool) -> AlertMessage:
    c = story.classification
    return AlertMessage(
        alert_id=0,  # the outbox row id, filled in when it is sent
        event_id=event_id,
        kinds=tuple(k.value for k in c.kinds),
        event_type=c.event_type,
        headline=story.title,
        url=story.url,
        summary=story.summary,
        source=story.source,
        published=story.published,
        companies=c.companies,
        people=c.people,
        amount=format_amount(c.amount_usd),
        why=c.why,
        confidence=c.confidence,
        followup=followup,
    )


def _normalize(source: SourceRow, items: Sequence[FeedItem], now: datetime) -> list[NewStory]:
    """FeedItems to unclassified stories; one per key (a feed may repeat an item)."""
    out: dict[str, NewStory] = {}
    for item in items:
        if not item.title.strip():
            continue
        key = story_key(item)
        if key in out:
            continue
        published = item.published if item.published is not None and item.published <= now else now
        out[key] = NewStory(
            key=key,
            source_id=source.id,
            source=item.outlet or source.name,
            url=canonical_url(item.link) if item.link else item.guid,
            title=item.title.strip(),
            summary=item.summary.strip()[:2000],
            published=published,
            seen_at=now,
            classification=Classification(),
        )
    return list(out.values())
