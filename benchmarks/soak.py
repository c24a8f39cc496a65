"""Soak: several `talentbot run` instances on one PostgreSQL, many changing feeds, a flaky Slack.

    feeds (aiohttp, 127.0.0.1) ─▶ 3 × `talentbot run` ─▶ PostgreSQL (talentbot_soak)
                                        │
                                        └──▶ fake Slack Web API (429 + Retry-After on 10 % of posts)

1,000 RSS feeds on one local server; every few seconds some of them gain a new story (each story
its own AI-talent event). 500 Slack channels are subscribed through the store, each to one of the
five hiring companies. Mid-run one instance is killed with SIGKILL and restarted. At the end every
expected (channel, event) alert must have been posted exactly once; the script prints expected,
delivered, duplicates, lost and the delivery latency from a story appearing in a feed to its post.

    .venv/bin/python benchmarks/soak.py --minutes 3

Needs PostgreSQL on 127.0.0.1:5432 with trust auth; (re)creates the database `talentbot_soak`.
Exit code 0 when nothing was lost or duplicated, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp import web

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.domain.models import ChannelRef, KindFilter  # noqa: E402
from bot.store.db import Database, upgrade_sync  # noqa: E402
from bot.store.queries import Store  # noqa: E402
from tests.fakes.feeds import DISTINCT_HEADLINES, HIRERS, talent_headline  # noqa: E402

TOKEN = "xoxb-soak-0123456789"
TEAM = "T1SOAK"
STORY_URL = re.compile(r"https://soak\.example/story/(\d+)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def start_site(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


# ---- the feeds ---------------------------------------------------------------------------------


@dataclass
class Feed:
    version: int = 0
    items: list[tuple[str, str, datetime]] = field(default_factory=list)  # title, link, published
    body: bytes = b""


class Feeds:
    """1,000 RSS documents with ETags (unchanged feeds answer 304, as real servers do)."""

    def __init__(self, count: int) -> None:
        now = datetime.now(UTC)
        self.feeds = [
            Feed(items=[(f"Weather and markets roundup {i}", f"https://soak.example/misc/{i}", now)])
            for i in range(count)
        ]
        for feed in self.feeds:
            self._render(feed)
        self.appeared: dict[int, float] = {}  # story number → when it first appeared in a feed
        self.requests = 0

    def add_story(self, feed_no: int, story: int) -> None:
        feed = self.feeds[feed_no]
        title, _ = talent_headline(story)
        feed.items = [(title, f"https://soak.example/story/{story}", datetime.now(UTC)), *feed.items][:20]
        feed.version += 1
        self._render(feed)
        self.appeared.setdefault(story, time.time())

    def _render(self, feed: Feed) -> None:
        items = "".join(
            f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{format_datetime(p)}</pubDate></item>"
            for t, link, p in feed.items
        )
        feed.body = f"<?xml version='1.0'?><rss version='2.0'><channel><title>soak</title>{items}</channel></rss>".encode()

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        feed = self.feeds[int(request.match_info["n"])]
        etag = f'"v{feed.version}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=feed.body, content_type="application/rss+xml", headers={"ETag": etag})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/feed/{n}", self.handle)
        return app


# ---- the fake Slack ----------------------------------------------------------------------------


@dataclass
class Post:
    channel: str
    key: str
    story: int | None
    thread: str | None
    at: float


class Slack:
    """chat.postMessage (a share of them answered 429 + Retry-After), conversations.history, auth.test."""

    def __init__(self, rate_limited: float, retry_after: int) -> None:
        self.rate_limited = rate_limited
        self.retry_after = retry_after
        self.posts: list[Post] = []
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.answered_429 = 0
        self.history_calls = 0
        self._ts = 0
        self._random = random.Random(7)

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.method == "POST":
            params.update(await request.post())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or params.get("token")
        if token != TOKEN:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "auth.test":
            return web.json_response({"ok": True, "team_id": TEAM, "user_id": "USOAK", "bot_id": "BSOAK"})
        if method == "conversations.history":
            self.history_calls += 1
            messages = list(reversed(self.history.get(str(params["channel"]), [])))[
                : int(params.get("limit", 100))
            ]
            return web.json_response({"ok": True, "messages": messages, "has_more": False})
        if method != "chat.postMessage":
            return web.json_response({"ok": False, "error": "unknown_method"})
        if self._random.random() < self.rate_limited:
            self.answered_429 += 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(self.retry_after)},
            )
        self._ts += 1
        channel = str(params["channel"])
        ts = f"1700000000.{self._ts:06d}"
        key = str(((params.get("metadata") or {}).get("event_payload") or {}).get("key", ""))
        found = STORY_URL.search(str(params.get("text", "")))
        story = int(found.group(1)) if found and key.startswith(("alert:", "followup:")) else None
        self.posts.append(Post(channel, key, story, params.get("thread_ts"), time.time()))
        self.history.setdefault(channel, []).append(
            {"type": "message", "ts": ts, "metadata": params.get("metadata")}
        )
        return web.json_response({"ok": True, "channel": channel, "ts": ts})

    def app(self) -> web.Application:
        app = web.Application(client_max_size=4 << 20)
        app.router.add_route("*", "/api/{method}", self.api)
        return app


# ---- the instances -----------------------------------------------------------------------------


class Instance:
    def __init__(self, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.env = env
        self.log = workdir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(REPO / ".venv" / "bin" / "talentbot"), "run"],
                env=self.env,
                cwd=self.log.parent,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.kills += 1

    async def terminate(self) -> int:
        """SIGTERM, then wait (in a thread: the feeds and the fake Slack keep serving meanwhile)."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.to_thread(self.proc.wait, 60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return -9


def write_config(path: Path, feeds_url: str, count: int, interval: str) -> None:
    lines = []
    for i in range(count):
        lines += [
            "[[sources]]",
            f'name = "feed{i:04d}"',
            'kind = "rss"',
            f'url = "{feeds_url}/feed/{i}"',
            f'interval = "{interval}"',
        ]
        if i < len(HIRERS):  # "covers" the company, so no Google News source is added for it
            lines.append(f'company = "{HIRERS[i]}"')
        lines.append("")
    lines += ["[alerts]", "max_per_hour = 1000000", "", "[polling]", "per_host = 16", "timeout = 10", ""]
    path.write_text("\n".join(lines))


async def prepare_database(base_url: str, name: str, channels: int) -> str:
    conn = await asyncpg.connect(f"{base_url}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = f"{base_url}/{name}"
    await asyncio.to_thread(upgrade_sync, url)
    db = Database(url)
    store = Store(db)
    now = datetime.now(UTC)
    for i in range(channels):
        ch = await store.channels.ensure(
            ChannelRef(platform="slack", workspace=TEAM, channel=f"C{i:04d}"), now
        )
        await store.channels.subscribe(ch.id, HIRERS[i % len(HIRERS)], KindFilter.ALL, now)
        await store.channels.set_digest(ch.id, enabled=False)  # alerts only: digests are not counted here
    await db.dispose()
    return url


async def scalar(url: str, sql: str) -> Any:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(sql)
    finally:
        await conn.close()


async def statuses(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(url)
    try:
        return {
            r["status"]: r["n"]
            for r in await conn.fetch("SELECT status, count(*) AS n FROM deliveries GROUP BY status")
        }
    finally:
        await conn.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def soak(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="talentbot-soak-"))
    feeds = Feeds(args.feeds)
    slack = Slack(args.rate_limited, args.retry_after)
    feeds_runner, feeds_url = await start_site(feeds.app())
    slack_runner, slack_url = await start_site(slack.app())
    url = await prepare_database(args.pg, args.database, args.channels)
    config = workdir / "soak.toml"
    write_config(config, feeds_url, args.feeds, args.interval)
    subscribers = Counter(HIRERS[i % len(HIRERS)] for i in range(args.channels))
    print(
        f"soak: {args.instances} instances, {args.feeds} feeds, {args.channels} channels, {args.minutes} min; logs in {workdir}"
    )

    instances = []
    for i in range(args.instances):
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", str(workdir)),
            "TALENTBOT_DATABASE_URL": url,
            "TALENTBOT_CONFIG": str(config),
            "TALENTBOT_HTTP_PORT": str(free_port()),
            "TALENTBOT_INSTANCE": f"soak-{i}",
            "TALENTBOT_CONNECTIONS": "all" if i == 0 else "none",
            "TALENTBOT_LOG_FORMAT": "json",
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": "soak-signing-secret",
            "SLACK_API_URL": f"{slack_url}/api/",
        }
        instances.append(Instance(f"soak-{i}", env, workdir))
    for inst in instances:
        inst.start()

    started = time.monotonic()
    exit_codes: list[int] = []
    try:
        # Each source's first poll only records what is there (no flood when a source is added).
        while await scalar(url, "SELECT count(*) FROM sources WHERE primed") < args.feeds:
            if time.monotonic() - started > 300:
                raise SystemExit("soak: sources were not all polled within 5 minutes")
            await asyncio.sleep(1)
        print(f"soak: all {args.feeds} sources primed after {time.monotonic() - started:.0f} s")

        run_for = args.minutes * 60
        t0 = time.monotonic()
        victim = instances[-1]
        killed = restarted = False
        story = 0
        rng = random.Random(42)
        while (elapsed := time.monotonic() - t0) < run_for:
            if not killed and elapsed >= 0.4 * run_for:
                victim.kill()
                killed = True
                print(f"soak: t={elapsed:.0f}s SIGKILL {victim.name}")
            if killed and not restarted and elapsed >= 0.55 * run_for:
                victim.start()
                restarted = True
                print(f"soak: t={elapsed:.0f}s restarted {victim.name}")
            for _ in range(args.stories_per_tick):
                if story >= DISTINCT_HEADLINES:
                    break
                # Each story appears in two feeds, a moment apart: still one story, one event.
                first, second = rng.sample(range(args.feeds), 2)
                feeds.add_story(first, story)
                feeds.add_story(second, story)
                story += 1
            await asyncio.sleep(args.tick)
        expected = {
            (f"C{i:04d}", n)
            for n in range(story)
            for i in range(args.channels)
            if HIRERS[i % len(HIRERS)] == talent_headline(n)[1]
        }
        print(f"soak: {story} stories published; waiting for the outbox to drain")

        deadline = time.monotonic() + args.drain_timeout
        while time.monotonic() < deadline:
            delivered = {(p.channel, p.story) for p in slack.posts if p.story is not None}
            pending = await scalar(url, "SELECT count(*) FROM deliveries WHERE status = 'pending'")
            if expected <= delivered and pending == 0:
                break
            await asyncio.sleep(1)
        await asyncio.sleep(3)  # anything still in flight would show up as a duplicate now
    finally:
        exit_codes = list(await asyncio.gather(*(inst.terminate() for inst in instances)))
        await feeds_runner.cleanup()
        await slack_runner.cleanup()

    alerts = [p for p in slack.posts if p.story is not None]
    per_pair = Counter((p.channel, p.story) for p in alerts)
    delivered = set(per_pair) & expected
    unexpected = set(per_pair) - expected
    duplicates = sum(n - 1 for n in per_pair.values())
    lost = len(expected - delivered)
    first_post: dict[tuple[str, int], float] = {}
    for p in alerts:
        pair = (p.channel, p.story or 0)
        first_post.setdefault(pair, p.at)
    latencies = [first_post[pair] - feeds.appeared[pair[1]] for pair in delivered]
    rows = await statuses(url)
    print()
    print(
        f"alerts expected      {len(expected)}  ({story} events x subscribed channels; {dict(subscribers)})"
    )
    print(f"alerts delivered     {len(delivered)}")
    print(f"duplicates           {duplicates}")
    print(f"lost                 {lost}")
    print(f"unexpected           {len(unexpected)}")
    print(f"threaded follow-ups  {sum(1 for p in alerts if p.thread)}")
    if latencies:
        print(
            f"latency feed→post    p50 {statistics.median(latencies):.1f} s  p95 {percentile(latencies, 0.95):.1f} s  "
            f"max {max(latencies):.1f} s  (poll interval {args.interval})"
        )
    print(
        f"slack 429s answered  {slack.answered_429}  of {slack.answered_429 + len(slack.posts)} chat.postMessage calls"
    )
    print(f"history lookups      {slack.history_calls}  (rows retried after a crash ask Slack first)")
    print(f"feed requests        {feeds.requests}")
    print(f"outbox rows          {json.dumps(rows, sort_keys=True)}")
    print(f"SIGKILLs             {sum(i.kills for i in instances)}; exit codes after SIGTERM {exit_codes}")
    ok = lost == 0 and duplicates == 0 and not unexpected and all(c == 0 for c in exit_codes)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=3.0, help="how long feeds keep changing")
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=500)
    parser.add_argument("--interval", default="10s", help="poll interval of every feed")
    parser.add_argument("--tick", type=float, default=3.0, help="seconds between feed changes")
    parser.add_argument("--stories-per-tick", type=int, default=1)
    parser.add_argument("--rate-limited", type=float, default=0.10, help="share of posts answered 429")
    parser.add_argument("--retry-after", type=int, default=1)
    parser.add_argument("--drain-timeout", type=float, default=180.0)
    parser.add_argument(
        "--pg", default="postgresql://postgres@127.0.0.1:5432", help="server URL, no database"
    )
    parser.add_argument("--database", default="talentbot_soak")
    args = parser.parse_args()

    async def run() -> int:
        task = asyncio.current_task()
        assert task is not None
        for sig in (signal.SIGINT, signal.SIGTERM):  # stop the instances we started, then exit
            asyncio.get_running_loop().add_signal_handler(sig, task.cancel)
        return await soak(args)

    try:
        return asyncio.run(run())
    except asyncio.CancelledError:
        print("soak: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
