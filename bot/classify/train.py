"""Fit the classifier's second reader (model.py) on the labelled corpus and write data/model.json.

    python -m bot.classify.train [SHARED_DIR]          # fit, report cross-validated figures, write
    python -m bot.classify.train [SHARED_DIR] --check  # fit and compare with the stored model

Two sources of examples. The labelled corpus in data/ (written by the team per LABELS.md), and the
real feeds in SHARED_DIR/feeds/real (default ../shared) as a stream: a realistic stream is mostly
press releases, tutorials and blog posts, which the corpus has few of, and a model that never saw
them calls "AMD and HPE expand AI infrastructure collaboration" an investment. Stream items are
read by path, never copied; those the rules flag are left out (their labels would be the rules'
own), every other one is a negative (benchmarks/real_feed_alerts.md: checked by hand). Only items
that pass the word gate are used on either side, since the model never sees the others.

Deterministic: the same corpus and code give the same weights. The thresholds come from
cross-validation, never from the items being scored: each item's probability is predicted by a
model fitted without the fold it sits in, and the threshold at which the model adds a label is the
least confident point at which those out-of-fold predictions were still right `TARGET_PRECISION`
of the time.

The targets differ by label because the model's "yes" only matters where the rules said "no", and
those additions are less precise than the model overall. They were set once by replaying held-out
batches A-C with the rules as they stood before tuning on each batch plus a model fitted without
that batch (bot/classify/data/batches.md, "Second reader"): talent is best served from about 0.93
out-of-fold precision, investment (where the rules already miss less and a headline's money invites
false calls) from about 0.97.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.classify import model as learned
from bot.classify.classifier import Classifier
from bot.classify.gates import TRIGGER_RULES, Gate
from bot.classify.text import strip_html
from bot.domain.companies import CompanyRegistry

DATA = Path(__file__).with_name("data")
REPO = Path(__file__).resolve().parents[2]
# the corpus, and each held-out batch once it has been scored (batches.md)
CORPUS_FILES = ("corpus.jsonl", *sorted(p.name for p in DATA.glob("holdout_*.jsonl")))
FOLDS = 5
EPOCHS = 25
L2 = 1e-3
LEARNING_RATE = 0.3
TARGET_PRECISION = {"talent": 0.93, "investment": 0.97}
_GRID = [i / 100 for i in range(30, 100)]


@dataclass(frozen=True)
class Example:
    id: str  # folds follow a hash of `group`: the item's id, or a stream item's feed
    features: list[str]
    labels: dict[str, bool]
    group: str = ""

    @property
    def fold_key(self) -> str:
        return self.group or self.id


def read_corpus(files: Sequence[str] = CORPUS_FILES) -> list[dict]:
    rows = []
    for name in files:
        text = (DATA / name).read_text(encoding="utf-8")
        rows += [json.loads(line) for line in text.splitlines() if line.strip()]
    return rows


_GATE = Gate()


def _gated(title: str) -> bool:
    return bool(_GATE.open_rules(strip_html(title).lower()) & TRIGGER_RULES)


def examples(rows: list[dict], classifier: Classifier) -> list[Example]:
    return [
        Example(
            row["id"],
            classifier.features(row["title"], row.get("summary") or ""),
            {label: bool(row.get(label)) for label in learned.LABELS},
        )
        for row in rows
        if _gated(row["title"])
    ]


def stream_examples(shared: Path, classifier: Classifier) -> list[Example]:
    """Gated real-feed items the rules leave alone, as negatives, one group per feed."""
    import feedparser  # only training reads feeds this way

    seen: set[str] = set()
    out: list[Example] = []
    for path in sorted((shared / "feeds/real").glob("*.xml")):
        feed = path.name.split("_")[0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            entries = feedparser.parse(str(path)).entries
        for entry in entries:
            title, summary = entry.get("title", ""), entry.get("summary", "")
            if not title or title in seen or not _gated(title):
                continue
            seen.add(title)
            if classifier.classify(title, summary).relevant:
                continue
            features = classifier.features(title, summary)
            out.append(
                Example(f"stream:{feed}:{len(out)}", features, dict.fromkeys(learned.LABELS, False), feed)
            )
    return out


def fit(data: Sequence[tuple[list[str], bool]], seed: int = 0) -> tuple[float, dict[str, float]]:
    """Logistic regression by Adagrad SGD with an L2 penalty on the weights a step touches."""
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    bias = bias_sq = 0.0
    order = list(range(len(data)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats, label = data[i]
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - label
            bias_sq += g * g
            bias -= LEARNING_RATE * g / math.sqrt(bias_sq + 1e-8)
            for f in feats:
                w = weights.get(f, 0.0)
                step = g + L2 * w
                sq = squares.get(f, 0.0) + step * step
                squares[f] = sq
                weights[f] = w - LEARNING_RATE * step / math.sqrt(sq + 1e-8)
    return bias, weights


def fold_of(item_id: str, folds: int = FOLDS) -> int:
    return int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % folds


def out_of_fold(items: Sequence[Example], label: str) -> list[float]:
    """Each item's probability from a model fitted on the other folds."""
    probs = [0.0] * len(items)
    for k in range(FOLDS):
        train = [(x.features, x.labels[label]) for x in items if fold_of(x.fold_key) != k]
        bias, weights = fit(train)
        m = learned.LinearModel(label, bias, weights, 1.0)
        for i, x in enumerate(items):
            if fold_of(x.fold_key) == k:
                probs[i] = m.probability(x.features)
    return probs


def threshold(probs: Sequence[float], truth: Sequence[bool], target: float) -> float:
    """The lowest probability from which the model's 'yes' calls are right `target` of the time."""
    for t in _GRID:
        called = [y for p, y in zip(probs, truth, strict=True) if p >= t]
        if called and sum(called) / len(called) >= target:
            return t
    return 0.99


def precision_recall_f1(
    probs: Sequence[float], truth: Sequence[bool], at: float
) -> tuple[float, float, float]:
    tp = sum(p >= at and y for p, y in zip(probs, truth, strict=True))
    fp = sum(p >= at and not y for p, y in zip(probs, truth, strict=True))
    fn = sum(p < at and y for p, y in zip(probs, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def train(items: Sequence[Example], report: bool = True) -> dict[str, learned.LinearModel]:
    models = {}
    for label in learned.LABELS:
        truth = [x.labels[label] for x in items]
        probs = out_of_fold(items, label)
        add_at = threshold(probs, truth, TARGET_PRECISION[label])
        bias, weights = fit([(x.features, x.labels[label]) for x in items])
        models[label] = learned.LinearModel(label, bias, weights, add_at)
        if report:
            p, r, f = precision_recall_f1(probs, truth, 0.5)
            pa, ra, fa = precision_recall_f1(probs, truth, add_at)
            stream = [p for p, x in zip(probs, items, strict=True) if x.group]
            called = sum(p >= add_at for p in stream)
            print(
                f"{label:<11} out-of-fold, model alone: at 0.50 P {p:.3f} R {r:.3f} F1 {f:.3f}; "
                f"at add_at {add_at:.2f} P {pa:.3f} R {ra:.3f}; "
                f"stream negatives called at add_at: {called}/{len(stream)}"
            )
    return models


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.classify.train", description=__doc__.split("\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--check", action="store_true", help="compare with the stored model; write nothing")
    args = parser.parse_args(argv)
    if not (args.shared / "feeds/real").is_dir():
        parser.error(f"{args.shared}/feeds/real not found: give the shared directory")
    classifier = Classifier(CompanyRegistry.load(), rules_only=True)
    items = examples(read_corpus(), classifier)
    stream = stream_examples(args.shared, classifier)
    print(f"{len(items)} gated labelled items from {', '.join(CORPUS_FILES)}; {len(stream)} stream negatives")
    models = train(items + stream)
    meta = {
        "corpus_items": len(items),
        "stream_items": len(stream),
        "files": list(CORPUS_FILES),
        "epochs": EPOCHS,
        "l2": L2,
        "folds": FOLDS,
    }
    if args.check:
        same = learned.as_json(models) == learned.stored_json()
        print(
            "stored model is up to date" if same else "stored model differs: run python -m bot.classify.train"
        )
        return 0 if same else 1
    learned.dump(models, meta)
    print(f"wrote {learned.MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
