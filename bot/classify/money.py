"""Money amounts in headlines: "$8bn", "USD 2 billion", "€600m", "1.3 billion dollars", "₹2,000 crore" -> USD.

Other currencies convert at the fixed rates below (approximate 2025 averages); an alert says
"about $X", so a rate that is a few per cent off does no harm and keeps the classifier pure.
"""

from __future__ import annotations

import re

USD_PER = {
    "USD": 1.0,
    "EUR": 1.10,
    "GBP": 1.30,
    "JPY": 0.0068,
    "CNY": 0.14,
    "INR": 0.012,
    "CAD": 0.73,
    "CHF": 1.15,
    "KRW": 0.00073,
    "AUD": 0.66,
    "SEK": 0.095,
    "HKD": 0.128,
    "SGD": 0.75,
    "AED": 0.27,
    "SAR": 0.27,
    "PLN": 0.26,
    "BRL": 0.18,
}
_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "C$": "CAD",
    "A$": "AUD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
}
_WORDS = {
    "dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
    "pounds": "GBP", "gbp": "GBP", "yen": "JPY", "jpy": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "cny": "CNY", "rmb": "CNY", "rupees": "INR", "inr": "INR", "won": "KRW", "krw": "KRW",
    "cad": "CAD", "chf": "CHF", "francs": "CHF", "hkd": "HKD", "sgd": "SGD", "aed": "AED",
    "dirhams": "AED", "riyals": "SAR", "sek": "SEK", "kronor": "SEK", "aud": "AUD", "zlotys": "PLN",
    "zloty": "PLN", "pln": "PLN", "reais": "BRL", "brl": "BRL",
}  # fmt: skip
_SCALE = {
    "trillion": 1e12, "tn": 1e12, "t": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
    "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "mm": 1e6, "thousand": 1e3, "k": 1e3,
    "crore": 1e7, "lakh": 1e5,  # Indian numbering: ₹2,000 crore is ₹20 billion
}  # fmt: skip
_CODE = "|".join(sorted((re.escape(k) for k in _WORDS if len(k) == 3), key=len, reverse=True))
_SYM = "|".join(re.escape(k) for k in sorted(_SYMBOLS, key=len, reverse=True))
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALES = r"(trillion|billion|million|thousand|crore|lakh|bln|mln|bn|mn|tn|mm|b|m|k|t)\b"
_CUR_WORD = "|".join(sorted((re.escape(k) for k in _WORDS if len(k) > 3), key=len, reverse=True))
# prefix form: $8bn, US$ 2 billion, USD 2 billion, €600m, EUR1.3bn
_PREFIX = re.compile(rf"(?:({_SYM})|\b({_CODE})\s?)\s?{_NUM}(?:\s?-?{_SCALES})?", re.IGNORECASE)
# suffix form: 1.3 billion dollars, 600 million euros, 2bn yuan
_SUFFIX = re.compile(rf"\b{_NUM}\s?-?{_SCALES}\s+({_CUR_WORD}|{_CODE})\b", re.IGNORECASE)


def _value(number: str, scale: str | None, currency: str) -> float:
    amount = float(number.replace(",", ""))
    if scale:
        amount *= _SCALE[scale.lower()]
    return amount * USD_PER[currency]


def amounts(text: str) -> list[tuple[int, float]]:
    """(position, USD value) of every amount in `text`, in order of appearance."""
    found: list[tuple[int, float]] = []
    for m in _PREFIX.finditer(text):
        symbol, code, number, scale = m.groups()
        currency = _SYMBOLS[symbol.upper()] if symbol else _WORDS[code.lower()]
        found.append((m.start(), _value(number, scale, currency)))
    for m in _SUFFIX.finditer(text):
        number, scale, word = m.groups()
        found.append((m.start(), _value(number, scale, _WORDS[word.lower()])))
    found.sort()
    return found


def parse_amount(text: str) -> float | None:
    """The first amount in `text` in US dollars, or None."""
    found = amounts(text)
    return found[0][1] if found else None


def format_usd(value: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= scale:
            return f"${value / scale:.3g}{suffix}"
    return f"${value:,.0f}"
