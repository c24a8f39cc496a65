"""Money amounts in headlines convert to US dollars."""

from __future__ import annotations

import pytest

from bot.classify.money import USD_PER, amounts, format_usd, parse_amount


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("Amazon has invested $8bn in Anthropic", 8e9),
        ("a USD 2 billion round", 2e9),
        ("Mistral raises €600m", 600e6 * USD_PER["EUR"]),
        ("raises 1.3 billion dollars from Microsoft", 1.3e9),
        ("xAI raises $6.6B", 6.6e9),
        ("Perplexity raises $73.6M Series B", 73.6e6),
        ("a £1.2 billion deal", 1.2e9 * USD_PER["GBP"]),
        ("US$ 2.5bn facility", 2.5e9),
        ("Baichuan raises 5 billion yuan", 5e9 * USD_PER["CNY"]),
        ("EUR 500 million", 500e6 * USD_PER["EUR"]),
        ("a $1,500,000 grant", 1.5e6),
        ("600 million euros", 600e6 * USD_PER["EUR"]),
        ("$29.3 billion valuation", 29.3e9),
        ("a $500 billion venture", 500e9),
        ("$1.5 trillion market value", 1.5e12),
    ],
)
def test_parse_amount(text: str, usd: float) -> None:
    assert parse_amount(text) == pytest.approx(usd)


def test_no_amount() -> None:
    assert parse_amount("Meta hires OpenAI researcher") is None
    assert parse_amount("") is None


def test_all_amounts_in_order() -> None:
    found = amounts("Scale AI valued at $13.8 billion after $1 billion raise")
    assert [round(v) for _, v in found] == [13_800_000_000, 1_000_000_000]


def test_format_usd() -> None:
    assert format_usd(8e9) == "$8B"
    assert format_usd(73.6e6) == "$73.6M"
    assert format_usd(1.5e12) == "$1.5T"
    assert format_usd(950) == "$950"


@pytest.mark.parametrize(
    ("text", "usd"),
    [("amazon to invest a$20 billion", 20e9 * USD_PER["AUD"]), ("c$5 billion", 5e9 * USD_PER["CAD"])],
)
def test_lower_cased_currency_symbols(text: str, usd: float) -> None:
    """The classifier lower-cases headlines: "a$" must not raise (it crashed on an unseen item)."""
    assert parse_amount(text) == pytest.approx(usd)
