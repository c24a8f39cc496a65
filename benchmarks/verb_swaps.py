"""Metamorphic check of the classifier: swap a headline's verb for a synonym, the answer should hold.

    .venv/bin/python benchmarks/verb_swaps.py [--examples N]

For every labelled corpus item the classifier gets right whose headline uses a verb from one of the
classes below ("hires" in a talent item, "raises" in an investment item), each other verb of the
class is put in its place and the item classified again. A swap "holds" when both labels and the
party list come out as before. Verbs with a low hold rate are phrasings the rules do not know as
well as their synonyms; the held-out batches (bot/classify/data/batches.md) found such gaps one at
a time, this finds them all at once. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.classify.classifier import Classifier  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "bot/classify/data"
# (label the item must carry, verbs that can stand for one another in a headline)
CLASSES = {
    "hire": ("talent", ("hires", "taps", "recruits", "poaches", "lures", "nabs", "snags", "appoints", "names",
                        "enlists", "woos", "brings on")),
    "leave": ("talent", ("leaves", "exits", "quits", "departs", "is leaving", "walks away from", "bolts from")),
    "buy": ("investment", ("buys", "acquires", "snaps up", "scoops up", "purchases", "to buy", "to acquire",
                           "agrees to buy", "will acquire")),
    "raise": ("investment", ("raises", "secures", "lands", "closes", "bags", "nets", "pulls in", "gets",
                             "hauls in", "rakes in", "collects")),
}  # fmt: skip


def _rows() -> list[dict]:
    rows = []
    for path in sorted(DATA.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def _answer(classifier: Classifier, title: str, summary: str) -> tuple[bool, bool, frozenset[str]]:
    result = classifier.classify(title, summary)
    return result.talent, result.investment, frozenset(result.companies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2, help="failed swaps to print per verb")
    args = parser.parse_args()
    classifier = Classifier.load()
    held: Counter[tuple[str, str]] = Counter()
    tried: Counter[tuple[str, str]] = Counter()
    failures: dict[tuple[str, str], list[str]] = {}
    for row in _rows():
        title, summary = row["title"], row.get("summary") or ""
        truth = (bool(row["talent"]), bool(row["investment"]), frozenset(row["companies"]))
        base = _answer(classifier, title, summary)
        if base[:2] != truth[:2]:
            continue  # only items the classifier gets right say something about a swap
        for name, (label, verbs) in CLASSES.items():
            if not row[label]:
                continue
            for verb in verbs:
                m = re.search(
                    rf"(?<![\w-])(?<!agrees )(?<!agreed )(?<!plans ){re.escape(verb)}(?![\w-])", title
                )
                if not m:
                    continue
                goes_on = title[m.end() :].lstrip().split(" ", 1)[0]
                for other in verbs:
                    if other == verb or (other.endswith(" from") and goes_on in ("for", "to")):
                        continue  # "leaves for PwC" has no "walks away from for PwC"
                    swapped = title[: m.start()] + other + title[m.end() :]
                    tried[name, other] += 1
                    if _answer(classifier, swapped, summary) == base:
                        held[name, other] += 1
                    else:
                        failures.setdefault((name, other), []).append(swapped)
                break
    total_tried, total_held = sum(tried.values()), sum(held.values())
    print(f"verb swaps: {total_tried}; answer held in {total_held} ({total_held / max(total_tried, 1):.1%})")
    print(f"{'class':<6} {'verb put in':<18} {'held':>9}")
    for key in sorted(tried, key=lambda k: (held[k] / tried[k], k)):
        print(f"{key[0]:<6} {key[1]:<18} {held[key]:>4}/{tried[key]:<4}")
        for example in failures.get(key, [])[: args.examples]:
            print(f"         e.g. {example[:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
