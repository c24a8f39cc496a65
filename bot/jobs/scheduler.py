"""APScheduler 3.11 jobs, in memory in every instance: they only *tick* and claim work from the DB.

Job stores are never shared between processes (that runs every slot once per process); the
database leases decide which instance actually polls a source or sends a message.

Two loops run beside the APScheduler jobs: the outbox loop, and the poll loop, which claims due
sources in batches (`FOR UPDATE SKIP LOCKED` and a lease) and polls them with a bounded number in
flight. One query per tick finds the due sources, however many there are; a job per source in
every instance would cost a claim query per source per interval per instance and, at a thousand
sources, start a thousand polls at once against a connection pool of ten.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot import metrics
from bot.jobs.digest import DigestService
from bot.jobs.poll import Poller
from bot.pipeline.deliver import Deliverer
from bot.store.queries import Store
from bot.store.sources import SourceRow

log = logging.getLogger(__name__)

OUTBOX_TICK = 2.0
DIGEST_TICK = 30.0
SOURCES_TICK = 60.0
DEPTH_TICK = 10.0
POLL_TICK = 1.0  # how often an idle instance looks for due sources
POLL_SLOTS = 8  # polls in flight per instance
STOP_GRACE = 10.0  # seconds a poll in flight may take to finish at shutdown


class Scheduler:
    def __init__(
        self,
        store: Store,
        poller: Poller,
        deliverer: Deliverer,
        digests: DigestService,
        *,
        sync_sources: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.store = store
        self.poller = poller
        self.deliverer = deliverer
        self.digests = digests
        self.sync_sources = sync_sources
        self.aps = AsyncIOScheduler(
            timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30}
        )
        self._kick = asyncio.Event()
        self._outbox_task: asyncio.Task[None] | None = None
        self._poll_task: asyncio.Task[None] | None = None
        self._polls: set[asyncio.Task[None]] = set()
        self._slot_free = asyncio.Event()
        self._stopping = False

    @property
    def running(self) -> bool:
        loops = (self._outbox_task, self._poll_task)
        return self.aps.running and all(t is not None and not t.done() for t in loops)

    async def start(self) -> None:
        self.aps.add_job(
            self._queue_digests, IntervalTrigger(seconds=DIGEST_TICK), id="digests", next_run_time=_soon()
        )
        self.aps.add_job(
            self._measure, IntervalTrigger(seconds=DEPTH_TICK), id="outbox-depth", next_run_time=_soon()
        )
        if self.sync_sources is not None:
            self.aps.add_job(self._sync, IntervalTrigger(seconds=SOURCES_TICK), id="sources")
        self.aps.start()
        self._outbox_task = asyncio.create_task(self._outbox_loop(), name="outbox")
        self._poll_task = asyncio.create_task(self._poll_loop(), name="polls")

    async def stop(self) -> None:
        """Stop ticking; the outbox batch and polls in flight finish (a poll cut off after
        STOP_GRACE keeps its lease, which expires for another instance)."""
        self._stopping = True
        if self.aps.running:
            self.aps.shutdown(wait=False)
        self._kick.set()
        self._slot_free.set()
        if self._poll_task is not None:
            await self._poll_task
        if self._polls:
            _, late = await asyncio.wait(self._polls, timeout=STOP_GRACE)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)
        if self._outbox_task is not None:
            await self._outbox_task

    def kick(self) -> None:
        """New alerts were queued: deliver now rather than at the next tick."""
        self._kick.set()

    def wake_polls(self) -> None:
        """Look for due sources now (e.g. sources were just added) rather than at the next tick."""
        self._slot_free.set()

    async def _poll_loop(self) -> None:
        while not self._stopping:
            free = POLL_SLOTS - len(self._polls)
            claimed = []
            if free > 0:
                try:
                    claimed = await self.poller.claim_due(limit=free)
                except Exception:  # e.g. the database is restarting: wait and try again
                    metrics.ERRORS.labels("poll_tick").inc()
                    log.exception("poll tick failed")
                for source in claimed:
                    task = asyncio.create_task(self._poll(source), name=f"poll:{source.name}")
                    self._polls.add(task)
                    task.add_done_callback(self._poll_done)
            if claimed and len(claimed) == free:
                continue  # more may be due: claim again as soon as a slot is free
            self._slot_free.clear()
            try:
                await asyncio.wait_for(self._slot_free.wait(), timeout=POLL_TICK)
            except TimeoutError:
                pass

    def _poll_done(self, task: asyncio.Task[None]) -> None:
        self._polls.discard(task)
        self._slot_free.set()

    async def _poll(self, source: SourceRow) -> None:
        try:
            await self.poller.poll_claimed(source)
        except Exception:  # one source never stops the others
            metrics.ERRORS.labels("poll_job").inc()
            log.exception("poll job failed", extra={"source": source.name})

    async def _queue_digests(self) -> None:
        try:
            if await self.digests.queue_due():
                self.kick()
        except Exception:
            metrics.ERRORS.labels("digest_job").inc()
            log.exception("digest job failed")

    async def _sync(self) -> None:
        try:
            assert self.sync_sources is not None
            await self.sync_sources()
            self.wake_polls()
        except Exception:
            metrics.ERRORS.labels("source_sync").inc()
            log.exception("source sync failed")

    async def _measure(self) -> None:
        """The outbox depth for /metrics (the whole outbox, so every instance reports the same)."""
        try:
            metrics.OUTBOX_DEPTH.set(await self.store.outbox.depth())
        except Exception:  # the database is away: /healthz says so, the gauge keeps its last value
            metrics.ERRORS.labels("database").inc()
            log.warning("outbox depth unavailable", exc_info=True)

    async def _outbox_loop(self) -> None:
        while not self._stopping:
            try:
                handled = await self.deliverer.run_once()
            except Exception:  # e.g. the database is restarting: wait and try again
                metrics.ERRORS.labels("outbox_tick").inc()
                log.exception("outbox tick failed")
                handled = 0
            if handled:
                continue
            self._kick.clear()
            try:
                await asyncio.wait_for(self._kick.wait(), timeout=OUTBOX_TICK)
            except TimeoutError:
                pass


def _soon() -> datetime:
    return datetime.now(UTC)
