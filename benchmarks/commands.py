"""Latency of `/talent <company>` and of matching a new event to its channels, at scale (issue 7).

Loads a synthetic store shaped like production — stories grouped into events (most stories
irrelevant, a few percent relevant across the registry's companies, 1–5 stories per event, over 60
days) and subscriptions skewed toward popular companies — into a fresh SQLite file and a fresh
PostgreSQL database, then times, through the code the bot runs:

  * `/talent <company>` end to end via `handlers.dispatch`, for popular and for rare companies;
  * matching one new event: `ChannelRepo.matching` (the SQL form of `matching_channels`).

Each is shown next to a naive baseline in the same run (a full scan filtered in Python, giving the
same answer) so the ratio shows what the indexes buy. Exit status 1 when a p95 target is missed.

Run: .venv/bin/python benchmarks/commands.py [--stories 100000] [--subscriptions 10000]
         [--backend sqlite|postgres|both] [--queries 300]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

import sqlalchemy as sa

from bot.chat.messages import Reply
from bot.domain.companies import CompanyRegistry
from bot.domain.models import Classification, KindFilter
from bot.jobs.digest import DigestService
from bot.pipeline import cluster
from bot.pipeline.match import matching_channels, wanted_kinds
from bot.store.channels import Subscriber
from bot.store.db import Database, upgrade_sync
from bot.store.queries import Store
from bot.store.schema import channels, event_companies, events, stories, subscriptions
from bot.store.stories import _event, event_line
from handlers import dispatch
from handlers.base import CommandRequest, HandlerDeps
from handlers.stories import LIMIT, WINDOW_DAYS

POPULAR = ("Amazon", "OpenAI", "Nvidia", "Meta", "Google")
SPAN = timedelta(days=60)
CHUNK = 2000  # rows per executemany: well under SQLite's and asyncpg's parameter limits
TARGET_TALENT_MS = 50.0
TARGET_MATCH_MS = 5.0
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

OUTLETS = ("Reuters", "Bloomberg", "The Information", "TechCrunch", "CNBC", "The Verge", "FT", "WSJ")
PEOPLE = (
    "Ada Lang",
    "Ben Ortiz",
    "Chen Wei",
    "Dana Roy",
    "Eli Park",
    "Farah Khan",
    "Gus Moreau",
    "Hana Sato",
)
AMOUNTS = (5e6, 2e7, 1e8, 4e8, 1e9, 6.6e9, 4e10)
NOISE = ("earnings beat", "new phone", "data-center lease", "antitrust hearing", "price cut", "outage")


# ---- the synthetic data set -----------------------------------------------------------------


@dataclass
class Dataset:
    now: datetime
    popular: list[str]  # as a user types them
    rare: list[str]
    events: list[dict[str, Any]] = field(default_factory=list)
    event_companies: list[dict[str, Any]] = field(default_factory=list)
    stories: list[dict[str, Any]] = field(default_factory=list)
    channels: list[dict[str, Any]] = field(default_factory=list)
    subscriptions: list[dict[str, Any]] = field(default_factory=list)
    new_events: list[Classification] = field(default_factory=list)  # to match, not stored


class Popularity:
    """Zipf weights over the registry, the popular companies first: a few get most of the news and
    most of the subscriptions, the long tail a handful each — as in production."""

    def __init__(self, registry: CompanyRegistry, rng: Random, exponent: float = 1.0) -> None:
        rest = [n for n in registry.names() if n not in POPULAR]
        rng.shuffle(rest)  # the registry's order is by category, not by how often companies are news
        self.names = [*POPULAR, *rest]
        self.weights = [1.0 / (rank + 1) ** exponent for rank in range(len(self.names))]
        self.rng = rng

    def sample(self, k: int) -> list[str]:
        """k distinct companies, weighted."""
        chosen: dict[str, None] = {}
        while len(chosen) < k:
            chosen[self.rng.choices(self.names, self.weights)[0]] = None
        return list(chosen)


def classification(pop: Popularity, rng: Random) -> Classification:
    r = rng.random()
    talent, investment = (True, False) if r < 0.6 else (False, True) if r < 0.95 else (True, True)
    companies = tuple(pop.sample(rng.choices((1, 2, 3), (55, 35, 10))[0]))
    return Classification(
        talent=talent,
        investment=investment,
        companies=companies,
        people=(rng.choice(PEOPLE),) if talent else (),
        event_type="departure" if talent else "funding_round",
        amount_usd=rng.choice(AMOUNTS) if investment else None,
        confidence=round(rng.uniform(0.6, 0.99), 2),
        why="synthetic",
    )


def headline(c: Classification, rng: Random) -> str:
    if c.talent:
        return f"{c.people[0]} leaves {c.companies[0]} to lead AI research at {rng.choice(c.companies)}"
    return f"{c.companies[0]} raises ${(c.amount_usd or 0) / 1e6:,.0f}M from {', '.join(c.companies[1:]) or 'investors'}"


def build(
    registry: CompanyRegistry,
    n_stories: int,
    n_subs: int,
    relevant_share: float,
    seed: int,
    zipf: float = 1.0,
) -> Dataset:
    rng = Random(seed)
    pop = Popularity(registry, rng, zipf)
    now = datetime.now(UTC).replace(microsecond=0)
    data = Dataset(now=now, popular=[n.lower() for n in POPULAR], rare=[n.lower() for n in pop.names[-20:]])

    # Relevant stories, grouped into events of 1–5 (most events are reported once or twice).
    n_relevant = round(n_stories * relevant_share)
    grouped: list[tuple[Classification, str, datetime, datetime, list[datetime]]] = []
    left = n_relevant
    while left > 0:
        size = min(left, rng.choices((1, 2, 3, 4, 5), (45, 25, 15, 10, 5))[0])
        left -= size
        c = classification(pop, rng)
        first = now - SPAN * rng.random()
        published = first - timedelta(hours=6 * rng.random())
        seen = [first] + sorted(min(now, first + timedelta(hours=36 * rng.random())) for _ in range(size - 1))
        grouped.append((c, headline(c, rng), published, first, seen))
    grouped.sort(key=lambda g: g[3])  # ids grow with time, as when the bot ingests

    story_rows: list[dict[str, Any]] = []
    for event_id, (c, title, published, first, seen) in enumerate(grouped, start=1):
        cjson = c.model_dump(mode="json")
        fp = cluster.fingerprint(title, "", c.companies, c.people, c.kinds, published)
        data.events.append(
            {
                "id": event_id,
                "title": title,
                "url": f"https://news.example/e/{event_id}",
                "source": rng.choice(OUTLETS),
                "summary": f"{title}. More details in the story.",
                "published_at": published,
                "first_seen_at": first,
                "last_seen_at": seen[-1],
                "story_count": len(seen),
                "talent": c.talent,
                "investment": c.investment,
                "classification": cjson,
                "fingerprint": cluster.dump(fp),
            }
        )
        data.event_companies += [{"event_id": event_id, "company": n} for n in c.companies]
        for i, at in enumerate(seen):
            story_rows.append(_story(rng, title if i == 0 else f"{title} ({i})", at, True, cjson, event_id))

    # Irrelevant stories: never grouped (ingest only makes events of relevant ones).
    irrelevant = Classification(confidence=0.1, why="synthetic").model_dump(mode="json")
    for _ in range(n_stories - n_relevant):
        at = now - SPAN * rng.random()
        subject = rng.choice(pop.names)
        story_rows.append(_story(rng, f"{subject} {rng.choice(NOISE)}", at, False, irrelevant, None))
    story_rows.sort(key=lambda s: s["seen_at"])
    for story_id, row in enumerate(story_rows, start=1):
        row["id"] = story_id
        row["key"] = f"https://news.example/s/{story_id}"
        row["url"] = row["key"]
    data.stories = story_rows

    # Channels with 1–10 subscriptions each, until the total is reached; a few are paused.
    kinds = (KindFilter.ALL.value, KindFilter.TALENT.value, KindFilter.INVESTMENT.value)
    made = 0
    while made < n_subs:
        channel_id = len(data.channels) + 1
        slack = rng.random() < 0.6
        data.channels.append(
            {
                "id": channel_id,
                "platform": "slack" if slack else "discord",
                "workspace": f"T{channel_id // 4:08d}" if slack else str(10**17 + channel_id // 4),
                "channel": f"C{channel_id:09d}" if slack else str(2 * 10**17 + channel_id),
                "digest_enabled": True,
                "digest_time": "09:00",
                "digest_tz": "UTC",
                "paused_at": now - timedelta(days=3) if rng.random() < 0.03 else None,
                "paused_reason": None,
                "created_at": now - SPAN,
            }
        )
        for company in pop.sample(min(n_subs - made, rng.randint(1, 10))):
            made += 1
            data.subscriptions.append(
                {
                    "id": made,
                    "channel_id": channel_id,
                    "company": company,
                    "kinds": rng.choices(kinds, (60, 25, 15))[0],
                    "created_at": now - SPAN,
                }
            )

    data.new_events = [classification(pop, rng) for _ in range(500)]
    return data


def _story(
    rng: Random, title: str, at: datetime, relevant: bool, cjson: dict[str, Any], event_id: int | None
) -> dict[str, Any]:
    return {
        "source_id": None,
        "source": rng.choice(OUTLETS),
        "title": title,
        "summary": "",
        "published_at": at - timedelta(minutes=30),
        "seen_at": at,
        "relevant": relevant,
        "classification": cjson,
        "event_id": event_id,
    }


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


async def load(db: Database, data: Dataset) -> None:
    """Bulk executemany in chunks, one transaction; then what the server would do on its own."""
    async with db.engine.begin() as conn:
        for table, rows in (
            (events, data.events),
            (event_companies, data.event_companies),
            (stories, data.stories),
            (channels, data.channels),
            (subscriptions, data.subscriptions),
        ):
            for chunk in _chunks(rows):
                await conn.execute(table.insert(), chunk)
        if db.dialect == "postgresql":
            # Explicit ids leave the serial sequences behind; later inserts would collide.
            for table in (events, stories, channels, subscriptions):
                await conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"
                    )
                )
    if db.dialect == "postgresql":
        # Autovacuum would analyze a table after this many new rows; do it now rather than time
        # plans made without statistics. (SQLite gets no ANALYZE: the bot never runs one there.)
        async with db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(sa.text("VACUUM ANALYZE"))


# ---- the naive baselines: same answers, full scans, filtering in Python ----------------------


async def naive_talent(req: CommandRequest, deps: HandlerDeps) -> Reply:
    """`/talent <company>` as if there were no index: every event read, filtered in Python."""
    company = deps.registry.resolve(req.args)
    assert company is not None
    since = deps.now() - timedelta(days=WINDOW_DAYS)
    async with deps.store.db.engine.connect() as conn:
        rows = (await conn.execute(sa.select(events))).all()
    hits = [
        r
        for r in rows
        if r.talent and r.first_seen_at >= since and company.name in r.classification.get("companies", ())
    ]
    hits.sort(key=lambda r: (r.published_at, r.id), reverse=True)
    lines = tuple(event_line(_event(r)) for r in hits[:LIMIT])
    return Reply(text=f"Latest AI-talent events involving {company.name}:", items=lines)


async def naive_subscribers(store: Store, companies: Sequence[str]) -> list[Subscriber]:
    """Every subscription of every channel read, filtered in Python."""
    names = set(companies)
    query = sa.select(
        subscriptions.c.channel_id, subscriptions.c.company, subscriptions.c.kinds, channels.c.paused_at
    ).join(channels, channels.c.id == subscriptions.c.channel_id)
    async with store.db.engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [
        Subscriber(r.channel_id, r.company, KindFilter(r.kinds))
        for r in rows
        if r.company in names and r.paused_at is None
    ]


# ---- timing -----------------------------------------------------------------------------------


@dataclass
class Row:
    backend: str
    operation: str
    target_ms: float
    samples: list[float]
    baseline: list[float]
    mean_rows: float

    @staticmethod
    def pct(samples: list[float], p: int) -> float:
        return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]

    @property
    def met(self) -> bool:
        return self.pct(self.samples, 95) <= self.target_ms


async def timed(op: Callable[[int], Awaitable[Any]], queries: int, warmup: int) -> list[float]:
    for i in range(warmup):  # fill the page cache, the pool, SQLAlchemy's statement cache
        await op(i)
    # The generated rows (100k dicts) live in this process but would not in the bot's: keep the
    # garbage collector from walking them during the timed queries.
    gc.collect()
    gc.freeze()
    out: list[float] = []
    for i in range(queries):
        start = time.perf_counter()
        await op(warmup + i)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _req(company: str) -> CommandRequest:
    return CommandRequest("slack", "T1", "C1", "U1", "talent", company)


async def measure(
    backend: str, url: str, data: Dataset, registry: CompanyRegistry, queries: int
) -> list[Row]:
    db = Database(url)
    store = Store(db)
    deps = HandlerDeps(
        store=store, registry=registry, digests=DigestService(store, lambda: data.now), now=lambda: data.now
    )
    try:
        started = time.perf_counter()
        await load(db, data)
        print(f"{backend}: loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        warmup = max(20, queries // 10)
        rows: list[Row] = []

        for label, names in (("popular", data.popular), ("rare", data.rare)):
            counts: list[int] = []

            async def talent(i: int, names: list[str] = names, counts: list[int] = counts) -> None:
                reply = await dispatch(_req(names[i % len(names)]), deps)
                assert not reply.ephemeral, reply.text  # an error reply would time the apology
                counts.append(len(reply.items))

            async def talent_naive(i: int, names: list[str] = names) -> None:
                await naive_talent(_req(names[i % len(names)]), deps)

            # The baseline must give the same answer, or the ratio compares different work.
            for name in names:
                got = await dispatch(_req(name), deps)
                want = await naive_talent(_req(name), deps)
                assert [x.event_id for x in got.items] == [x.event_id for x in want.items], name
            samples = await timed(talent, queries, warmup)
            base = await timed(talent_naive, queries, warmup)
            mean = statistics.fmean(counts[warmup:])
            rows.append(Row(backend, f"/talent <{label} company>", TARGET_TALENT_MS, samples, base, mean))

        matched: list[int] = []

        async def match(i: int) -> None:
            c = data.new_events[i % len(data.new_events)]
            matched.append(len(await store.channels.matching(c.companies, wanted_kinds(c))))

        async def match_naive(i: int) -> None:
            c = data.new_events[i % len(data.new_events)]
            matching_channels(c, await naive_subscribers(store, c.companies))

        for c in data.new_events[:50]:
            got_ids = await store.channels.matching(c.companies, wanted_kinds(c))
            assert got_ids == matching_channels(c, await naive_subscribers(store, c.companies))
        samples = await timed(match, queries, warmup)
        base = await timed(match_naive, queries, warmup)
        mean = statistics.fmean(matched[warmup:])
        rows.append(Row(backend, "match new event → channels", TARGET_MATCH_MS, samples, base, mean))
        return rows
    finally:
        await db.dispose()


# ---- backends -------------------------------------------------------------------------------


async def run_sqlite(data: Dataset, registry: CompanyRegistry, queries: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="talentbot-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        await asyncio.to_thread(upgrade_sync, url)  # Alembic's env runs its own event loop
        return await measure("sqlite", url, data, registry, queries)


async def run_postgres(data: Dataset, registry: CompanyRegistry, queries: int, admin_url: str) -> list[Row]:
    import asyncpg

    try:
        admin = await asyncpg.connect(admin_url, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        print(f"PostgreSQL not reachable at {admin_url} ({exc.__class__.__name__}): skipped", file=sys.stderr)
        return []
    name = f"talentbot_bench_{uuid.uuid4().hex[:10]}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{admin_url.rpartition('/')[0]}/{name}"
        await asyncio.to_thread(upgrade_sync, url)
        return await measure("postgres", url, data, registry, queries)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def print_table(data: Dataset, rows: list[Row], queries: int, load_at_start: float) -> None:
    print(
        f"\n{len(data.stories):,} stories ({sum(s['relevant'] for s in data.stories):,} relevant) in "
        f"{len(data.events):,} events; {len(data.subscriptions):,} subscriptions of {len(data.channels):,} "
        f"channels; {queries} timed queries per operation after warm-up; baseline = full scan filtered in Python\n"
    )
    head = (
        f"{'backend':<9} {'operation':<28} {'min ms':>7} {'p50 ms':>7} {'p95 ms':>7} {'target':>8} {'met':>4} "
        f"{'base p50':>9} {'base p95':>9} {'×p50':>6} {'rows':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        p50, p95 = r.pct(r.samples, 50), r.pct(r.samples, 95)
        b50, b95 = r.pct(r.baseline, 50), r.pct(r.baseline, 95)
        print(
            f"{r.backend:<9} {r.operation:<28} {min(r.samples):>7.2f} {p50:>7.2f} {p95:>7.2f} {'≤' + format(r.target_ms, 'g'):>8} "
            f"{'yes' if r.met else 'NO':>4} {b50:>9.2f} {b95:>9.2f} {b50 / p50:>6.1f} {r.mean_rows:>6.1f}"
        )
    print(
        "\nmin = fastest query (the cost on an idle core); rows = mean events listed (/talent) or "
        "channels matched, per query; ×p50 = baseline p50 / p50"
    )
    # Other work on the machine inflates the tails; say how busy it was so runs can be compared.
    print(
        f"load average (1 min): {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        f"on {os.cpu_count()} CPUs"
    )


async def main_async(args: argparse.Namespace) -> int:
    load_at_start = os.getloadavg()[0]
    registry = CompanyRegistry.load()
    started = time.perf_counter()
    data = build(registry, args.stories, args.subscriptions, args.relevant, args.seed, args.zipf)
    print(f"generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    rows: list[Row] = []
    if args.backend in ("sqlite", "both"):
        rows += await run_sqlite(data, registry, args.queries)
    if args.backend in ("postgres", "both"):
        rows += await run_postgres(data, registry, args.queries, args.pg_admin_url)
    print_table(data, rows, args.queries, load_at_start)
    return 0 if all(r.met for r in rows) else 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--queries", type=int, default=300, help="timed queries per operation (after warm-up)"
    )
    parser.add_argument("--relevant", type=float, default=0.04, help="share of stories that are relevant")
    parser.add_argument(
        "--zipf", type=float, default=1.0, help="popularity skew: company of rank r weighs 1/r^zipf"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL, help="where to create the scratch database")
    args = parser.parse_args()
    if args.queries < 2:
        parser.error("--queries: at least 2, to have percentiles")
    sys.exit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
