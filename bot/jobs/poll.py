"""Polling one source: claim it, fetch and parse by kind, ingest, record health and the next due time.

A failing source backs off (doubling its interval up to 6 hours); one that has failed for a day is
disabled and the channels depending on it are told once.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import metrics
from bot.errors import ConfigError, SourceError
from bot.pipeline.ingest import Ingest
from bot.sources.fetch import Fetcher
from bot.sources.kinds import poll_kind
from bot.sources.spec import PollOutcome, SourceSpec, Validators
from bot.store.outbox import NewDelivery
from bot.store.queries import Store
from bot.store.sources import SourceRow

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
JITTER = 0.1  # ±10% on every next due time, so sources added together drift apart


def after(now: datetime, wait: timedelta) -> datetime:
    return now + wait * random.uniform(1 - JITTER, 1 + JITTER)


@dataclass(frozen=True)
class PollStatus:
    name: str
    kind: str
    status: str  # new | not_modified | unchanged | error | disabled
    items: int = 0
    new: int = 0
    queued: int = 0
    error: str = ""


class Poller:
    def __init__(
        self,
        store: Store,
        fetcher: Fetcher,
        ingest: Ingest,
        *,
        owner: str,
        now: Callable[[], datetime],
        disable_after: timedelta = timedelta(hours=24),
        sec_user_agent: str | None = None,
        on_queued: Callable[[], None] | None = None,  # e.g. wake the outbox
        lease: float = 300.0,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.ingest = ingest
        self.owner = owner
        self.now = now
        self.disable_after = disable_after
        self.sec_user_agent = sec_user_agent
        self.on_queued = on_queued
        self.lease = lease

    async def poll(self, name: str, *, force: bool = False) -> PollStatus | None:
        """Poll a source if it is due (or `force`); None when it is not due or another instance has it."""
        source = await self.store.sources.claim(name, self.owner, self.now(), lease=self.lease, force=force)
        if source is None:
            return None
        return await self.poll_claimed(source)

    async def claim_due(self, limit: int) -> list[SourceRow]:
        """Lease up to `limit` due sources for this instance, most overdue first."""
        return await self.store.sources.claim_due(self.owner, self.now(), limit=limit, lease=self.lease)

    async def poll_claimed(self, source: SourceRow) -> PollStatus:
        """Poll a source this instance holds the lease of; records the outcome and releases it."""
        try:
            outcome = await poll_kind(
                self.fetcher, spec_of(source), _validators(source), sec_user_agent=self.sec_user_agent
            )
        except (SourceError, ConfigError) as exc:
            return await self._failed(source, str(exc))
        except Exception as exc:  # a parser or library bug must not kill the scheduler
            metrics.ERRORS.labels("poll_crash").inc()
            log.exception("poll crashed", extra={"source": source.name})
            return await self._failed(source, f"internal error: {type(exc).__name__}")
        return await self._succeeded(source, outcome)

    async def _succeeded(self, source: SourceRow, outcome: PollOutcome) -> PollStatus:
        now = self.now()
        metrics.POLLS.labels(source.kind, outcome.status).inc()
        report = None
        if outcome.status == "new":
            report = await self.ingest(source, outcome.items, now)
            metrics.ITEMS.labels("seen").inc(report.items)
            metrics.ITEMS.labels("new").inc(report.new)
            metrics.ITEMS.labels("relevant").inc(report.relevant)
            metrics.EVENTS.inc(report.events)
        v = outcome.validators
        await self.store.sources.record(
            source.id,
            now,
            after(now, timedelta(seconds=source.interval_s)),
            etag=v.etag,
            last_modified=v.last_modified,
            body_hash=v.body_hash,
            primed=source.primed or outcome.status == "new",
            failures=0,
            last_error=None,
            failing_since=None,
            last_ok_at=now,
        )
        if report is not None and report.queued and self.on_queued is not None:
            self.on_queued()
        return PollStatus(
            source.name,
            source.kind,
            outcome.status,
            items=len(outcome.items),
            new=report.new if report else 0,
            queued=report.queued if report else 0,
        )

    async def _failed(self, source: SourceRow, reason: str) -> PollStatus:
        now = self.now()
        metrics.POLLS.labels(source.kind, "error").inc()
        metrics.ERRORS.labels("source").inc()
        failures = source.failures + 1
        since = source.failing_since or now
        wait = min(timedelta(seconds=source.interval_s * 2 ** min(failures, 16)), MAX_BACKOFF)
        disable = now - since >= self.disable_after
        log.warning("poll failed", extra={"source": source.name, "reason": reason, "failures": failures})
        await self.store.sources.record(
            source.id,
            now,
            after(now, wait),
            failures=failures,
            last_error=reason,
            failing_since=since,
            disabled_at=now if disable else None,
        )
        if disable:
            await self._tell_dependants(source, reason)
            return PollStatus(source.name, source.kind, "disabled", error=reason)
        return PollStatus(source.name, source.kind, "error", error=reason)

    async def _tell_dependants(self, source: SourceRow, reason: str) -> None:
        """Each channel that relies on the source hears once that it was disabled."""
        companies = (
            [source.company] if source.company else sorted(await self.store.channels.subscribed_companies())
        )
        channel_ids = sorted({s.channel_id for s in await self.store.channels.subscribers(companies)})
        text = (
            f"The news source “{source.name}” has failed for a day ({reason}) and was disabled; "
            "alerts from it stop until an operator fixes it."
        )
        items = [
            NewDelivery(f"notice:{cid}:source-disabled:{source.id}", "notice", cid, {"text": text})
            for cid in channel_ids
        ]
        await self.store.outbox.enqueue(items, self.now())


def spec_of(source: SourceRow) -> SourceSpec:
    return SourceSpec(
        name=source.name,
        kind=source.kind,  # type: ignore[arg-type]  # checked when the config was loaded
        url=source.url or None,
        query=source.query,
        interval=source.interval_s,
        company=source.company,
    )


def _validators(source: SourceRow) -> Validators:
    return Validators(etag=source.etag, last_modified=source.last_modified, body_hash=source.body_hash)
