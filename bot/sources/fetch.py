"""HTTP for sources: one shared httpx client, polite per host, bounded in time, size and hops.

A poll must be cheap when nothing changed (conditional GET → 304, or the same body hash), must
never hang the scheduler (asyncio.timeout around each attempt), never fill memory (the size cap is
checked while streaming, on decoded bytes, so a gzip bomb stops too) and never be turned against
the bot's own network when a URL comes from a user (resolved addresses are checked before each
hop and the connected peer after).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from bot.errors import SourceError
from bot.sources import addresses
from bot.sources.spec import Validators

MAX_REDIRECTS = 5
NO_VALIDATORS = Validators()
# SEC allows 10 requests/s per client; Google News answers bursts with 429s; Algolia asks for
# restraint on its free HN API. Seconds between request starts to these hosts.
POLITE_SPACING: dict[str, float] = {"data.sec.gov": 0.15, "news.google.com": 1.0, "hn.algolia.com": 0.2}
_RETRY_STATUS = frozenset({429, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
# Longer Retry-After than this is not slept inside a poll; the next scheduled poll is the retry.
MAX_RETRY_AFTER = 30.0

__all__ = ["FetchResult", "Fetcher", "Validators", "MAX_REDIRECTS"]


@dataclass(frozen=True)
class FetchResult:
    """ok: a new body. not_modified: 304, body None. unchanged: same sha256 as before, body None."""

    status: Literal["ok", "not_modified", "unchanged"]
    body: bytes | None
    validators: Validators
    url: str  # final URL after redirects
    content_type: str = ""


class _Retryable(Exception):
    """A failure worth another attempt: 429/5xx or a connection that never came up."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


class Fetcher:
    """Shared by every source; create once, `await aclose()` at shutdown.

    per_host: concurrent requests to one host (waiting for a free slot does not count against
    the timeout). host_spacing: minimum seconds between the starts
    of two requests to one host; `spacing` overrides it per host name (defaults: POLITE_SPACING,
    the published or observed limits of the APIs the source kinds call). timeout: seconds per attempt, connect + headers + whole body.
    retries: extra attempts after a 429/502/503/504 or a failed connection (not after a timeout:
    a server that hung once is left for the next poll).
    allow_private: default for `fetch`; False refuses loopback/private/link-local destinations.
    """

    def __init__(
        self,
        *,
        user_agent: str,
        max_bytes: int = 10_000_000,
        timeout: float = 20.0,
        per_host: int = 2,
        host_spacing: float = 0.0,
        spacing: dict[str, float] | None = None,
        retries: int = 2,
        allow_private: bool = True,
        backoff: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.per_host = per_host
        self.host_spacing = host_spacing
        self.spacing = dict(POLITE_SPACING if spacing is None else spacing)
        self.retries = retries
        self.allow_private = allow_private
        self._backoff = wait_exponential_jitter(multiplier=backoff, max=10.0, jitter=backoff)
        self._client = httpx.AsyncClient(
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
            follow_redirects=False,  # each hop is checked and counted here
            # httpcore scans every pooled connection on each request, so keep the pool small:
            # a feed is polled minutes apart and its server has long closed an idle connection.
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=30),
            transport=transport,
            trust_env=False,
        )
        self._sleep = asyncio.sleep  # replaceable in tests
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        validators: Validators = NO_VALIDATORS,
        *,
        headers: dict[str, str] | None = None,
        allow_private: bool | None = None,
    ) -> FetchResult:
        """GET `url` conditionally. Raises SourceError with a one-line reason on any failure."""
        private_ok = self.allow_private if allow_private is None else allow_private
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.retries + 1),
                wait=self._wait,
                retry=retry_if_exception_type(_Retryable),
                reraise=True,
            ):
                with attempt:
                    return await self._attempt(url, validators, headers or {}, private_ok)
        except _Retryable as e:
            raise SourceError(str(e)) from None
        raise AssertionError("unreachable")  # AsyncRetrying either returns or reraises

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return exc.retry_after
        return self._backoff(state)

    async def _attempt(
        self, url: str, validators: Validators, headers: dict[str, str], private_ok: bool
    ) -> FetchResult:
        try:
            return await self._follow(url, validators, headers, private_ok)
        except TimeoutError:
            raise SourceError(f"timed out after {self.timeout:g}s") from None
        except httpx.TimeoutException:
            raise SourceError(f"timed out after {self.timeout:g}s") from None
        except (httpx.ConnectError, httpx.RemoteProtocolError) as e:
            raise _Retryable(f"connection failed: {_one_line(e) or type(e).__name__}") from None
        except httpx.HTTPError as e:
            raise SourceError(f"HTTP error: {_one_line(e) or type(e).__name__}") from None

    async def _follow(
        self, url: str, validators: Validators, headers: dict[str, str], private_ok: bool
    ) -> FetchResult:
        request_headers = dict(headers)
        if validators.etag:
            request_headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            request_headers["If-Modified-Since"] = validators.last_modified
        loop = asyncio.get_running_loop()
        budget = self.timeout  # network time of all hops together; queueing for a host slot is free
        for _hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SourceError(f"refused: not an http(s) URL: {url[:100]}")
            async with self._host_slot(parts.hostname):  # held until the body is read
                started = loop.time()
                async with asyncio.timeout(budget):
                    if not private_ok:
                        port = parts.port or (443 if parts.scheme == "https" else 80)
                        await addresses.check_destination(parts.hostname, port)
                    request = self._client.build_request("GET", url, headers=request_headers)
                    response = await self._client.send(request, stream=True)
                    try:
                        if not private_ok:
                            addresses.check_peer(response)
                        location = response.headers.get("location")
                        if response.status_code not in _REDIRECT_STATUS or not location:
                            return await self._result(response, url, validators)
                    finally:
                        await response.aclose()
                budget -= loop.time() - started
            url = urljoin(url, location)
        raise SourceError("too many redirects")

    async def _result(self, response: httpx.Response, url: str, old: Validators) -> FetchResult:
        status = response.status_code
        content_type = response.headers.get("content-type", "")
        etag = response.headers.get("etag") or old.etag
        last_modified = response.headers.get("last-modified") or old.last_modified
        if status == 304:
            await response.aread()  # reaching the end of the (empty) body lets the connection be reused
            return FetchResult(
                "not_modified", None, replace(old, etag=etag, last_modified=last_modified), url, content_type
            )
        if status in _RETRY_STATUS:
            raise _Retryable(
                f"HTTP {status}", _retry_after_capped(response.headers.get("retry-after"), status)
            )
        if not 200 <= status < 300:
            raise SourceError(f"HTTP {status}")
        declared = response.headers.get("content-length", "")
        if (
            declared.isdigit()
            and int(declared) > self.max_bytes
            and "content-encoding" not in response.headers
        ):
            raise SourceError(f"body over {_mb(self.max_bytes)}")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():  # decoded: the cap also stops gzip bombs
            size += len(chunk)
            if size > self.max_bytes:
                raise SourceError(f"body over {_mb(self.max_bytes)}")
            chunks.append(chunk)
        body = b"".join(chunks)
        digest = hashlib.sha256(body).hexdigest()
        fresh = Validators(etag=etag, last_modified=last_modified, body_hash=digest)
        if old.body_hash == digest:
            return FetchResult("unchanged", None, fresh, url, content_type)
        return FetchResult("ok", body, fresh, url, content_type)

    def _host_slot(self, host: str) -> _HostSlot:
        slot = self._slots.get(host)
        if slot is None:
            slot = self._slots[host] = asyncio.Semaphore(self.per_host)
        return _HostSlot(self, host, slot)


class _HostSlot:
    """Holds one of the host's concurrency slots and enforces the spacing between starts."""

    def __init__(self, fetcher: Fetcher, host: str, sem: asyncio.Semaphore) -> None:
        self._f, self._host, self._sem = fetcher, host, sem

    async def __aenter__(self) -> None:
        await self._sem.acquire()
        gap = self._f.spacing.get(self._host, self._f.host_spacing)
        if gap > 0:
            now = time.monotonic()
            start = max(now, self._f._next_start.get(self._host, 0.0))
            self._f._next_start[self._host] = start + gap  # reserve the slot before sleeping
            if start > now:
                await self._f._sleep(start - now)

    async def __aexit__(self, *exc: object) -> None:
        self._sem.release()


def _retry_after_capped(header: str | None, status: int) -> float | None:
    wait = _retry_after(header)
    if wait is not None and wait > MAX_RETRY_AFTER:
        raise SourceError(f"HTTP {status} (retry after {wait:.0f}s)")
    return wait


def _one_line(e: object) -> str:
    return " ".join(str(e).split())[:200]
