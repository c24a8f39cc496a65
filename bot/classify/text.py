"""Input normalisation: HTML to text, entities, whitespace, and re-casing of shouted headlines.

The classifier reads capitals (names, "AI"), so an ALL-CAPS or Title-Case headline is re-cased
first: words that running text writes in lower case become lower case, known company names get
their own spelling, acronyms stay upper case, anything else keeps one capital.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from bot.classify.lexicon import ACRONYMS

_DATA = Path(__file__).with_name("data")
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'&.\-]*[A-Za-z0-9]|[A-Za-z]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
SUMMARY_SENTENCES = 3  # feeds' summaries are 1-3 sentences; article bodies add noise after that
SUMMARY_CHARS = 600


@lru_cache(maxsize=1)
def lowercase_words() -> frozenset[str]:
    path = _DATA / "lowercase_words.txt"
    return frozenset(path.read_text(encoding="utf-8").split())


def strip_html(text: str) -> str:
    if "<" in text and ">" in text:
        text = LexborHTMLParser(text).text(separator=" ")
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())  # str.split() also splits on no-break spaces


def head(summary: str) -> str:
    """The first sentences of a summary, which is all a feed summary normally is."""
    if len(summary) <= 200:
        return summary
    parts = _SENTENCE.split(summary, maxsplit=SUMMARY_SENTENCES)
    return " ".join(parts[:SUMMARY_SENTENCES])[:SUMMARY_CHARS]


_DROP_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DROP_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")


def is_shouted(text: str) -> bool:
    """Mostly capitals (ASCII letters counted with C-speed `translate`)."""
    upper = len(text) - len(text.translate(_DROP_UPPER))
    lower = len(text) - len(text.translate(_DROP_LOWER))
    return upper >= 12 and upper >= 4 * lower


def is_title_case(text: str) -> bool:
    """Most everyday words capitalised ("Meta Hires Top Researcher"); names do not count."""
    vocab = lowercase_words()
    words = [w for w in _TOKEN.findall(text)[1:] if len(w) > 3 and w.lower() in vocab]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


class Recaser:
    """Restores ordinary casing to a shouted or Title-Case text."""

    def __init__(self, names: dict[str, str], phrases: list[str] | None = None) -> None:
        self._lower = lowercase_words()
        self._names = names  # lower-case single word -> its spelling ("openai" -> "OpenAI")
        # multi-word company names get their own spelling back ("inflection AI" -> "Inflection AI")
        forms = sorted(set(phrases or ()), key=len, reverse=True)
        self._phrase_form = {f.lower(): f for f in forms}
        alternation = "|".join(re.escape(f) for f in forms)
        self._phrases = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE) if forms else None

    def recase(self, text: str, hints: dict[str, str] | None = None) -> str:
        def word_case(word: str) -> str:
            if "-" in word.strip("-"):  # "CASH-AND-STOCK", "EX-DEEPMIND": each part on its own
                return "-".join(word_case(part) if part else part for part in word.split("-"))
            for tail in ("'s", "’s", "'S", "’S"):
                if word.endswith(tail) and len(word) > 2:
                    return word_case(word[: -len(tail)]) + tail.lower()
            low = word.lower()
            if low in self._names:
                return self._names[low]
            if hints and low in hints:
                return hints[low]
            if low.upper() in ACRONYMS or (low.endswith("s") and low[:-1].upper() in ACRONYMS):
                return word.upper() if word.isupper() else word
            if low in self._lower or low.rstrip("s") in self._lower:
                return low
            if not word.isupper() and any(c.isupper() for c in word[1:]):
                return word  # CamelCase in a Title-Case headline is a real spelling
            return word[0].upper() + low[1:]

        out = _TOKEN.sub(lambda m: word_case(m.group(0)), text)
        if self._phrases is not None:
            out = self._phrases.sub(lambda m: self._phrase_form.get(m.group(0).lower(), m.group(0)), out)
        return out[:1].upper() + out[1:]


def casing_hints(text: str) -> dict[str, str]:
    """Spellings of capitalised words in a normally cased text (the summary of a shouted title)."""
    vocab = lowercase_words()
    return {
        w.lower(): w
        for w in _TOKEN.findall(text)
        if any(c.isupper() for c in w[1:]) or (w[0].isupper() and w.lower() not in vocab)
    }


# wire-service slugs in front of a headline: "EXCLUSIVE-Google hires ...", "UPDATE 2-Nvidia to buy ..."
_SLUG = re.compile(
    r"^(?:EXCLUSIVE|BREAKING|UPDATE(?: \d+)?|CORRECTED|REFILE|WRAPUP(?: \d+)?)\s*(?:-|:|–|—)\s*"
)


def normalise(title: str, summary: str, recaser: Recaser) -> tuple[str, str]:
    title = _SLUG.sub("", strip_html(title or ""))
    summary = head(strip_html(summary or ""))
    if is_shouted(summary):
        summary = recaser.recase(summary)
    if is_shouted(title) or is_title_case(title):
        hints = casing_hints(summary) if summary and not is_title_case(summary) else None
        title = recaser.recase(title, hints)
    return title, summary
