"""The outbox: messages persisted before they are sent, claimed with a lease, marked when done.

Claiming uses `FOR UPDATE SKIP LOCKED` on PostgreSQL (ignored on SQLite, which has one instance),
plus a lease so that a killed instance's claims expire and another instance picks them up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bot.domain.models import ChannelRef
from bot.store.db import Database
from bot.store.schema import channels, deliveries

PENDING, SENT, HELD, FAILED, DROPPED, SKIPPED = "pending", "sent", "held", "failed", "dropped", "skipped"


@dataclass(frozen=True)
class OutboxRow:
    id: int
    dedupe_key: str
    kind: str
    channel_id: int
    channel: ChannelRef
    event_id: int | None
    story_id: int | None
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class NewDelivery:
    dedupe_key: str
    kind: str
    channel_id: int
    payload: dict[str, Any]
    event_id: int | None = None
    story_id: int | None = None
    status: str = PENDING


class OutboxRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(self, items: Sequence[NewDelivery], now: datetime) -> list[int]:
        """Insert; a dedupe key already present is a no-op. Returns the ids of the new rows."""
        rows = [
            {
                "dedupe_key": item.dedupe_key,
                "kind": item.kind,
                "channel_id": item.channel_id,
                "event_id": item.event_id,
                "story_id": item.story_id,
                "payload": item.payload,
                "status": item.status,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for item in items
        ]
        if not rows:
            return []
        # One batched statement; SQLAlchemy's insertmanyvalues returns the inserted rows only.
        stmt = self.db.insert_ignore(deliveries).returning(deliveries.c.id)
        async with self.db.engine.begin() as conn:
            return [r.id for r in await conn.execute(stmt, rows)]

    async def claim(
        self, owner: str, now: datetime, *, limit: int = 50, lease: float = 60.0
    ) -> list[OutboxRow]:
        """Claim due pending rows for `owner` until now+lease (expired leases are up for grabs)."""
        due = (
            sa.select(deliveries.c.id)
            .where(
                deliveries.c.status == PENDING,
                deliveries.c.next_attempt_at <= now,
                sa.or_(deliveries.c.lease_until.is_(None), deliveries.c.lease_until < now),
            )
            .order_by(deliveries.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        async with self.db.engine.begin() as conn:
            ids = [r.id for r in await conn.execute(due)]
            if not ids:
                return []
            await conn.execute(
                deliveries.update()
                .where(deliveries.c.id.in_(ids))
                .values(
                    lease_owner=owner,
                    lease_until=now + timedelta(seconds=lease),
                    attempts=deliveries.c.attempts + 1,  # counted before the post: see deliver.py
                )
            )
            rows = await conn.execute(
                sa.select(deliveries, channels.c.platform, channels.c.workspace, channels.c.channel)
                .join(channels, channels.c.id == deliveries.c.channel_id)
                .where(deliveries.c.id.in_(ids))
                .order_by(deliveries.c.id)
            )
            return [_row(r) for r in rows]

    async def mark_sent(self, delivery_id: int, message_id: str, now: datetime) -> None:
        await self._update(
            delivery_id, status=SENT, message_id=message_id, sent_at=now, lease_owner=None, lease_until=None
        )

    async def retry_later(self, delivery_id: int, error: str, at: datetime, attempts: int) -> None:
        await self._update(
            delivery_id,
            last_error=error[:500],
            next_attempt_at=at,
            attempts=attempts,
            lease_owner=None,
            lease_until=None,
        )

    async def finish(self, delivery_id: int, status: str, error: str | None = None) -> None:
        await self._update(delivery_id, status=status, last_error=error, lease_owner=None, lease_until=None)

    async def renew(self, delivery_id: int, owner: str, until: datetime) -> bool:
        """Extend `owner`'s lease on a pending row; False when the lease was lost to another instance."""
        async with self.db.engine.begin() as conn:
            done = await conn.execute(
                deliveries.update()
                .where(
                    deliveries.c.id == delivery_id,
                    deliveries.c.lease_owner == owner,
                    deliveries.c.status == PENDING,
                )
                .values(lease_until=until)
            )
        return done.rowcount == 1

    async def release(self, delivery_id: int) -> None:
        await self._update(delivery_id, lease_owner=None, lease_until=None)

    async def drop_pending_for_channel(self, channel_id: int, reason: str) -> None:
        async with self.db.engine.begin() as conn:
            await conn.execute(
                deliveries.update()
                .where(deliveries.c.channel_id == channel_id, deliveries.c.status == PENDING)
                .values(status=DROPPED, last_error=reason, lease_owner=None, lease_until=None)
            )

    async def root_message(self, channel_id: int, event_id: int) -> tuple[str, str | None] | None:
        """(status, message id) of the channel's top-level alert for the event, if one exists."""
        query = sa.select(deliveries.c.status, deliveries.c.message_id).where(
            deliveries.c.channel_id == channel_id,
            deliveries.c.event_id == event_id,
            deliveries.c.kind == "alert",
        )
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return (row.status, row.message_id) if row is not None else None

    async def alerted_channels(self, event_id: int) -> list[int]:
        """Channels that have (or will get) a top-level alert for the event."""
        query = sa.select(deliveries.c.channel_id).where(
            deliveries.c.event_id == event_id,
            deliveries.c.kind == "alert",
            deliveries.c.status.in_((PENDING, SENT)),
        )
        async with self.db.engine.connect() as conn:
            return [r.channel_id for r in await conn.execute(query)]

    async def sent_alerts_since(self, channel_id: int, since: datetime) -> int:
        query = sa.select(sa.func.count()).where(
            deliveries.c.channel_id == channel_id,
            deliveries.c.kind == "alert",
            deliveries.c.status == SENT,
            deliveries.c.sent_at >= since,
        )
        async with self.db.engine.connect() as conn:
            return (await conn.execute(query)).scalar_one()

    async def last_of_kind(self, channel_id: int, kind: str) -> datetime | None:
        query = sa.select(sa.func.max(deliveries.c.created_at)).where(
            deliveries.c.channel_id == channel_id, deliveries.c.kind == kind
        )
        async with self.db.engine.connect() as conn:
            return (await conn.execute(query)).scalar_one()

    async def held_since(self, channel_id: int, since: datetime) -> list[int]:
        """Event ids held back by the noise budget since a time (they go into the digest)."""
        query = sa.select(deliveries.c.event_id).where(
            deliveries.c.channel_id == channel_id,
            deliveries.c.status == HELD,
            deliveries.c.created_at >= since,
        )
        async with self.db.engine.connect() as conn:
            return [r.event_id for r in await conn.execute(query) if r.event_id is not None]

    async def depth(self) -> int:
        query = sa.select(sa.func.count()).where(deliveries.c.status == PENDING)
        async with self.db.engine.connect() as conn:
            return (await conn.execute(query)).scalar_one()

    async def existing_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        async with self.db.engine.connect() as conn:
            for start in range(0, len(keys), 500):  # keep the IN list within driver limits
                query = sa.select(deliveries.c.dedupe_key).where(
                    deliveries.c.dedupe_key.in_(keys[start : start + 500])
                )
                found.update(r.dedupe_key for r in await conn.execute(query))
        return found

    async def _update(self, delivery_id: int, **values: Any) -> None:
        async with self.db.engine.begin() as conn:
            await conn.execute(deliveries.update().where(deliveries.c.id == delivery_id).values(**values))


def _row(r: Any) -> OutboxRow:
    return OutboxRow(
        id=r.id,
        dedupe_key=r.dedupe_key,
        kind=r.kind,
        channel_id=r.channel_id,
        channel=ChannelRef(platform=r.platform, workspace=r.workspace, channel=r.channel),
        event_id=r.event_id,
        story_id=r.story_id,
        payload=r.payload,
        attempts=r.attempts,
        created_at=r.created_at,
    )
