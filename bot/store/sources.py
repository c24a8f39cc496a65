"""Source state: validators for conditional GETs, health, when the next poll is due, who polls it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.store.db import Database
from bot.store.schema import sources


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    kind: str
    url: str
    query: str | None
    company: str | None
    interval_s: int
    dynamic: bool
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    primed: bool
    failures: int
    last_error: str | None
    failing_since: datetime | None
    last_ok_at: datetime | None
    disabled: bool


@dataclass(frozen=True)
class SourceDef:
    name: str
    kind: str
    url: str
    interval_s: int
    query: str | None = None
    company: str | None = None


def _source(r: Any) -> SourceRow:
    return SourceRow(
        id=r.id,
        name=r.name,
        kind=r.kind,
        url=r.url,
        query=r.query,
        company=r.company,
        interval_s=r.interval_s,
        dynamic=r.dynamic,
        etag=r.etag,
        last_modified=r.last_modified,
        body_hash=r.body_hash,
        primed=r.primed,
        failures=r.failures,
        last_error=r.last_error,
        failing_since=r.failing_since,
        last_ok_at=r.last_ok_at,
        disabled=r.disabled_at is not None,
    )


class SourceRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def sync(self, defs: Sequence[SourceDef], now: datetime, *, dynamic: bool = False) -> None:
        """Make the stored sources of one origin (config or dynamic) match `defs`.

        A source whose URL changed starts over (new validators, silent first poll)."""
        async with self.db.engine.begin() as conn:
            rows = {
                r.name: r
                for r in await conn.execute(sa.select(sources).where(sources.c.dynamic.is_(dynamic)))
            }
            for d in defs:
                old = rows.pop(d.name, None)
                if old is None:
                    await conn.execute(
                        self.db.insert_ignore(sources).values(
                            name=d.name,
                            kind=d.kind,
                            url=d.url,
                            company=d.company,
                            interval_s=d.interval_s,
                            dynamic=dynamic,
                            primed=False,
                            failures=0,
                            next_due_at=now,
                        )
                    )
                elif (old.kind, old.url, old.query) != (d.kind, d.url, d.query):
                    await conn.execute(
                        sources.update()
                        .where(sources.c.id == old.id)
                        .values(
                            kind=d.kind,
                            url=d.url,
                            company=d.company,
                            interval_s=d.interval_s,
                            etag=None,
                            last_modified=None,
                            body_hash=None,
                            primed=False,
                            failures=0,
                            disabled_at=None,
                            next_due_at=now,
                        )
                    )
                elif old.interval_s != d.interval_s:
                    await conn.execute(
                        sources.update().where(sources.c.id == old.id).values(interval_s=d.interval_s)
                    )
            if rows:
                await conn.execute(sources.delete().where(sources.c.id.in_([r.id for r in rows.values()])))

    async def all(self) -> list[SourceRow]:
        async with self.db.engine.connect() as conn:
            return [_source(r) for r in await conn.execute(sa.select(sources).order_by(sources.c.name))]

    async def by_name(self, name: str) -> SourceRow | None:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(sa.select(sources).where(sources.c.name == name))).first()
        return _source(row) if row is not None else None

    async def claim(
        self, name: str, owner: str, now: datetime, *, lease: float, force: bool = False
    ) -> SourceRow | None:
        """Take the source for one poll if it is due and nobody holds it; None otherwise."""
        conditions = [
            sources.c.name == name,
            sources.c.disabled_at.is_(None),
            sa.or_(sources.c.lease_until.is_(None), sources.c.lease_until < now),
        ]
        if not force:
            conditions.append(sources.c.next_due_at <= now)
        async with self.db.engine.begin() as conn:
            row = (
                await conn.execute(sa.select(sources).where(*conditions).with_for_update(skip_locked=True))
            ).first()
            if row is None:
                return None
            await conn.execute(
                sources.update()
                .where(sources.c.id == row.id)
                .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease))
            )
        return _source(row)

    async def claim_due(self, owner: str, now: datetime, *, limit: int, lease: float) -> list[SourceRow]:
        """Take up to `limit` due sources nobody holds, most overdue first (SKIP LOCKED: instances
        claiming at the same moment get disjoint sets)."""
        due = (
            sa.select(sources)
            .where(
                sources.c.disabled_at.is_(None),
                sources.c.next_due_at <= now,
                sa.or_(sources.c.lease_until.is_(None), sources.c.lease_until < now),
            )
            .order_by(sources.c.next_due_at, sources.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        async with self.db.engine.begin() as conn:
            rows = (await conn.execute(due)).all()
            if rows:
                await conn.execute(
                    sources.update()
                    .where(sources.c.id.in_([r.id for r in rows]))
                    .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease))
                )
        return [_source(r) for r in rows]

    async def record(self, source_id: int, now: datetime, next_due: datetime, **values: Any) -> None:
        """Store a poll's outcome and release the lease."""
        async with self.db.engine.begin() as conn:
            await conn.execute(
                sources.update()
                .where(sources.c.id == source_id)
                .values(
                    last_polled_at=now, next_due_at=next_due, lease_owner=None, lease_until=None, **values
                )
            )
