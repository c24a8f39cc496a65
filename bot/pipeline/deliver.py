"""Delivery: sends what the outbox holds through the chat adapters, at most once per row.

A row is claimed with a lease and its attempt counted *before* the post; a row that was already
tried once (the process may have died mid-send) first asks the platform whether the message is
there (`find_posted`), so a restart never posts twice.

Several instances share the outbox, so a batch must not outlive its lease: each row's lease is
renewed just before it is sent (a row whose lease ran out and was taken over by another instance
is skipped), and each platform call is cut off well inside the lease.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot import metrics
from bot.chat.base import ChatAdapter
from bot.chat.messages import AlertMessage, DigestMessage
from bot.errors import DeliveryError
from bot.store.outbox import DROPPED, FAILED, HELD, SENT, OutboxRow
from bot.store.queries import Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 40  # with the backoff below, about a day of retrying
BUDGET_NOTE = "Noise budget reached: further alerts this hour go into the channel's daily digest."


def backoff(attempts: int) -> float:
    """Seconds before the next try: exponential from 5 s, capped at 30 min, with jitter."""
    base = min(5.0 * 2 ** max(attempts - 1, 0), 1800.0)
    return base * random.uniform(0.8, 1.2)


class Deliverer:
    def __init__(
        self,
        store: Store,
        adapters: Mapping[str, ChatAdapter],
        *,
        owner: str,
        now: Callable[[], datetime],
        max_per_hour: int = 6,
        lease: float = 60.0,
        call_timeout: float = 25.0,
        concurrency: int = 8,
    ) -> None:
        self.store = store
        self.adapters = adapters
        self.owner = owner
        self.now = now
        self.max_per_hour = max_per_hour
        self.lease = lease
        self.call_timeout = min(call_timeout, lease / 2)  # a call always ends inside its row's lease
        self.concurrency = concurrency  # channels served at once by this instance
        self._gone: set[int] = set()

    async def run_once(self, limit: int = 50) -> int:
        """Send one batch of due rows; returns how many were handled.

        Channels are served concurrently (a 429 on one channel does not hold up the others); each
        channel's rows go in order, so a follow-up never overtakes the alert it threads under."""
        rows = await self.store.outbox.claim(self.owner, self.now(), limit=limit, lease=self.lease)
        self._gone = set()
        by_channel: dict[int, list[OutboxRow]] = {}
        for row in rows:
            by_channel.setdefault(row.channel_id, []).append(row)
        gate = asyncio.Semaphore(self.concurrency)

        async def serve(channel_rows: list[OutboxRow]) -> None:
            async with gate:
                for row in channel_rows:
                    await self._handle(row)

        groups = list(by_channel.values())
        if len(groups) == 1:
            await serve(groups[0])
        elif groups:
            await asyncio.gather(*(serve(g) for g in groups))
        return len(rows)

    async def _handle(self, row: OutboxRow) -> None:
        if not await self.store.outbox.renew(row.id, self.owner, self._later(self.lease)):
            log.info("lease lost; another instance has the row", extra={"delivery": row.id})
            return
        if row.channel_id in self._gone:  # paused earlier in this batch
            await self.store.outbox.finish(row.id, DROPPED, "channel paused")
            return
        try:
            await self._deliver(row)
        except Exception:  # one bad row never stops the batch
            metrics.ERRORS.labels("delivery_internal").inc()
            log.exception("delivery failed", extra={"delivery": row.id, "channel": str(row.channel)})
            await self.store.outbox.retry_later(
                row.id,
                "internal error",
                self.now() + timedelta(seconds=backoff(row.attempts)),
                row.attempts,
            )

    async def drain(self, limit: int = 500) -> int:
        """Deliver until nothing is due (used by `run --once` and the demo)."""
        total = 0
        while handled := await self.run_once():
            total += handled
            if total >= limit:
                break
        return total

    async def _deliver(self, row: OutboxRow) -> None:
        adapter = self.adapters.get(row.channel.platform)
        if adapter is None:
            # Another instance (or a later start) with this platform configured will send it.
            await self.store.outbox.retry_later(
                row.id, f"no {row.channel.platform} adapter here", self._later(60), row.attempts - 1
            )
            return
        key = f"{row.kind}:{row.id}"
        thread: str | None = None
        if row.kind == "followup":
            root = await self.store.outbox.root_message(row.channel_id, row.event_id or 0)
            if root is None or root[0] in (HELD, DROPPED, FAILED):
                await self.store.outbox.finish(row.id, DROPPED, "no top-level alert to thread under")
                return
            if root[0] != SENT:
                await self.store.outbox.retry_later(
                    row.id, "waiting for the first alert", self._later(2), row.attempts - 1
                )
                return
            thread = root[1]
        if row.attempts > 1:
            # Tried before, perhaps posted by an instance that died before recording it: ask the
            # platform first, before the noise budget decides about a message that exists.
            try:
                async with asyncio.timeout(self.call_timeout):
                    posted = await adapter.find_posted(row.channel, key, thread=thread)
            except TimeoutError:
                await self._failed(row, DeliveryError(f"no answer within {self.call_timeout:g} s"))
                return
            except DeliveryError as exc:
                await self._failed(row, exc)
                return
            if posted is not None:
                await self.store.outbox.mark_sent(row.id, posted, self.now())
                return
        payload = dict(row.payload)
        if row.kind == "alert":
            sent = await self.store.outbox.sent_alerts_since(row.channel_id, self.now() - timedelta(hours=1))
            if sent >= self.max_per_hour:
                await self.store.outbox.finish(row.id, HELD, "noise budget reached; in the digest")
                return
            if sent == self.max_per_hour - 1:
                payload["note"] = BUDGET_NOTE
        started = self.now()
        try:
            async with asyncio.timeout(self.call_timeout):
                message_id = await self._post(adapter, row, payload, thread, key)
        except TimeoutError:
            # It may have been posted after all: the next attempt asks the platform first.
            await self._failed(row, DeliveryError(f"no answer within {self.call_timeout:g} s"))
            return
        except DeliveryError as exc:
            await self._failed(row, exc)
            return
        await self.store.outbox.mark_sent(row.id, message_id, self.now())
        metrics.ALERTS_SENT.labels(row.channel.platform, row.kind).inc()
        metrics.DELIVERY_LATENCY.observe((self.now() - row.created_at).total_seconds())
        log.debug("sent", extra={"delivery": row.id, "took": (self.now() - started).total_seconds()})

    async def _post(
        self, adapter: ChatAdapter, row: OutboxRow, payload: dict, thread: str | None, key: str
    ) -> str:
        if row.kind in ("alert", "followup"):
            alert = AlertMessage.model_validate({**payload, "alert_id": row.id})
            return await adapter.post_alert(row.channel, alert, thread=thread, key=key)
        if row.kind == "digest":
            return await adapter.post_digest(row.channel, DigestMessage.model_validate(payload), key=key)
        return await adapter.post_notice(row.channel, str(payload.get("text", "")), key=key)

    async def _failed(self, row: OutboxRow, exc: DeliveryError) -> None:
        metrics.DELIVERY_ERRORS.labels(row.channel.platform, _error_kind(exc)).inc()
        metrics.ERRORS.labels("delivery").inc()
        if exc.channel_gone:
            log.warning(
                "channel unreachable; pausing it", extra={"channel": str(row.channel), "reason": str(exc)}
            )
            self._gone.add(row.channel_id)
            await self.store.channels.pause(row.channel_id, str(exc), self.now())
            await self.store.outbox.finish(row.id, FAILED, str(exc))
            await self.store.outbox.drop_pending_for_channel(row.channel_id, "channel paused")
        elif exc.permanent or row.attempts >= MAX_ATTEMPTS:
            log.error("giving up on a message", extra={"delivery": row.id, "reason": str(exc)})
            await self.store.outbox.finish(row.id, FAILED, str(exc))
        else:
            wait = max(exc.retry_after or 0.0, backoff(row.attempts))
            await self.store.outbox.retry_later(row.id, str(exc), self._later(wait), row.attempts)

    def _later(self, seconds: float) -> datetime:
        return self.now() + timedelta(seconds=seconds)


def _error_kind(exc: DeliveryError) -> str:
    if exc.channel_gone:
        return "channel_gone"
    if exc.retry_after is not None:
        return "rate_limited"
    return "permanent" if exc.permanent else "transient"
