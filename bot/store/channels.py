"""Channels, their subscriptions and digest settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, NamedTuple

import sqlalchemy as sa

from bot.domain.models import ChannelRef, DigestSetting, KindFilter
from bot.store.db import Database
from bot.store.schema import channels, subscriptions

_KINDS = {k.value: k for k in KindFilter}


@dataclass(frozen=True)
class ChannelRow:
    id: int
    ref: ChannelRef
    digest: DigestSetting
    paused: bool


class Subscriber(NamedTuple):
    """A NamedTuple, not a frozen dataclass: built a thousand at a time per new event, at half the cost."""

    channel_id: int
    company: str
    kinds: KindFilter


def _channel(row: Any) -> ChannelRow:
    hh, mm = (int(x) for x in row.digest_time.split(":"))
    return ChannelRow(
        id=row.id,
        ref=ChannelRef(platform=row.platform, workspace=row.workspace, channel=row.channel),
        digest=DigestSetting(enabled=row.digest_enabled, time=time(hh, mm), timezone=row.digest_tz),
        paused=row.paused_at is not None,
    )


class ChannelRepo:
    def __init__(self, db: Database, *, default_time: str = "09:00", default_tz: str = "UTC") -> None:
        self.db = db
        self.default_time = default_time
        self.default_tz = default_tz

    async def ensure(self, ref: ChannelRef, now: datetime) -> ChannelRow:
        stmt = self.db.insert_ignore(channels).values(
            platform=ref.platform,
            workspace=ref.workspace,
            channel=ref.channel,
            digest_enabled=True,
            digest_time=self.default_time,
            digest_tz=self.default_tz,
            created_at=now,
        )
        async with self.db.engine.begin() as conn:
            await conn.execute(stmt)
            row = (await conn.execute(sa.select(channels).where(*_ref_filter(ref)))).one()
        return _channel(row)

    async def find(self, ref: ChannelRef) -> ChannelRow | None:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(sa.select(channels).where(*_ref_filter(ref)))).first()
        return _channel(row) if row is not None else None

    async def get(self, channel_id: int) -> ChannelRow | None:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(sa.select(channels).where(channels.c.id == channel_id))).first()
        return _channel(row) if row is not None else None

    async def subscribe(self, channel_id: int, company: str, kinds: KindFilter, now: datetime) -> bool:
        """Subscribe or change kinds; returns False when it was already exactly so (idempotent)."""
        async with self.db.engine.begin() as conn:
            existing = (
                await conn.execute(
                    sa.select(subscriptions.c.kinds).where(
                        subscriptions.c.channel_id == channel_id, subscriptions.c.company == company
                    )
                )
            ).first()
            if existing is not None and existing.kinds == kinds.value:
                return False
            if existing is not None:
                await conn.execute(
                    subscriptions.update()
                    .where(subscriptions.c.channel_id == channel_id, subscriptions.c.company == company)
                    .values(kinds=kinds.value)
                )
            else:
                await conn.execute(
                    self.db.insert_ignore(subscriptions).values(
                        channel_id=channel_id, company=company, kinds=kinds.value, created_at=now
                    )
                )
            # A channel that subscribes again is clearly reachable again.
            await conn.execute(
                channels.update()
                .where(channels.c.id == channel_id)
                .values(paused_at=None, paused_reason=None)
            )
        return True

    async def unsubscribe(self, channel_id: int, company: str | None) -> int:
        """Remove one company's subscription, or all with company=None; returns how many went."""
        stmt = subscriptions.delete().where(subscriptions.c.channel_id == channel_id)
        if company is not None:
            stmt = stmt.where(subscriptions.c.company == company)
        async with self.db.engine.begin() as conn:
            return (await conn.execute(stmt)).rowcount or 0

    async def subscriptions_of(self, channel_id: int) -> list[Subscriber]:
        query = (
            sa.select(subscriptions)
            .where(subscriptions.c.channel_id == channel_id)
            .order_by(subscriptions.c.company)
        )
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [Subscriber(r.channel_id, r.company, KindFilter(r.kinds)) for r in rows]

    async def subscribers(self, companies: Iterable[str]) -> list[Subscriber]:
        """Subscriptions of unpaused channels to any of the companies."""
        names = list(set(companies))
        if not names:
            return []
        query = (
            sa.select(subscriptions.c.channel_id, subscriptions.c.company, subscriptions.c.kinds)
            .join(channels, channels.c.id == subscriptions.c.channel_id)
            .where(subscriptions.c.company.in_(names), channels.c.paused_at.is_(None))
        )
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        # A popular company has a thousand subscribers or more and matching runs per new event:
        # unpack plainly and look kinds up in a dict rather than pay Enum.__call__ per row.
        return [Subscriber(channel_id, company, _KINDS[kinds]) for channel_id, company, kinds in rows]

    async def matching(self, companies: Iterable[str], kinds: Iterable[str]) -> list[int]:
        """Unpaused channels subscribed to any of the companies with one of the kinds, by id.

        Runs per new event and a popular company has thousands of subscribers, so the filtering
        and de-duplication happen in the database (a covering index), not in Python."""
        names = list(set(companies))
        if not names:
            return []
        paused = sa.select(channels.c.id).where(channels.c.paused_at.is_not(None))  # few; read once
        ids = (
            sa.select(subscriptions.c.channel_id)
            .distinct()
            .where(
                subscriptions.c.company.in_(names),
                subscriptions.c.kinds.in_(list(kinds)),
                subscriptions.c.channel_id.not_in(paused),
            )
            .subquery()
        )
        # One row of comma-joined ids: building a result row per channel costs more than the query.
        joined = sa.select(sa.func.aggregate_strings(sa.cast(ids.c.channel_id, sa.String), ","))
        async with self.db.engine.connect() as conn:
            text = (await conn.execute(joined)).scalar_one()
        return sorted(int(part) for part in text.split(",")) if text else []

    async def set_digest(
        self, channel_id: int, *, enabled: bool, at: str | None = None, tz: str | None = None
    ) -> None:
        values: dict[str, Any] = {"digest_enabled": enabled}
        if at is not None:
            values["digest_time"] = at
        if tz is not None:
            values["digest_tz"] = tz
        async with self.db.engine.begin() as conn:
            await conn.execute(channels.update().where(channels.c.id == channel_id).values(**values))

    async def pause(self, channel_id: int, reason: str, now: datetime) -> None:
        async with self.db.engine.begin() as conn:
            await conn.execute(
                channels.update()
                .where(channels.c.id == channel_id)
                .values(paused_at=now, paused_reason=reason)
            )

    async def with_digest(self) -> list[ChannelRow]:
        """Unpaused channels with a daily digest and at least one subscription."""
        has_subs = sa.exists().where(subscriptions.c.channel_id == channels.c.id)
        query = sa.select(channels).where(
            channels.c.digest_enabled.is_(True), channels.c.paused_at.is_(None), has_subs
        )
        async with self.db.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [_channel(r) for r in rows]

    async def subscribed_companies(self) -> set[str]:
        async with self.db.engine.connect() as conn:
            rows = await conn.execute(sa.select(subscriptions.c.company).distinct())
            return {r.company for r in rows}


def _ref_filter(ref: ChannelRef) -> tuple[Any, ...]:
    return (
        channels.c.platform == ref.platform,
        channels.c.workspace == ref.workspace,
        channels.c.channel == ref.channel,
    )
