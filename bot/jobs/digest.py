"""Daily digests: composed per channel at its local time, exactly once per local date.

The outbox row's dedupe key is `digest:<channel>:<local date>`, so a digest is queued once however
many instances or restarts look at the same date. A digest missed while the bot was down is still
sent within a grace window; past it, that date is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.chat.messages import DigestMessage
from bot.domain.models import Event
from bot.store.channels import ChannelRow, Subscriber
from bot.store.outbox import SKIPPED, NewDelivery
from bot.store.queries import Store
from bot.store.stories import event_line

MAX_PER_SECTION = 10


def scheduled_at(channel: ChannelRow, day: date) -> datetime:
    """The UTC instant of the channel's digest on a local date (DST-correct via zoneinfo)."""
    tz = ZoneInfo(channel.digest.timezone)
    return datetime.combine(day, channel.digest.time, tzinfo=tz).astimezone(ZoneInfo("UTC"))


def rank(event: Event) -> tuple[float, int, float]:
    c = event.classification
    return (c.confidence, event.story_count, c.amount_usd or 0.0)


def compose(
    events: Sequence[Event], subs: Sequence[Subscriber], title: str, note: str = ""
) -> DigestMessage | None:
    """Group events by subscribed company and kind, most important first; None when empty."""
    sections: list[tuple[str, tuple]] = []
    placed: set[int] = set()
    for sub in sorted(subs, key=lambda s: s.company):
        for kind, label in (("talent", "AI talent"), ("investment", "AI investment")):
            if sub.kinds.value not in ("all", kind):
                continue
            chosen = [
                e
                for e in events
                if e.id not in placed
                and sub.company in e.classification.companies
                and (e.classification.talent if kind == "talent" else e.classification.investment)
            ]
            chosen.sort(key=rank, reverse=True)
            if chosen:
                placed.update(e.id for e in chosen)
                lines = tuple(event_line(e) for e in chosen[:MAX_PER_SECTION])
                sections.append((f"{sub.company} · {label}", lines))
    if not sections:
        return None
    return DigestMessage(title=title, sections=tuple(sections), note=note)


class DigestService:
    def __init__(
        self,
        store: Store,
        now: Callable[[], datetime],
        *,
        grace: timedelta = timedelta(hours=6),
        send_empty: bool = False,
    ) -> None:
        self.store = store
        self.now = now
        self.grace = grace
        self.send_empty = send_empty

    async def build(
        self, channel: ChannelRow, start: datetime, end: datetime, title: str
    ) -> DigestMessage | None:
        subs = await self.store.channels.subscriptions_of(channel.id)
        events = await self.store.stories.events_between([s.company for s in subs], start, end)
        return compose(events, subs, title)

    async def now_digest(self, channel: ChannelRow) -> DigestMessage | None:
        """`/digest now`: the last 24 hours, answered directly."""
        end = self.now() + timedelta(seconds=1)  # include what arrived this very second
        return await self.build(channel, end - timedelta(hours=24), end, "Digest: the last 24 hours")

    async def queue_due(self) -> int:
        """Queue every digest that is due now; returns how many were queued."""
        now = self.now()
        due: dict[str, tuple[ChannelRow, date, datetime]] = {}
        for channel in await self.store.channels.with_digest():
            local_today = now.astimezone(ZoneInfo(channel.digest.timezone)).date()
            # Today's slot, or yesterday's when a late start falls just after local midnight.
            for day in (local_today, local_today - timedelta(days=1)):
                at = scheduled_at(channel, day)
                if at <= now <= at + self.grace:
                    due[f"digest:{channel.id}:{day.isoformat()}"] = (channel, day, at)
                    break
        done = await self.store.outbox.existing_keys(list(due))  # one query, not one per channel
        queued = 0
        for key, (channel, day, at) in due.items():
            if key not in done:
                queued += await self._queue(key, channel, day, at)
        return queued

    async def _queue(self, key: str, channel: ChannelRow, day: date, at: datetime) -> int:
        start = scheduled_at(channel, day - timedelta(days=1))
        digest = await self.build(channel, start, at, f"Daily digest · {day.isoformat()}")
        if digest is None and not self.send_empty:
            item = NewDelivery(key, "digest", channel.id, {"empty": True}, status=SKIPPED)
        else:
            digest = digest or DigestMessage(
                title=f"Daily digest · {day.isoformat()}", sections=(), note="Nothing new today."
            )
            item = NewDelivery(key, "digest", channel.id, digest.model_dump(mode="json"))
        return len(await self.store.outbox.enqueue([item], self.now()))
