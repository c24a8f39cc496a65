"""Fetcher against a real aiohttp server on 127.0.0.1: validators, caps, redirects, retries, timeouts."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.errors import SourceError
from bot.sources.fetch import Fetcher

BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


class State:
    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0


def make_app(state: State) -> web.Application:
    async def count(request: web.Request) -> None:
        state.hits[request.path] = state.hits.get(request.path, 0) + 1

    async def etag(request: web.Request) -> web.StreamResponse:
        await count(request)
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(
            body=BODY, headers={"ETag": '"v1"', "Last-Modified": "Tue, 10 Mar 2026 10:00:00 GMT"}
        )

    async def plain(request: web.Request) -> web.StreamResponse:
        await count(request)
        return web.Response(body=BODY, content_type="application/rss+xml")

    async def big(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()  # chunked: no Content-Length to reject up front
        await resp.prepare(request)
        for _ in range(40):
            await resp.write(b"x" * 65536)
        await resp.write_eof()
        return resp

    async def gzbomb(request: web.Request) -> web.StreamResponse:
        return web.Response(body=gzip.compress(b"\0" * 5_000_000), headers={"Content-Encoding": "gzip"})

    async def gz(request: web.Request) -> web.StreamResponse:
        return web.Response(body=gzip.compress(BODY), headers={"Content-Encoding": "gzip"})

    async def loop(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("/loop")

    async def hop(request: web.Request) -> web.StreamResponse:
        n = int(request.match_info["n"])
        if n == 0:
            return web.Response(body=BODY)
        raise web.HTTPMovedPermanently(f"/hop/{n - 1}")

    async def limited(request: web.Request) -> web.StreamResponse:
        await count(request)
        if state.hits[request.path] == 1:
            return web.Response(status=429, headers={"Retry-After": request.query.get("after", "0")})
        return web.Response(body=BODY)

    async def unavailable(request: web.Request) -> web.StreamResponse:
        await count(request)
        return web.Response(status=503)

    async def missing(request: web.Request) -> web.StreamResponse:
        return web.Response(status=404)

    async def hang(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(60)
        return web.Response(body=BODY)

    async def trickle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        for _ in range(300):  # one byte every 0.1 s: each read is quick, the whole body is not
            await resp.write(b"x")
            await asyncio.sleep(0.1)
        return resp

    async def slow(request: web.Request) -> web.StreamResponse:
        state.in_flight += 1
        state.max_in_flight = max(state.max_in_flight, state.in_flight)
        await asyncio.sleep(0.05)
        state.in_flight -= 1
        return web.Response(body=BODY)

    app = web.Application()
    for path, handler in [
        ("/etag", etag), ("/plain", plain), ("/big", big), ("/gzbomb", gzbomb), ("/gz", gz),
        ("/loop", loop), ("/hop/{n}", hop), ("/limited", limited), ("/unavailable", unavailable),
        ("/missing", missing), ("/hang", hang), ("/trickle", trickle), ("/slow/{i}", slow),
    ]:  # fmt: skip
        app.router.add_get(path, handler)
    return app


@pytest.fixture
def state() -> State:
    return State()


@pytest.fixture
async def base(state: State) -> AsyncIterator[str]:
    runner = web.AppRunner(make_app(state), shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    f = Fetcher(user_agent="talentbot-test/1", max_bytes=1_000_000, timeout=5, retries=2, backoff=0.01)
    yield f
    await f.aclose()


async def test_conditional_get_gives_304(fetcher: Fetcher, base: str, state: State) -> None:
    first = await fetcher.fetch(f"{base}/etag")
    assert first.status == "ok" and first.body == BODY
    assert first.validators.etag == '"v1"' and first.validators.last_modified
    second = await fetcher.fetch(f"{base}/etag", first.validators)
    assert second.status == "not_modified" and second.body is None
    assert second.validators.etag == '"v1"'
    assert state.hits["/etag"] == 2


async def test_same_body_without_validators_is_unchanged(fetcher: Fetcher, base: str) -> None:
    first = await fetcher.fetch(f"{base}/plain")
    assert first.status == "ok" and first.validators.body_hash and "rss" in first.content_type
    second = await fetcher.fetch(f"{base}/plain", first.validators)
    assert second.status == "unchanged" and second.body is None
    assert second.validators.body_hash == first.validators.body_hash


async def test_gzip_is_decoded(fetcher: Fetcher, base: str) -> None:
    assert (await fetcher.fetch(f"{base}/gz")).body == BODY


async def test_size_cap_while_streaming(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(SourceError, match=r"^body over 1 MB$"):
        await fetcher.fetch(f"{base}/big")
    with pytest.raises(SourceError, match=r"^body over 1 MB$"):  # 5 MB of zeros in a few KB of gzip
        await fetcher.fetch(f"{base}/gzbomb")


async def test_redirects_are_followed_up_to_five(fetcher: Fetcher, base: str) -> None:
    result = await fetcher.fetch(f"{base}/hop/5")
    assert result.status == "ok" and result.url.endswith("/hop/0")
    with pytest.raises(SourceError, match="^too many redirects$"):
        await fetcher.fetch(f"{base}/hop/6")
    with pytest.raises(SourceError, match="^too many redirects$"):
        await fetcher.fetch(f"{base}/loop")


async def test_429_is_retried_after_retry_after(fetcher: Fetcher, base: str, state: State) -> None:
    result = await fetcher.fetch(f"{base}/limited?after=1")
    assert result.status == "ok" and state.hits["/limited"] == 2


async def test_long_retry_after_is_left_to_the_next_poll(fetcher: Fetcher, base: str, state: State) -> None:
    with pytest.raises(SourceError, match=r"HTTP 429 \(retry after 3600s\)"):
        await fetcher.fetch(f"{base}/limited?after=3600")
    assert state.hits["/limited"] == 1


async def test_503_retries_then_gives_one_line(fetcher: Fetcher, base: str, state: State) -> None:
    with pytest.raises(SourceError, match="^HTTP 503$"):
        await fetcher.fetch(f"{base}/unavailable")
    assert state.hits["/unavailable"] == 3  # one try and two retries


async def test_http_error_status(fetcher: Fetcher, base: str) -> None:
    with pytest.raises(SourceError, match="^HTTP 404$"):
        await fetcher.fetch(f"{base}/missing")


async def test_hanging_server_times_out(base: str) -> None:
    f = Fetcher(user_agent="t", timeout=0.5, retries=2)
    try:
        with pytest.raises(SourceError, match=r"^timed out after 0.5s$"):
            await asyncio.wait_for(f.fetch(f"{base}/hang"), 10)
    finally:
        await f.aclose()


async def test_trickling_server_hits_total_timeout(base: str) -> None:
    f = Fetcher(user_agent="t", timeout=1.0, retries=0)
    try:
        with pytest.raises(SourceError, match=r"^timed out after 1s$"):
            await asyncio.wait_for(f.fetch(f"{base}/trickle"), 10)
    finally:
        await f.aclose()


async def test_connection_refused_is_one_line(fetcher: Fetcher) -> None:
    with pytest.raises(SourceError, match="^connection failed") as info:
        await fetcher.fetch("http://127.0.0.1:9/feed")
    assert "\n" not in str(info.value)


async def test_private_addresses_refused_when_not_allowed(fetcher: Fetcher, base: str, state: State) -> None:
    port = base.rsplit(":", 1)[1]
    with pytest.raises(SourceError, match=r"^refused: private address 127.0.0.1$"):
        await fetcher.fetch(f"{base}/plain", allow_private=False)
    with pytest.raises(SourceError, match=r"^refused: private address (127.0.0.1|::1)$"):
        await fetcher.fetch(f"http://localhost:{port}/plain", allow_private=False)
    for url in (
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
    ):
        with pytest.raises(SourceError, match="^refused: private address"):
            await fetcher.fetch(url, allow_private=False)
    assert "/plain" not in state.hits  # refused before any request was sent
    assert (await fetcher.fetch(f"{base}/plain")).status == "ok"  # operator sources may be loopback


async def test_non_http_urls_refused(fetcher: Fetcher) -> None:
    with pytest.raises(SourceError, match="^refused: not an http"):
        await fetcher.fetch("file:///etc/passwd")


async def test_per_host_concurrency_limit(base: str, state: State) -> None:
    f = Fetcher(user_agent="t", per_host=2)
    try:
        results = await asyncio.gather(*(f.fetch(f"{base}/slow/{i}") for i in range(8)))
    finally:
        await f.aclose()
    assert all(r.status == "ok" for r in results)
    assert state.max_in_flight <= 2


async def test_user_agent_is_sent(base: str) -> None:
    seen: list[str] = []

    async def echo(request: web.Request) -> web.Response:
        seen.append(request.headers.get("User-Agent", ""))
        return web.Response(body=BODY)

    app = web.Application()
    app.router.add_get("/", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    f = Fetcher(user_agent="talentbot/0.1 (+ops@example.com)")
    try:
        await f.fetch(f"http://127.0.0.1:{runner.addresses[0][1]}/")
    finally:
        await f.aclose()
        await runner.cleanup()
    assert seen == ["talentbot/0.1 (+ops@example.com)"]


async def test_redirect_into_private_space_is_refused(
    base: str, state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hop is checked: the first address passes (pretend it is public), the redirect does not."""
    from bot.sources import addresses

    monkeypatch.setattr(addresses, "is_public", lambda ip: ip == "127.0.0.1")
    port = base.rsplit(":", 1)[1]

    async def to_private(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"http://127.0.0.2:{port}/plain")

    app = web.Application()
    app.router.add_get("/jump", to_private)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    f = Fetcher(user_agent="t", retries=0)
    try:
        with pytest.raises(SourceError, match=r"^refused: private address 127.0.0.2$"):
            await f.fetch(f"http://127.0.0.1:{runner.addresses[0][1]}/jump", allow_private=False)
    finally:
        await f.aclose()
        await runner.cleanup()


async def test_connected_peer_is_checked_too(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """If DNS answered differently at connect time than at our check, the peer address decides."""
    from bot.sources import addresses

    async def fooled(host: str, port: int) -> None:
        return None

    monkeypatch.setattr(addresses, "check_destination", fooled)
    f = Fetcher(user_agent="t", retries=0)
    try:
        with pytest.raises(SourceError, match=r"^refused: private address 127.0.0.1$"):
            await f.fetch(f"{base}/plain", allow_private=False)
    finally:
        await f.aclose()


async def test_host_spacing_delays_later_requests(base: str) -> None:
    """The waits asked for are recorded instead of timed: 0 (first), then about 0.5 s and 1 s."""
    f = Fetcher(user_agent="t", per_host=1, host_spacing=0.5, spacing={"example.org": 9.0})
    waits: list[float] = []

    async def record(delay: float) -> None:
        waits.append(delay)

    f._sleep = record  # type: ignore[method-assign]
    try:
        await asyncio.gather(*(f.fetch(f"{base}/plain") for _ in range(3)))
    finally:
        await f.aclose()
    assert len(waits) == 2
    assert 0.0 < waits[0] <= 0.5 and 0.5 < waits[1] <= 1.0
    assert f.spacing == {"example.org": 9.0}


async def test_waiting_for_a_host_slot_does_not_count_as_timeout(base: str) -> None:
    """One slot, twelve requests of ~0.05 s each (0.6 s in a row) and a 0.4 s timeout: all succeed."""
    f = Fetcher(user_agent="t", per_host=1, timeout=0.4, retries=0)
    try:
        results = await asyncio.wait_for(
            asyncio.gather(*(f.fetch(f"{base}/slow/{i}") for i in range(12))), 20
        )
    finally:
        await f.aclose()
    assert [r.status for r in results] == ["ok"] * 12
