"""Offline: derive the list of words written in lower case in running text, for truecasing.

ALL-CAPS and Title-Case headlines are re-cased before entity extraction: a word on this list is
lower-cased, anything else keeps a capital. The list comes from the real feeds in ../shared:

    .venv/bin/python -m bot.classify.build_vocab [SHARED_DIR]
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path

from bot.classify.lexicon import EXTRA_LOWER

OUT = Path(__file__).with_name("data") / "lowercase_words.txt"
_WORD = re.compile(r"[A-Za-z][a-z'\-]*[a-z]|[a-z]")
_TAG = re.compile(r"<[^>]+>")


def main(argv: list[str]) -> int:
    import feedparser

    repo = Path(__file__).resolve().parents[2]
    shared = Path(argv[0]) if argv else repo.parent / "shared"
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for path in sorted((shared / "feeds/real").glob("*.xml")):
        for entry in feedparser.parse(str(path)).entries:
            text = html.unescape(_TAG.sub(" ", f"{entry.get('summary', '')}"))
            for sentence in re.split(r"[.!?]\s+", text):
                for i, word in enumerate(_WORD.findall(sentence)):
                    if i == 0:
                        continue  # sentence-initial capitals say nothing
                    (lower if word[0].islower() else upper)[word.lower()] += 1
    words = {w for w, n in lower.items() if n >= 2 and n >= upper[w]} | set(EXTRA_LOWER)
    OUT.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
