"""The classifier's second reader: features, fitting, thresholds, the stored model, and how it adds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.classify import model as learned
from bot.classify import train
from bot.classify.classifier import Classifier
from bot.domain.companies import CompanyRegistry
from bot.errors import ConfigError

REGISTRY = CompanyRegistry.load()
COMPANIES = {"openai": True, "amazon": False, "apple": False}
EVERYDAY = frozenset({"apple"})


def test_tokens_name_money_numbers_and_companies_for_what_they_are() -> None:
    words = learned.tokens("OpenAI raises $6.6 billion from Amazon, 3 times more", COMPANIES, EVERYDAY)
    assert words == ["<aico>", "raises", "<money>", "from", "<co>", "<n>", "times", "more"]
    assert learned.tokens("Pika nets €80m", COMPANIES, EVERYDAY) == ["pika", "nets", "<money>"]


def test_an_everyday_word_counts_as_a_company_only_when_capitalised() -> None:
    assert learned.tokens("Apple buys an apple orchard", COMPANIES, EVERYDAY) == [
        "<co>",
        "buys",
        "an",
        "apple",
        "orchard",
    ]


def test_features_read_headline_pairs_summary_words_and_signals() -> None:
    feats = learned.features("OpenAI hires a chief", "The lab said so.", COMPANIES, EVERYDAY, ["g:hire"])
    assert "t:<aico>_hires" in feats and "t:chief" in feats
    assert "s:lab" in feats and "s:the" not in feats  # stop words only as parts of pairs
    assert feats[-1] == "g:hire"


def test_fit_learns_a_separable_problem_and_is_deterministic() -> None:
    data = [(["t:raises", f"t:x{i}"], True) for i in range(20)] + [
        (["t:launches", f"t:y{i}"], False) for i in range(20)
    ]
    bias, weights = train.fit(data)
    assert train.fit(data) == (bias, weights)
    m = learned.LinearModel("investment", bias, weights, 0.5)
    assert m.probability(["t:raises"]) > 0.9 > 0.1 > m.probability(["t:launches"])
    assert m.evidence(["t:raises", "t:launches"]) == ['"raises"']


def test_threshold_is_the_least_confident_point_that_keeps_the_target_precision() -> None:
    probs = [0.95, 0.9, 0.8, 0.7, 0.6, 0.4]
    truth = [True, True, True, False, True, False]
    assert train.threshold(probs, truth, 0.8) == 0.41  # from 0.41 up: 4 right of 5
    assert train.threshold(probs, truth, 0.95) == 0.71
    assert train.threshold([0.9], [False], 0.9) == 0.99  # never precise enough: effectively off


def test_a_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="classifier model not found"):
        learned.load(tmp_path / "model.json")


def test_the_shipped_model_loads_with_both_labels() -> None:
    models = learned.shipped()
    assert set(models) == set(learned.LABELS)
    for m in models.values():
        assert 0.3 <= m.add_at < 1.0
        assert len(m.weights) > 1000


def test_the_model_adds_a_label_the_rules_rejected_and_says_why() -> None:
    title = "Niv-AI exits stealth to wring more power out of GPUs"
    rules = Classifier(REGISTRY, rules_only=True).classify(title)
    assert not rules.talent  # a departure word, but nobody named moves
    eager = {
        "talent": learned.LinearModel("talent", -10.0, {"t:exits": 20.0}, 0.5),
        "investment": learned.LinearModel("investment", -10.0, {}, 0.5),
    }
    got = Classifier(REGISTRY, eager).classify(title)
    assert got.talent and not got.investment
    assert 'talent/departure (model 1.00: "exits")' in got.why


def test_the_model_adds_nothing_without_a_trigger_or_without_ai() -> None:
    eager = {
        label: learned.LinearModel(label, 10.0, {}, 0.5)  # says yes to everything it reads
        for label in learned.LABELS
    }
    classifier = Classifier(REGISTRY, eager)
    assert not classifier.classify("Weather turns cold across the Midwest").relevant  # no trigger
    assert not classifier.classify("Stellantis CEO Carlos Tavares resigns amid board clash").relevant  # no AI
    assert not classifier.classify("Nvidia shares slide 4% as investors take profits").relevant  # stock move


def test_the_stored_model_is_what_training_gives(shared_dir: Path) -> None:
    """model.json must follow the corpus: a changed corpus without retraining fails here."""
    assert train.main([str(shared_dir), "--check"]) == 0


def test_stored_model_file_is_plain_json_with_its_provenance() -> None:
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["meta"]["files"] == list(train.CORPUS_FILES)
    assert data["meta"]["corpus_items"] > 800 and data["meta"]["stream_items"] > 500
