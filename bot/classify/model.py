"""A small logistic model per label: a second reader of every headline in which a rule trigger fired.

The rules are precise but only know the situations they were written for; on fresh batches they
missed one positive in five, mostly where a trigger fired but a side condition (who acts, whether
someone named moves, AI-ness) failed on an unfamiliar phrasing. The model reads the same item as
words, word pairs and the rules' own intermediate signals (which gates opened, which trigger or
hard-negative regex hit, AI words, known companies as "<co>" / "<aico>", money as "<money>") and
may add the label the rules rejected, never against a hard-negative cue or without AI evidence
(classifier.py). It is fitted by `python -m bot.classify.train` and stored as plain weights in
`data/model.json`; scoring is a few dict lookups, so no numeric library is needed at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.errors import ConfigError

MODEL_PATH = Path(__file__).with_name("data") / "model.json"
LABELS = ("talent", "investment")

_WORD = re.compile(r"[$€£¥]?[A-Za-z0-9][\w&'’.\-]*[A-Za-z0-9%]|[A-Za-z0-9$%]")
_NUMBER = re.compile(r"^\$?[\d.,]+(?:[kmbt]|bn|mn)?%?$")
_SCALE = frozenset({"million", "billion", "trillion", "bn", "mn", "m", "b"})
_STOP = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "and", "its", "is", "by", "with", "at"})
SUMMARY_CHARS = 400


@dataclass(frozen=True)
class LinearModel:
    label: str
    bias: float
    weights: Mapping[str, float]
    add_at: float  # a probability at or above this makes the label true where the rules said no

    def logit(self, features: Iterable[str]) -> float:
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in features)

    def probability(self, features: Iterable[str]) -> float:
        return _sigmoid(self.logit(features))

    def evidence(self, features: Iterable[str], count: int = 3) -> list[str]:
        """The features that pushed hardest towards the label, readable for an alert's `why`."""
        scored = sorted(((self.weights.get(f, 0.0), f) for f in set(features)), reverse=True)
        return [readable(f) for w, f in scored[:count] if w > 0]


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


def readable(feature: str) -> str:
    kind, _, value = feature.partition(":")
    value = value.replace("_", " ")
    return {"t": f'"{value}"', "s": f'summary "{value}"', "g": f"{value} words", "h": f"{value} phrase"}.get(
        kind, f"{kind} {value}".strip()
    )


def tokens(text: str, companies: Mapping[str, bool], everyday: frozenset[str]) -> list[str]:
    """Lower-case words with numbers, money and known companies replaced by what they are.

    A company name that is also an everyday word ("Apple", "Figure") counts only when capitalised."""
    out: list[str] = []
    for cased in _WORD.findall(text):
        cased = cased.rstrip(".'’")
        if not cased:
            continue
        word = cased.lower()
        if word.startswith("$") or (word[0] in "€£¥" and len(word) > 1):
            out.append("<money>")
        elif _NUMBER.match(word):
            if out and out[-1] == "<money>":
                continue
            out.append("<n>")
        elif word in _SCALE and out and out[-1] in ("<money>", "<n>"):
            out[-1] = "<money>"
        elif word in companies and (cased[0].isupper() or word not in everyday):
            out.append("<aico>" if companies[word] else "<co>")
        else:
            out.append(word.removesuffix("'s").removesuffix("’s"))
    return out


def features(
    title: str,
    summary: str,
    companies: Mapping[str, bool],
    everyday: frozenset[str],
    signals: Iterable[str],
) -> list[str]:
    """Headline words and word pairs, summary words, and the rules' signals, as feature names."""
    words = tokens(title, companies, everyday)
    out = [f"t:{w}" for w in words if w not in _STOP]
    out += [f"t:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    summary_words = tokens(summary[:SUMMARY_CHARS], companies, everyday)
    out += sorted({f"s:{w}" for w in summary_words if w not in _STOP})
    out += signals
    return out


@lru_cache(maxsize=1)
def shipped() -> dict[str, LinearModel]:
    """The model fitted on the repo's corpus, read once per process."""
    return load(MODEL_PATH)


def load(path: Path = MODEL_PATH) -> dict[str, LinearModel]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: classifier model not found (python -m bot.classify.train writes it)"
        ) from None
    return {
        label: LinearModel(label, spec["bias"], spec["weights"], spec["add_at"])
        for label, spec in data["models"].items()
    }


def as_json(models: Mapping[str, LinearModel]) -> dict[str, dict[str, object]]:
    """The stored form: weights rounded, and those too small to matter left out."""
    return {
        label: {
            "bias": round(m.bias, 5),
            "add_at": m.add_at,
            "weights": {f: round(w, 5) for f, w in sorted(m.weights.items()) if abs(w) >= 1e-3},
        }
        for label, m in models.items()
    }


def dump(models: Mapping[str, LinearModel], meta: Mapping[str, object], path: Path = MODEL_PATH) -> None:
    data = {"meta": dict(meta), "models": as_json(models)}
    path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")


def stored_json(path: Path = MODEL_PATH) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))["models"]
