"""The classifier: the seed story, input-form equivalence, hard negatives, reasons, corpus bar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.classify import Classifier
from bot.classify.evaluate import classify_lines, evaluate, format_report
from bot.classify.train import CORPUS_FILES

CORPUS = Path(__file__).resolve().parents[1] / "bot/classify/data/corpus.jsonl"
# A paraphrase of the seed story (../shared/seed), so the test runs without the shared folder.
SEED_TITLE = "AWS loses generative AI vice president Vasi Philomin as the race for AI talent heats up"
SEED_SUMMARY = (
    "Vasi Philomin, who oversaw work on Amazon's Titan models and the Bedrock service, left Amazon earlier "
    "in June after eight years, he confirmed. Another vice president has taken over some of his duties."
)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.load()


def test_seed_story(classifier: Classifier) -> None:
    result = classifier.classify(SEED_TITLE, SEED_SUMMARY)
    assert result.talent and not result.investment
    assert "Amazon" in result.companies
    assert "Vasi Philomin" in result.people
    assert result.event_type == "departure"
    assert result.confidence >= 0.5
    assert "Amazon" in result.why and "Vasi Philomin" in result.why


def test_seed_file(classifier: Classifier, shared_dir: Path) -> None:
    lines = (shared_dir / "seed/benzinga-aws-vp-departure.txt").read_text().splitlines()
    result = classifier.classify(lines[0], " ".join(lines[1:]))
    assert result.talent and "Amazon" in result.companies and "Vasi Philomin" in result.people


ITEMS = [
    (
        "Meta hires OpenAI researcher Trapit Bansal for its superintelligence team",
        "Bansal worked on OpenAI's reasoning models and had been at the company since 2022.",
    ),
    ("Anthropic raises $3.5 billion at a $61.5 billion valuation", "Lightspeed led the Series E."),
    ("Nvidia unveils Blackwell GPU platform at GTC", "The B200 chip is faster at inference."),
    ("Chicago Bears hire Ben Johnson as head coach", "Johnson succeeds Matt Eberflus."),
]


@pytest.mark.parametrize(("title", "summary"), ITEMS)
def test_equivalent_forms(classifier: Classifier, title: str, summary: str) -> None:
    clean = classifier.classify(title, summary)
    headline_only = classifier.classify(title)
    assert (headline_only.talent, headline_only.investment) == (clean.talent, clean.investment)
    assert set(headline_only.companies) <= set(clean.companies)  # summary-only investors may be missing
    forms = [
        (title.upper(), summary.upper()),  # all caps
        (title.upper(), summary),  # shouted headline
        (f"<p>{title.replace(' ', ' <b>', 1)}</b></p>", f"<div>{summary.replace(' ', '&nbsp;', 2)}</div>"),
        (f"  {title.replace(' ', '   ')}\n", f"\t{summary}  "),
    ]
    for form_title, form_summary in forms:
        other = classifier.classify(form_title, form_summary)
        assert (other.talent, other.investment) == (clean.talent, clean.investment), form_title
        assert set(other.companies) == set(clean.companies), form_title


@pytest.mark.parametrize(
    "title",
    [
        "OpenAI launches GPT-5, its new flagship model",
        "Nvidia shares jump 8% after record quarterly revenue",
        "Morgan Stanley raises Nvidia price target to $210",
        "Alphabet posts first $100 billion quarter",
        "New York Times sues OpenAI and Microsoft over copyright",
        "FTC opens inquiry into Big Tech's AI investments",
        "Target names Michael Fiddelke as next chief executive",
        "Starbucks taps Chipotle's Brian Niccol as CEO",
        "North Carolina hires Bill Belichick as head football coach",
        "Amazon to hire 250,000 workers for the holiday season",
        "Kalshi raises $300 million at $5 billion valuation",
        "Why the AI talent war is overheated",
        "SoftBank sells entire Nvidia stake for $5.83 billion",
        "Salesforce cut 4,000 support roles thanks to AI agents",
        "Nvidia abandons $40 billion deal to buy Arm",
        "New study raises concerns about AI chatbots",
        "AI startup Mistral releases new reasoning model",
    ],
)
def test_hard_negatives(classifier: Classifier, title: str) -> None:
    result = classifier.classify(title)
    assert not result.relevant, result.why
    assert result.companies == () and result.people == ()
    assert result.why  # says why not


@pytest.mark.parametrize(
    ("title", "talent", "investment", "companies"),
    [
        ("Andrej Karpathy departs OpenAI again", True, False, {"OpenAI"}),
        ("Apple AI search executive Ke Yang is leaving for Meta", True, False, {"Apple", "Meta"}),
        ("ServiceNow to buy Moveworks for $2.85 billion", False, True, {"ServiceNow", "Moveworks"}),
        (
            "Alibaba leads $1 billion round in Chinese AI startup Moonshot",
            False,
            True,
            {"Alibaba", "Moonshot AI"},
        ),
        ("Cursor maker Anysphere raises $900 million at $9.9 billion valuation", False, True, {"Cursor"}),
        ("Microsoft to spend $3.3 billion on Wisconsin AI data centre", False, True, {"Microsoft"}),
        (
            "Google hires Windsurf CEO Varun Mohan in $2.4 billion licensing deal",
            True,
            True,
            {"Google", "Windsurf"},
        ),
        ("Scale AI lays off 14% of staff", True, False, {"Scale AI"}),
        ("Karpathy launches Eureka Labs, an AI-native school", True, False, {"Eureka Labs"}),
        # the name as the press writes it: "Technologies" is part of it, a place word before it too
        (
            "Facebook buys London computer-vision start-up Scape Technologies",
            False,
            True,
            {"Meta", "Scape Technologies"},
        ),
        ("Uber winds down its AI Labs as cuts deepen", True, False, {"Uber"}),
        ("Sonos pays $37 million for voice assistant startup Snips", False, True, {"Sonos", "Snips"}),
        # Twitter before it became X
        ("Twitter acquires Fabula AI to bolster its machine learning", False, True, {"Twitter", "Fabula AI"}),
    ],
)
def test_positives(
    classifier: Classifier, title: str, talent: bool, investment: bool, companies: set[str]
) -> None:
    result = classifier.classify(title)
    assert (result.talent, result.investment) == (talent, investment), result.why
    assert set(result.companies) == companies
    assert result.confidence >= 0.5 and result.event_type


def test_why_names_evidence(classifier: Classifier) -> None:
    result = classifier.classify("Perplexity raises $73.6M Series B from IVP, Nvidia and Bezos Expeditions")
    assert result.investment and result.amount_usd == pytest.approx(73.6e6)
    assert "raises" in result.why and "Perplexity" in result.why and "$73.6M" in result.why
    assert set(result.companies) == {"Perplexity", "IVP", "Nvidia", "Bezos Expeditions"}


def test_pure_and_repeatable(classifier: Classifier) -> None:
    first = classifier.classify(*ITEMS[0])
    assert classifier.classify(*ITEMS[0]) == first


def test_classify_lines_contract(classifier: Classifier) -> None:
    lines = [
        json.dumps({"id": "a", "title": ITEMS[0][0], "summary": ITEMS[0][1]}),
        "not json",
        json.dumps({"id": "b"}),
        "",
        json.dumps({"id": "c", "title": "Costco raises membership fees"}),
    ]
    out = [json.loads(line) for line in classify_lines(lines, classifier)]
    assert [o["id"] for o in out] == ["a", None, "b", "c"]
    assert list(out[0]) == ["id", "talent", "investment", "companies", "people", "confidence", "why"]
    assert out[0]["talent"] is True and out[0]["people"] == ["Trapit Bansal"]
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["talent"] is False and out[3]["investment"] is False


def test_corpus_regression(classifier: Classifier) -> None:
    """Thresholds a little under what the corpus scores now (rules were tuned on 80% of it)."""
    report = evaluate(CORPUS.read_text().splitlines(), classifier)
    assert report.items >= 400 and report.negatives >= report.items // 3
    assert report.talent.f1 >= 0.97, format_report(report)
    assert report.investment.f1 >= 0.97, format_report(report)
    assert report.companies.f1 >= 0.93, format_report(report)  # 0.944 with batch H in
    assert report.false_alert_rate <= 0.01, format_report(report)


def test_whole_corpus_regression(classifier: Classifier) -> None:
    """corpus.jsonl plus the held-out batches (after they were scored), with some room below today."""
    import sys

    sys.path.insert(0, str(CORPUS.parents[3] / "benchmarks"))
    from corpus_eval import fold, recorded_batches, whole_corpus

    items = whole_corpus()
    report = evaluate(items, classifier)
    assert report.items >= 950 and report.negatives >= report.items // 3
    assert report.talent.f1 >= 0.97, format_report(report)
    assert report.investment.f1 >= 0.97, format_report(report)
    assert report.companies.f1 >= 0.93, format_report(report)  # 0.944 with batch H in
    assert report.false_alert_rate <= 0.01, format_report(report)
    for k in range(5):  # every fold of the whole corpus clears the acceptance bar
        part = evaluate([i for i in items if fold(i["id"]) == k], classifier)
        assert part.talent.f1 >= 0.95 and part.investment.f1 >= 0.95, format_report(part)
        assert part.companies.f1 >= 0.92 and part.false_alert_rate <= 0.02, format_report(part)
    batches = recorded_batches()
    names = [b["batch"] for b in batches]  # A-Z, then AA, AB ... in the order they were scored
    assert names[:26] == [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ"] and len(set(names)) == len(names) >= 30
    assert {f"holdout_{b['batch'].lower()}.jsonl" for b in batches} == set(CORPUS_FILES[1:])
    for b in batches:  # the record matches the files it describes
        lines = (CORPUS.parent / b["file"]).read_text().splitlines()
        assert len([x for x in lines if x.strip()]) == int(b["items"])


def test_held_out_ids_are_unique_across_the_corpus() -> None:
    ids = []
    for path in sorted(CORPUS.parent.glob("*.jsonl")):
        ids += [json.loads(x)["id"] for x in path.read_text().splitlines() if x.strip()]
    assert len(ids) == len(set(ids))
