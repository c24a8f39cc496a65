"""Precision and recall of "same event" on tests/data/event_pairs.jsonl.

A pair counts as predicted-same when find_event attaches story b to an event whose only story is a.
Run: .venv/bin/python benchmarks/cluster_eval.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

from bot.pipeline.cluster import Fingerprint, find_event, fingerprint

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "event_pairs.jsonl"


def fp_of(story: dict) -> Fingerprint:
    return fingerprint(
        story["title"],
        story["summary"],
        story["companies"],
        story["people"],
        story["kinds"],
        datetime.fromisoformat(story["date"]),
    )


def evaluate(path: Path = PAIRS) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tp = fp = fn = tn = 0
    errors = []
    for row in rows:
        predicted = find_event(fp_of(row["b"]), [(1, fp_of(row["a"]))]) == 1
        if predicted and row["same"]:
            tp += 1
        elif predicted:
            fp += 1
            errors.append(("false merge", row))
        elif row["same"]:
            fn += 1
            errors.append(("missed", row))
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"pairs": len(rows), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "errors": errors}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="print the misjudged pairs")
    args = parser.parse_args()
    result = evaluate()
    print(
        f"pairs={result['pairs']} same={result['tp'] + result['fn']} different={result['fp'] + result['tn']} "
        f"tp={result['tp']} fp={result['fp']} fn={result['fn']} "
        f"precision={result['precision']:.3f} recall={result['recall']:.3f}"
    )
    if args.errors:
        for what, row in result["errors"]:
            print(
                f"{what}: [{row['a']['event']}] {row['a']['title']}  <>  [{row['b']['event']}] {row['b']['title']}"
            )
    # speed: one story against 500 recent events
    candidates = [
        (i, fp_of(json.loads(line)["a"])) for i, line in enumerate(PAIRS.read_text().splitlines()[:500])
    ]
    probe = candidates[0][1]
    start = time.perf_counter()
    for _ in range(20):
        find_event(probe, candidates)
    per_call = (time.perf_counter() - start) / 20
    print(f"find_event against {len(candidates)} candidates: {per_call * 1000:.2f} ms")


if __name__ == "__main__":
    main()
