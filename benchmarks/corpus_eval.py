"""Reproduce the classifier's quality figures: held-out batches, dev set, and k folds of the corpus.

    .venv/bin/python benchmarks/corpus_eval.py [--mistakes] [--folds K]

Three tables:

1. Held-out batches *before tuning*: the figures each batch scored when it was first run, read
   from bot/classify/data/batches.md (which commit scored it, and any label corrections). These are
   the only honest "unseen" figures; they cannot be recomputed from the current rules.
2. Every set *now*: dev.jsonl, each held-out batch, corpus.jsonl and the whole corpus (corpus.jsonl
   plus the batches, which joined it once scored). After tuning, batch figures are not held-out.
3. K folds of the whole corpus. Items go to folds by a hash of their id; each fold is scored by
   the rules plus a model fitted on the other folds (and on the real-feed stream, when ../shared
   is there), so the model part is cross-validated. The rules were written with every fold in view,
   so for them a fold is a scoring split, which shows the spread a set of ~100 items gives. The
   mean and the worst fold are printed; "fold 0 of corpus.jsonl" is the split whose mistakes were
   not read before batch A (its figure then: talent 0.935, investment 0.947, false alerts 2.2%).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.classify import Classifier, train  # noqa: E402
from bot.classify.evaluate import EvalReport, evaluate, format_report  # noqa: E402
from bot.classify.model import LinearModel  # noqa: E402

DATA = REPO / "bot/classify/data"
CORPUS = DATA / "corpus.jsonl"
BATCHES = DATA / "batches.md"
FOLDS = 5
_ROW = re.compile(
    r"^\|\s*([A-Z]{1,2})\s*\|\s*(\S+\.jsonl)\s*\|\s*(\d+)\s*\|\s*(\w+)\s*\|([^|]+)\|([^|]+)\|([^|]+)\|([^|]+)\|"
)


def fold(item_id: str, folds: int = FOLDS) -> int:
    return int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % folds


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(row) for row in path.read_text(encoding="utf-8").splitlines() if row.strip()]


def recorded_batches(path: Path = BATCHES) -> list[dict[str, str]]:
    """The table rows of batches.md: batch, file, items, commit and the four untouched figures."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            keys = ("batch", "file", "items", "commit", "talent", "investment", "companies", "false_alerts")
            rows.append(dict(zip(keys, (g.strip() for g in m.groups()), strict=True)))
    return rows


def whole_corpus() -> list[dict]:
    """corpus.jsonl plus every held-out batch listed in batches.md (they join the corpus once scored)."""
    items = read_jsonl(CORPUS)
    for row in recorded_batches():
        items += read_jsonl(DATA / row["file"])
    return items


def cv_models(items: list[dict], k: int, shared: Path) -> list[tuple[list[dict], dict[str, LinearModel]]]:
    """Each fold's items with the model fitted on the other folds (and on the stream, when present)."""
    rules = Classifier(Classifier.load().registry, rules_only=True)
    examples = train.examples(items, rules)
    stream = train.stream_examples(shared, rules) if (shared / "feeds/real").is_dir() else []
    out = []
    for f in range(k):
        rest = [x for x in examples + stream if train.fold_of(x.fold_key, k) != f]
        out.append(([i for i in items if fold(i["id"], k) == f], train.train(rest, report=False)))
    return out


def line(label: str, report: EvalReport) -> str:
    return (
        f"{label:<27}{report.items:>6}{report.talent.f1:>9.3f}{report.investment.f1:>9.3f}"
        f"{report.companies.f1:>9.3f}{report.false_alert_rate:>10.1%}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mistakes", action="store_true", help="list mistakes on dev and the whole corpus")
    parser.add_argument(
        "--folds", type=int, default=FOLDS, help=f"folds of the whole corpus (default {FOLDS})"
    )
    args = parser.parse_args()
    classifier = Classifier.load()
    header = f"{'set':<27}{'items':>6}{'talentF1':>9}{'investF1':>9}{'compF1':>9}{'falseAlert':>10}"

    print("1. Held-out batches, scored once before any tuning on them (from bot/classify/data/batches.md)")
    print(
        f"{'batch':<6}{'file':<18}{'items':>6}  {'commit':<9}{'talentF1':>9}{'investF1':>9}{'compF1':>9}  falseAlert"
    )
    batches = recorded_batches()
    for row in batches:
        print(
            f"{row['batch']:<6}{row['file']:<18}{row['items']:>6}  {row['commit']:<9}{row['talent']:>9}"
            f"{row['investment']:>9}{row['companies']:>9}  {row['false_alerts']}"
        )

    print(
        "\n2. Every set, current rules and shipped model (batches were tuned and trained on after their first score)"
    )
    print(header)
    rows: list[tuple[str, EvalReport]] = []
    shared = Path(os.environ.get("TALENTBOT_SHARED", REPO.parent / "shared"))
    dev = shared / "eval/dev.jsonl"
    if dev.is_file():
        rows.append(("dev.jsonl", evaluate(dev.read_text().splitlines(), classifier)))
    corpus = read_jsonl(CORPUS)
    rows.append(("corpus.jsonl", evaluate(corpus, classifier)))
    rows.append(("corpus.jsonl fold 0", evaluate([i for i in corpus if fold(i["id"]) == 0], classifier)))
    for row in batches:
        rows.append(
            (f"batch {row['batch']} ({row['file']})", evaluate(read_jsonl(DATA / row["file"]), classifier))
        )
    everything = whole_corpus()
    rows.append(("whole corpus", evaluate(everything, classifier)))
    for label, report in rows:
        print(line(label, report))

    k = max(2, args.folds)
    print(f"\n3. {k} folds of the whole corpus ({len(everything)} items, folds by a hash of the id)")
    print("   each fold scored by the rules plus a model fitted without it (python -m bot.classify.train)")
    print(header)
    per_fold = [
        evaluate(part, Classifier(classifier.registry, models))
        for part, models in cv_models(everything, k, shared)
    ]
    for f, report in enumerate(per_fold):
        print(line(f"fold {f}", report))
    for name, pick in (("mean", statistics.fmean), ("worst", min)):
        t, i, c = (
            pick(getattr(r, attr).f1 for r in per_fold) for attr in ("talent", "investment", "companies")
        )
        fa = (statistics.fmean if name == "mean" else max)(r.false_alert_rate for r in per_fold)
        print(f"{name + ' of folds':<27}{'':>6}{t:>9.3f}{i:>9.3f}{c:>9.3f}{fa:>10.1%}")
    sd = [
        statistics.pstdev(getattr(r, attr).f1 for r in per_fold)
        for attr in ("talent", "investment", "companies")
    ]
    print(f"{'std dev of folds':<27}{'':>6}{sd[0]:>9.3f}{sd[1]:>9.3f}{sd[2]:>9.3f}")

    if args.mistakes:
        for label, report in rows[:1] + rows[-1:]:
            print(f"\n== {label}\n{format_report(report, max_mistakes=500)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
