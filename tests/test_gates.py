"""The word gate must never hide a rule match: a rule whose regex matches a text is an open rule."""

import json
from pathlib import Path

import pytest

from bot.classify import events as ev
from bot.classify.gates import STEMS, Gate

DATA = Path(__file__).resolve().parents[1] / "bot/classify/data"


def _rules() -> list[tuple[str, object]]:
    rules = [(name, pattern) for name, pattern in (*ev.TALENT_RULES, *ev.INVESTMENT_RULES)]
    return rules + [(reason, pattern) for reason, _kind, pattern in ev.NEGATIVES]


def _texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts += [row["title"].lower(), (row.get("summary") or "").lower()]
    return texts


def test_every_rule_has_stems() -> None:
    assert {name for name, _ in _rules()} <= set(STEMS)


@pytest.mark.parametrize(
    "text",
    [
        "apple's siri boss bill stasior is out",
        "xai keeps filling its ranks with former tesla staff",
        "reka co-founder yi tay heads back to google deepmind",
        "meta's ai brain drain: genai director leaves",
        "uber winds down its ai labs as cuts deepen",
        "gm president dan ammann to take the helm at cruise",
    ],
)
def test_gate_opens_for_new_phrasings(text: str) -> None:
    gate = Gate()
    opened = gate.open_rules(text)
    matched = {name for name, pattern in _rules() if pattern.search(text)}
    assert matched and matched <= opened


def test_gate_never_hides_a_match_on_the_corpus() -> None:
    gate = Gate()
    hidden = [
        (name, text[:80])
        for text in _texts()
        for name, pattern in _rules()
        if pattern.search(text) and name not in gate.open_rules(text)
    ]
    assert not hidden, hidden[:10]
