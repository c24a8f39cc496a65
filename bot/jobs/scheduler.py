"""APScheduler 3.11 jobs, in memory in every instance: they only *tick* and claim work from the DB.

Job stores are never shared between processes (that runs every slot once per process); the
database leases decide which instance actually polls a source or sends a message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.jobs.digest import DigestService
from bot.jobs.poll import Poller
from bot.pipeline.deliver import Deliverer
from bot.store.queries import Store

log = logging.getLogger(__name__)

OUTBOX_TICK = 2.0
DIGEST_TICK = 30.0
SOURCES_TICK = 60.0


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
        self._stopping = False

    @property
    def running(self) -> bool:
        return self.aps.running and self._outbox_task is not None and not self._outbox_task.done()

    async def start(self) -> None:
        await self.reload_sources()
        self.aps.add_job(
            self._queue_digests, IntervalTrigger(seconds=DIGEST_TICK), id="digests", next_run_time=_soon()
        )
        if self.sync_sources is not None:
            self.aps.add_job(self._sync, IntervalTrigger(seconds=SOURCES_TICK), id="sources")
        self.aps.start()
        self._outbox_task = asyncio.create_task(self._outbox_loop(), name="outbox")

    async def stop(self) -> None:
        """Stop ticking; an outbox batch in flight finishes (or its lease expires for another instance)."""
        self._stopping = True
        if self.aps.running:
            self.aps.shutdown(wait=False)
        self._kick.set()
        if self._outbox_task is not None:
            await self._outbox_task

    def kick(self) -> None:
        """New alerts were queued: deliver now rather than at the next tick."""
        self._kick.set()

    async def reload_sources(self) -> None:
        """One job per source at its own interval, with jitter so they do not fire in lockstep."""
        wanted = {s.name: s for s in await self.store.sources.all() if not s.disabled}
        for job in self.aps.get_jobs():
            if job.id.startswith("source:") and job.id.removeprefix("source:") not in wanted:
                job.remove()
        for name, source in wanted.items():
            job_id = f"source:{name}"
            trigger = IntervalTrigger(seconds=source.interval_s, jitter=max(1, source.interval_s // 10))
            if self.aps.get_job(job_id) is None:
                self.aps.add_job(self._poll, trigger, args=[name], id=job_id, next_run_time=_soon())
            else:
                self.aps.reschedule_job(job_id, trigger=trigger)

    async def _poll(self, name: str) -> None:
        try:
            await self.poller.poll(name)
        except Exception:  # one source never stops the others
            log.exception("poll job failed", extra={"source": name})

    async def _queue_digests(self) -> None:
        try:
            if await self.digests.queue_due():
                self.kick()
        except Exception:
            log.exception("digest job failed")

    async def _sync(self) -> None:
        try:
            assert self.sync_sources is not None
            await self.sync_sources()
            await self.reload_sources()
        except Exception:
            log.exception("source sync failed")

    async def _outbox_loop(self) -> None:
        while not self._stopping:
            try:
                handled = await self.deliverer.run_once()
            except Exception:  # e.g. the database is restarting: wait and try again
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
