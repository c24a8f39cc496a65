"""Stories and events: storing what is new, grouping stories into events, answering history queries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bot.chat.messages import EventLine
from bot.domain.models import Classification, Event
from bot.store.db import Database
from bot.store.schema import event_companies, events, stories


@dataclass(frozen=True)
class NewStory:
    key: str
    source_id: int | None
    source: str
    url: str
    title: str
    summary: str
    published: datetime
    seen_at: datetime
    classification: Classification


def _classification(value: Any) -> Classification:
    return Classification.model_validate(value)


def _event(row: Any) -> Event:
    return Event(
        id=row.id,
        title=row.title,
        url=row.url,
        source=row.source,
        summary=row.summary,
        first_seen=row.first_seen_at,
        published=row.published_at,
        story_count=row.story_count,
        classification=_classification(row.classification),
    )


# pg_advisory_xact_lock key for "find the story's event or create it" (any constant of our own).
CLUSTER_LOCK = 0x7A1E_B07


class StoryRepo:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._cluster_lock = asyncio.Lock()

    @asynccontextmanager
    async def clustering(self) -> AsyncIterator[None]:
        """One clusterer at a time, across this process's polls and across instances.

        Without it two polls that see two outlets' wordings of one event at the same moment both
        find no event and both create one: two top-level alerts. On PostgreSQL a transaction-scoped
        advisory lock is held on a connection of its own; it is released on commit, on rollback
        and when a killed instance's connection drops, so it cannot leak.
        """
        async with self._cluster_lock:
            if self.db.dialect != "postgresql":
                yield  # SQLite serves one instance: the process lock is enough
                return
            async with self.db.engine.begin() as conn:
                await conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLUSTER_LOCK})
                yield

    async def known_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        async with self.db.engine.connect() as conn:
            for start in range(0, len(keys), 500):  # keep the IN list within driver limits
                chunk = keys[start : start + 500]
                rows = await conn.execute(sa.select(stories.c.key).where(stories.c.key.in_(chunk)))
                found.update(r.key for r in rows)
        return found

    async def insert_new(self, items: Iterable[NewStory]) -> dict[str, int]:
        """Insert; return {key: id} of the stories that were not stored yet (a re-poll returns {})."""
        rows = [
            {
                "key": s.key,
                "source_id": s.source_id,
                "source": s.source,
                "url": s.url,
                "title": s.title,
                "summary": s.summary,
                "published_at": s.published,
                "seen_at": s.seen_at,
                "relevant": s.classification.relevant,
                "classification": s.classification.model_dump(mode="json"),
            }
            for s in items
        ]
        if not rows:
            return {}
        # One batched statement; SQLAlchemy's insertmanyvalues returns the inserted rows only.
        stmt = self.db.insert_ignore(stories).returning(stories.c.key, stories.c.id)
        async with self.db.engine.begin() as conn:
            return {r.key: r.id for r in await conn.execute(stmt, rows)}

    async def create_event(self, story_id: int, story: NewStory, fingerprint: dict[str, Any]) -> int:
        c = story.classification
        async with self.db.engine.begin() as conn:
            event_id = (
                await conn.execute(
                    events.insert().returning(events.c.id),
                    {
                        "title": story.title,
                        "url": story.url,
                        "source": story.source,
                        "summary": story.summary,
                        "published_at": story.published,
                        "first_seen_at": story.seen_at,
                        "last_seen_at": story.seen_at,
                        "story_count": 1,
                        "talent": c.talent,
                        "investment": c.investment,
                        "classification": c.model_dump(mode="json"),
                        "fingerprint": fingerprint,
                    },
                )
            ).scalar_one()
            if c.companies:
                await conn.execute(
                    event_companies.insert(), [{"event_id": event_id, "company": n} for n in set(c.companies)]
                )
            await conn.execute(stories.update().where(stories.c.id == story_id).values(event_id=event_id))
        return event_id

    async def attach(self, story_id: int, event_id: int, seen_at: datetime) -> None:
        async with self.db.engine.begin() as conn:
            await conn.execute(stories.update().where(stories.c.id == story_id).values(event_id=event_id))
            await conn.execute(
                events.update()
                .where(events.c.id == event_id)
                .values(story_count=events.c.story_count + 1, last_seen_at=seen_at)
            )

    async def recent_fingerprints(self, since: datetime) -> list[tuple[int, dict[str, Any]]]:
        async with self.db.engine.connect() as conn:
            rows = await conn.execute(
                sa.select(events.c.id, events.c.fingerprint).where(events.c.last_seen_at >= since)
            )
            return [(r.id, r.fingerprint) for r in rows]

    async def get_event(self, event_id: int) -> Event | None:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(sa.select(events).where(events.c.id == event_id))).first()
        return _event(row) if row is not None else None

    async def recent_events(
        self, *, kind: str, since: datetime, company: str | None = None, limit: int = 10
    ) -> list[EventLine]:
        """Events of a kind, newest first, optionally involving one company."""
        flag = events.c.talent if kind == "talent" else events.c.investment
        query = sa.select(events).where(flag.is_(True), events.c.first_seen_at >= since)
        if company is not None:
            query = query.where(
                events.c.id.in_(
                    sa.select(event_companies.c.event_id).where(event_companies.c.company == company)
                )
            )
        query = query.order_by(events.c.published_at.desc(), events.c.id.desc()).limit(limit)
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [event_line(_event(r)) for r in rows]

    async def events_between(self, ids_company: Sequence[str], start: datetime, end: datetime) -> list[Event]:
        """Relevant events first seen in [start, end) involving any of the companies."""
        query = (
            sa.select(events)
            .where(
                events.c.first_seen_at >= start,
                events.c.first_seen_at < end,
                events.c.id.in_(
                    sa.select(event_companies.c.event_id).where(
                        event_companies.c.company.in_(list(ids_company))
                    )
                ),
            )
            .order_by(events.c.first_seen_at)
        )
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [_event(r) for r in rows]

    async def count(self) -> int:
        async with self.db.engine.connect() as conn:
            return (await conn.execute(sa.select(sa.func.count()).select_from(stories))).scalar_one()


def event_line(event: Event) -> EventLine:
    c = event.classification
    return EventLine(
        event_id=event.id,
        headline=event.title,
        url=event.url,
        source=event.source,
        published=event.published,
        companies=c.companies,
        kinds=tuple(k.value for k in c.kinds),
        outlets=event.story_count,
        amount=format_amount(c.amount_usd),
    )


def format_amount(amount: float | None) -> str:
    if not amount:
        return ""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= size:
            return f"${amount / size:.3g}{suffix}"
    return f"${amount:,.0f}"
