"""Reproduce the classifier's quality figures: dev set, corpus, held-out split and 5 folds.

    .venv/bin/python benchmarks/corpus_eval.py [--mistakes]

The classifier is hand-written rules, nothing is fitted, so "cross-validation" here means: the
corpus is split into 5 folds by a hash of the item id, and each fold is scored on its own to show
the spread. Fold 0 is the held-out split: its mistakes were never looked at while writing rules
(rules were tuned on folds 1-4 and on dev.jsonl only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.classify import Classifier  # noqa: E402
from bot.classify.evaluate import EvalReport, evaluate, format_report  # noqa: E402

CORPUS = REPO / "bot/classify/data/corpus.jsonl"
FOLDS = 5


def fold(item_id: str) -> int:
    return int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % FOLDS


def line(label: str, report: EvalReport) -> str:
    return (
        f"{label:<22}{report.items:>6}{report.talent.f1:>9.3f}{report.investment.f1:>9.3f}"
        f"{report.companies.f1:>9.3f}{report.false_alert_rate:>10.1%}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mistakes", action="store_true", help="list mistakes on dev and folds 1-4")
    args = parser.parse_args()
    classifier = Classifier.load()
    items = [json.loads(row) for row in CORPUS.read_text(encoding="utf-8").splitlines() if row.strip()]
    shared = Path(os.environ.get("TALENTBOT_SHARED", REPO.parent / "shared"))
    header = f"{'set':<22}{'items':>6}{'talentF1':>9}{'investF1':>9}{'compF1':>9}{'falseAlert':>10}"
    print(header)
    rows: list[tuple[str, EvalReport]] = []
    dev = shared / "eval/dev.jsonl"
    if dev.is_file():
        rows.append(("dev.jsonl", evaluate(dev.read_text().splitlines(), classifier)))
    rows.append(("corpus (all)", evaluate(items, classifier)))
    rows.append(("tuning split (1-4)", evaluate([i for i in items if fold(i["id"]) != 0], classifier)))
    rows.append(("held-out split (0)", evaluate([i for i in items if fold(i["id"]) == 0], classifier)))
    per_fold = [evaluate([i for i in items if fold(i["id"]) == k], classifier) for k in range(FOLDS)]
    rows += [(f"fold {k}", report) for k, report in enumerate(per_fold)]
    for label, report in rows:
        print(line(label, report))
    mean = [
        sum(getattr(r, attr).f1 for r in per_fold) / FOLDS for attr in ("talent", "investment", "companies")
    ]
    fa = sum(r.false_alert_rate for r in per_fold) / FOLDS
    print(f"{'5-fold mean':<22}{'':>6}{mean[0]:>9.3f}{mean[1]:>9.3f}{mean[2]:>9.3f}{fa:>10.1%}")
    if args.mistakes:
        for label, report in rows[:1] + rows[2:3]:
            print(f"\n== {label}\n{format_report(report, max_mistakes=500)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
