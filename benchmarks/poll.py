"""Polling throughput: 1,000 real feeds served from 127.0.0.1, three cycles and a baseline.

    .venv/bin/python benchmarks/poll.py [--feeds 1000] [--concurrency 4] [--baseline-feeds 178] [--full]

A subprocess serves ../shared/feeds/real/*.{xml,rss,atom} replicated to --feeds feeds (every
<link>, <guid>, <id> and href made unique per replica with ?r=N), so the server's CPU and memory
are not the measured process's. Then, in this process:
  (a) every item new: Fetcher + parse_feed + story_key over all feeds (the sources' real path);
  (b) every feed answers 304 to the ETag from (a);
  (c) the same bodies without validators: the body hash from (a) reports them unchanged;
  --full: (a) once more through the whole pipeline (App's Poller → classify → SQLite → cluster);
  baseline: a sequential loop of httpx.get + feedparser.parse over the first --baseline-feeds
  feeds (178 = each file twice; feedparser is too slow to wait for on all 1,000).
Prints feeds/s, items/s, peak RSS of this process and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARED = Path(os.environ.get("TALENTBOT_SHARED", REPO.parent / "shared"))
_TEXT_LINKS = re.compile(rb"(<(link|guid|id)(?:\s[^>]*)?>)\s*([^<\s]+)\s*(</\2>)")
_HREF = re.compile(rb'(<link\b[^>]*\bhref=")([^"]+)(")')


def feed_files() -> list[Path]:
    real = SHARED / "feeds" / "real"
    files = sorted(p for p in real.iterdir() if p.suffix in (".xml", ".rss", ".atom"))
    if not files:
        raise SystemExit(f"no feeds under {real}; set TALENTBOT_SHARED")
    return files


def replica(body: bytes, n: int) -> bytes:
    """The same feed with every item link and id unique to replica n."""

    def suffix(url: bytes) -> bytes:
        return url + (b"&amp;" if b"?" in url else b"?") + b"r=%d" % n

    body = _TEXT_LINKS.sub(lambda m: m.group(1) + suffix(m.group(3)) + m.group(4), body)
    return _HREF.sub(lambda m: m.group(1) + suffix(m.group(2)) + m.group(3), body)


def serve(feeds: int) -> None:
    """Subprocess: serve /feed/{i} (with ETag, answers 304) and /plain/{i} (no validators)."""
    from aiohttp import web

    sources = [p.read_bytes() for p in feed_files()]
    bodies = [replica(sources[i % len(sources)], i // len(sources)) for i in range(feeds)]

    async def feed(request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        etag = f'"f{i}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=bodies[i], content_type="application/xml", headers={"ETag": etag})

    async def plain(request: web.Request) -> web.Response:
        return web.Response(body=bodies[int(request.match_info["i"])], content_type="application/xml")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{i}", feed)
        app.router.add_get("/plain/{i}", plain)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        print(runner.addresses[0][1], flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def cycle(base: str, path: str, feeds: int, concurrency: int, states: list) -> tuple[float, int, dict]:
    from bot.errors import SourceError
    from bot.sources.fetch import Fetcher
    from bot.sources.normalize import story_key
    from bot.sources.rss import fetch_parsed

    fetcher = Fetcher(user_agent="talentbot-bench/0.1", per_host=concurrency, timeout=60, retries=0)
    gate = asyncio.Semaphore(concurrency)
    statuses: dict[str, int] = {}
    items = 0

    async def one(i: int) -> None:
        nonlocal items
        async with gate:
            try:
                outcome = await fetch_parsed(fetcher, f"{base}/{path}/{i}", states[i])
            except SourceError as e:
                statuses[f"error: {e}"] = statuses.get(f"error: {e}", 0) + 1
                return
        keys = {story_key(item) for item in outcome.items}  # normalising is part of the cycle
        items += len(keys)
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        states[i] = outcome.validators

    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(i) for i in range(feeds)))
    elapsed = time.perf_counter() - start
    statuses["cpu_s"] = round(time.process_time() - cpu, 2)  # this process only, not the server
    await fetcher.aclose()
    return elapsed, items, statuses


async def full_cycle(base: str, feeds: int, concurrency: int) -> tuple[float, int, dict]:
    """(a) again, but each feed through the lead's whole pipeline (App's Poller: fetch, parse,
    classify, store, cluster) into a fresh SQLite file, polled `concurrency` at a time."""
    import tempfile

    from bot.app import App, Options
    from bot.config import Config, PollingConfig, SourceConfig
    from bot.settings import load_settings

    folder = tempfile.mkdtemp(prefix="talentbot-bench-")
    os.environ["TALENTBOT_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
    sources = [
        SourceConfig(name=f"feed {i}", kind="rss", url=f"{base}/feed/{i}", interval="1h")
        for i in range(feeds)
    ]
    config = Config(sources=sources, polling=PollingConfig(per_host=concurrency, timeout=60))
    app = App(load_settings(), config, options=Options(http=False, dynamic_sources=False))
    await app.prepare()
    gate = asyncio.Semaphore(concurrency)
    statuses: dict[str, int] = {}
    items = 0

    async def one(i: int) -> None:
        nonlocal items
        async with gate:
            status = await app.poller.poll(f"feed {i}", force=True)
        if status is not None:
            items += status.items
            statuses[status.status] = statuses.get(status.status, 0) + 1

    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(i) for i in range(feeds)))
    elapsed = time.perf_counter() - start
    statuses["cpu_s"] = round(time.process_time() - cpu, 2)
    await app.close()
    return elapsed, items, statuses


def baseline(base: str, feeds: int) -> tuple[float, int]:
    import feedparser
    import httpx

    items = 0
    start, cpu = time.perf_counter(), time.process_time()
    with httpx.Client() as client:
        for i in range(feeds):
            body = client.get(f"{base}/plain/{i}").content
            items += len(feedparser.parse(body).entries)
    return time.perf_counter() - start, items, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--baseline-feeds", type=int, default=178)
    parser.add_argument("--full", action="store_true", help="also run (a) through the whole ingest pipeline")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.feeds)
        return

    from bot.sources.spec import Validators

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--feeds", str(args.feeds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        states = [Validators() for _ in range(args.feeds)]
        rows = []
        for label, path in (("(a) all new", "feed"), ("(b) 304", "feed")):
            elapsed, items, statuses = asyncio.run(cycle(base, path, args.feeds, args.concurrency, states))
            rows.append((label, elapsed, items, statuses))
        # (c): drop the ETags, keep the body hashes, ask the URL that sends no validators
        states = [Validators(body_hash=s.body_hash) for s in states]
        elapsed, items, statuses = asyncio.run(cycle(base, "plain", args.feeds, args.concurrency, states))
        rows.append(("(c) unchanged", elapsed, items, statuses))
        if args.full:
            rows.append(("(a) --full", *asyncio.run(full_cycle(base, args.feeds, args.concurrency))))
        b_elapsed, b_items, b_cpu = baseline(base, args.baseline_feeds)
    finally:
        server.terminate()
        server.wait(10)

    b_feeds_s, b_items_s = args.baseline_feeds / b_elapsed, b_items / b_elapsed
    print(
        f"{args.feeds} feeds from {len(feed_files())} real files, concurrency {args.concurrency}, {os.cpu_count()} CPUs"
    )
    for label, elapsed, items, statuses in rows:
        feeds_s = args.feeds / elapsed
        line = f"{label:15} {elapsed:7.2f} s  {feeds_s:8.1f} feeds/s  {items / elapsed:9.0f} items/s"
        print(f"{line}  x{feeds_s / b_feeds_s:5.1f} feeds/s vs baseline  {statuses}")
    print(
        f"{'baseline':15} {b_elapsed:7.2f} s  {b_feeds_s:8.1f} feeds/s  {b_items_s:9.0f} items/s  "
        f"(httpx + feedparser, sequential, {args.baseline_feeds} feeds, cpu_s {b_cpu:.2f})"
    )
    a_items_s = rows[0][2] / rows[0][1]
    a_cpu_rate = rows[0][2] / rows[0][3]["cpu_s"]
    print(
        f"(a) items/s vs baseline: x{a_items_s / b_items_s:.1f} wall-clock, "
        f"x{a_cpu_rate / (b_items / b_cpu):.1f} per CPU second of this process   "
        f"peak RSS {peak_rss_mb():.0f} MB   load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
