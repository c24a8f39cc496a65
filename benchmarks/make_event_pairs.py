"""Build tests/data/event_pairs.jsonl from the hand-written stories in tests/data/event_stories.psv.

Same-event pairs: every two stories of one event. Different-event pairs: two stories of different
events that share a company or a person and are either within two weeks of each other or the same
kind of happening for the same lead company (two rounds months apart) — the hard cases, so that
precision is measured where mistakes are likely. Run: .venv/bin/python benchmarks/make_event_pairs.py
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
# Different-event pairs further apart than this are kept only when they are "repeat" events (the
# same kind of happening for the same company, e.g. two funding rounds months apart).
NEAR_DAYS = 14


def load_stories(path: Path = DATA / "event_stories.psv") -> list[dict]:
    stories = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        event, date, kinds, companies, people, title, summary = line.split("|")
        stories.append(
            {
                "event": event,
                "date": date + ":00+00:00",
                "kinds": [k for k in kinds.split(";") if k],
                "companies": [c for c in companies.split(";") if c],
                "people": [p for p in people.split(";") if p],
                "title": title,
                "summary": summary,
            }
        )
    return stories


def pairs(stories: list[dict]) -> list[dict]:
    out = []
    for a, b in itertools.combinations(stories, 2):
        same = a["event"] == b["event"]
        shared = set(a["companies"]) & set(b["companies"]) or set(a["people"]) & set(b["people"])
        days = abs((datetime.fromisoformat(a["date"]) - datetime.fromisoformat(b["date"])).days)
        repeat = a["companies"][:1] == b["companies"][:1] and a["kinds"] == b["kinds"]
        if same or (shared and (days <= NEAR_DAYS or repeat)):
            out.append({"same": same, "a": a, "b": b})
    return out


def main() -> None:
    rows = pairs(load_stories())
    with (DATA / "event_pairs.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    same = sum(r["same"] for r in rows)
    print(f"{len(rows)} pairs: {same} same-event, {len(rows) - same} different-event")


if __name__ == "__main__":
    main()
