"""Event clustering: the labelled pairs, the rules that rule a pair out, and the stored form."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from benchmarks.cluster_eval import PAIRS, evaluate
from bot.domain.models import Kind
from bot.pipeline.cluster import dump, find_event, fingerprint, load

T0 = datetime(2025, 6, 12, 22, 0, tzinfo=UTC)


def fp(title: str, summary: str = "", companies=(), people=(), kinds=("talent",), hours: float = 0.0):
    return fingerprint(title, summary, companies, people, kinds, T0 + timedelta(hours=hours))


def test_labelled_pairs_meet_precision_and_recall_targets() -> None:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150 and sum(r["same"] for r in rows) >= 75
    result = evaluate()
    assert result["precision"] >= 0.95, result
    assert result["recall"] >= 0.90, result


def test_two_outlets_one_hire() -> None:
    a = fp("Meta hires Scale AI CEO Alexandr Wang", "", ["Meta", "Scale AI"], ["Alexandr Wang"])
    b = fp("Alexandr Wang leaves Scale AI to join Meta", "", ["Scale AI", "Meta"], ["Alexandr Wang"], hours=3)
    assert find_event(b, [(7, a)]) == 7


def test_same_story_outside_the_window_is_a_new_event() -> None:
    a = fp("Meta hires Scale AI CEO Alexandr Wang", "", ["Meta", "Scale AI"], ["Alexandr Wang"])
    b = fp("Meta hires Scale AI CEO Alexandr Wang", "", ["Meta", "Scale AI"], ["Alexandr Wang"], hours=73)
    assert find_event(b, [(7, a)]) is None


def test_different_people_at_one_company_are_different_events() -> None:
    a = fp("OpenAI names Kevin Weil chief product officer", "", ["OpenAI"], ["Kevin Weil"])
    b = fp("OpenAI names Sarah Friar chief financial officer", "", ["OpenAI"], ["Sarah Friar"], hours=1)
    assert find_event(b, [(1, a)]) is None


def test_talent_and_investment_news_of_one_company_stay_apart() -> None:
    a = fp("Cohere raises $500 million", "", ["Cohere"], [], kinds=[Kind.INVESTMENT])
    b = fp("Cohere hires Joelle Pineau", "", ["Cohere"], ["Joelle Pineau"], kinds=[Kind.TALENT], hours=1)
    assert find_event(b, [(1, a)]) is None


def test_different_sums_mean_different_rounds() -> None:
    kinds = ["investment"]
    a = fp("Harvey raises $300 million at $3 billion valuation", "", ["Harvey"], [], kinds)
    same = fp("Sequoia leads $300M round in legal AI startup Harvey", "", ["Harvey"], [], kinds, hours=2)
    other = fp("Harvey raises $50 million from Google", "", ["Harvey"], [], kinds, hours=2)
    assert find_event(same, [(1, a)]) == 1
    assert find_event(other, [(1, a)]) is None


def test_best_candidate_wins() -> None:
    wang = fp("Meta hires Scale AI CEO Alexandr Wang", "", ["Meta", "Scale AI"], ["Alexandr Wang"])
    pang = fp("Meta hires Apple's Ruoming Pang", "", ["Meta", "Apple"], ["Ruoming Pang"])
    story = fp("Alexandr Wang joins Meta from Scale AI", "", ["Meta", "Scale AI"], ["Alexandr Wang"], hours=1)
    assert find_event(story, [(1, pang), (2, wang)]) == 2
    assert find_event(story, []) is None


def test_dump_and_load_round_trip_through_json() -> None:
    a = fp(
        "OpenAI raises $6.6 billion at $157 billion valuation",
        "Thrive Capital led the round.",
        ["OpenAI"],
        ["Sam Altman"],
        [Kind.INVESTMENT],
    )
    again = load(json.loads(json.dumps(dump(a))))
    assert again == a
