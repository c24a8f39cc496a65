"""Classifier throughput on one core, peak RSS, and a naive baseline for comparison.

    .venv/bin/python benchmarks/classify.py            # figures
    .venv/bin/python benchmarks/classify.py --flagged  # also list flagged real-feed items

Data: the real feeds and dev set in ../shared (or $TALENTBOT_SHARED). Feeds are parsed with
feedparser before timing starts; only classification is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.classify import Classifier  # noqa: E402
from bot.classify.text import strip_html  # noqa: E402

Item = tuple[str, str]


def shared_dir() -> Path:
    path = Path(os.environ.get("TALENTBOT_SHARED", REPO.parent / "shared"))
    if not (path / "feeds/real").is_dir() or not (path / "eval/dev.jsonl").is_file():
        sys.exit(f"benchmarks/classify.py: shared data not found at {path} (set TALENTBOT_SHARED)")
    return path


def feed_items(shared: Path) -> list[tuple[str, str, str]]:
    import feedparser

    items: list[tuple[str, str, str]] = []
    for path in sorted((shared / "feeds/real").glob("*.xml")):
        for entry in feedparser.parse(str(path)).entries:
            items.append((entry.get("title", ""), entry.get("summary", ""), path.name))
    return items


def dev_items(shared: Path) -> list[Item]:
    rows = [json.loads(line) for line in (shared / "eval/dev.jsonl").read_text().splitlines() if line.strip()]
    return [(row["title"], row.get("summary", "")) for row in rows]


def rate(
    run: Callable[[Sequence[Item]], object], items: Sequence[Item], min_seconds: float = 1.0
) -> tuple[float, float]:
    """(items per CPU second, items per wall second), repeating the list for at least `min_seconds`.

    CPU time of this process is the one-core figure; wall time also counts waiting for the CPU
    when other processes load the machine (`/proc/loadavg` is printed for that reason).
    """
    run(items[:50])  # warm caches
    done, cpu0, wall0 = 0, time.process_time(), time.perf_counter()
    while True:
        run(items)
        done += len(items)
        cpu = time.process_time() - cpu0
        if cpu >= min_seconds:
            return done / cpu, done / (time.perf_counter() - wall0)


def naive_baseline(classifier: Classifier) -> Callable[[Sequence[Item]], object]:
    """What a first attempt looks like: per item, lower-case and scan every alias with `in`."""
    aliases = [form for form, _ in classifier.registry.surface_forms()]

    def run(items: Sequence[Item]) -> object:
        hits = 0
        for title, summary in items:
            text = strip_html(f"{title} {summary}").lower()
            for alias in aliases:
                if alias.lower() in text:
                    hits += 1
        return hits

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flagged", action="store_true", help="list real-feed items flagged relevant")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    shared = shared_dir()
    feeds = feed_items(shared)
    feed_pairs = [(t, s) for t, s, _ in feeds]
    dev = dev_items(shared)
    classifier = Classifier.load()

    def ours(items: Sequence[Item]) -> object:
        return [classifier.classify(t, s) for t, s in items]

    baseline = naive_baseline(classifier)
    print(
        f"registry: {len(classifier.registry)} companies; real-feed items: {len(feeds)}; dev items: {len(dev)}"
    )
    if Path("/proc/loadavg").exists():
        print(f"load average: {Path('/proc/loadavg').read_text().split()[0]} on {os.cpu_count()} CPUs")
    for label, items in (("real feeds", feed_pairs), ("dev.jsonl", dev)):
        (fast, fast_wall), (slow, _) = rate(ours, items), rate(baseline, items)
        print(
            f"{label:<11} classifier {fast:>9,.0f} items/s CPU ({fast_wall:,.0f}/s wall)   "
            f"naive alias scan {slow:>8,.0f} items/s CPU   ratio {fast / slow:.1f}x"
        )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")

    flagged = [(t, s, f, c) for (t, s, f) in feeds if (c := classifier.classify(t, s)).relevant]
    print(f"real-feed items flagged talent or investment: {len(flagged)} of {len(feeds)}")
    if args.flagged:
        for title, _, source, result in flagged:
            kinds = "+".join(k.value for k in result.kinds)
            print(f"- [{kinds}] {strip_html(title)} ({source})\n    why: {result.why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
