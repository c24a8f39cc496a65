"""Event clustering: is this story another outlet's report of an event we already have?

Pure functions over fingerprints. A story joins an event when nothing rules it out — more than
72 h apart, different companies, different people, a different kind (talent vs investment), a
different amount of money — and its wording is close enough. How close depends on what the two
share: the same person at the same company within three days needs little textual agreement
("X leaves OpenAI" / "OpenAI names X's successor"), the same company alone needs more, nothing
shared needs near-identical headlines. Names are removed from the wording before comparing, so
two different Altman stories do not look alike merely because both say "Sam Altman".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rapidfuzz import fuzz

WINDOW = timedelta(hours=72)
LEDE_WORDS = 30

# Weights of the evidence beyond wording, and the bar the sum must reach.
W_SUBJECTS = 0.4  # Jaccard of the people and companies named in the two headlines
W_AMOUNT = 0.3  # a matching sum of money
W_AMOUNT_CONFLICT = 0.5  # only different sums: usually another round or deal
W_ACTION_CONFLICT = 0.3
W_LEAD = 0.2  # the first person named in each headline: same (+) or different (-)
W_HOURS = 0.6  # per 72 h between the two stories
BAR = 0.32

_STOP = frozenset(
    """a an the of to in on at for and or but with from by as is are was were be been being it its
    this that these those his her their our your he she they we you i after before over into about
    than then also just more most new says said say report reports reportedly sources according
    will would could may might can amid as per via up out off down not no yes all any one two three
    first last next week weeks month months year years day days today yesterday who what which when
    where why how s t inc corp co ltd llc company companies firm startup start-up""".split()
)  # fmt: skip

# Outlets word one happening differently; map the verbs to one action word each.
_SYNONYMS = {
    **dict.fromkeys(["leave", "leaves", "leaving", "left", "depart", "departs", "departing", "departed",
                     "departure", "exit", "exits", "exiting", "quit", "quits", "resign", "resigns",
                     "resigned", "resignation", "step", "steps", "stepping", "retire", "retires",
                     "retirement", "oust", "ousts", "ousted", "ouster", "fire", "fired", "fires",
                     "out"], "depart"),
    **dict.fromkeys(["join", "joins", "joining", "joined", "hire", "hires", "hired", "hiring",
                     "poach", "poaches", "poached", "recruit", "recruits", "taps", "tap", "tapped",
                     "name", "names", "named", "appoint", "appoints", "appointed", "lands", "land",
                     "bring", "brings", "bringing"], "join"),
    **dict.fromkeys(["raise", "raises", "raised", "raising", "funding", "round", "secures", "secure",
                     "closes", "close", "financing", "seed", "series"], "raise"),
    **dict.fromkeys(["invest", "invests", "investment", "investing", "stake", "backs", "backed",
                     "bet", "takes"], "invest"),
    **dict.fromkeys(["acquire", "acquires", "acquisition", "buy", "buys", "bought", "purchase",
                     "deal", "acquiring"], "acquire"),
    **dict.fromkeys(["ceo", "chief", "executive", "boss", "head", "lead", "leads", "led", "leader",
                     "run", "runs"], "lead"),
    **dict.fromkeys(["return", "returns", "returning", "back", "reinstated", "rejoin", "rejoins"], "return"),
    "valued": "valuation", "valuing": "valuation", "values": "valuation",
    "billion": "bn", "bn": "bn", "b": "bn", "million": "mn", "m": "mn", "mn": "mn",
}  # fmt: skip

_ACTIONS = frozenset({"depart", "join", "raise", "invest", "acquire", "lead", "return"})
_MONEY_WORDS = frozenset({"bn", "mn", "k", "tn", "trillion", "usd", "eur"})
_PERSON_MOVES = frozenset({"depart", "join", "return"})
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_AMOUNT = re.compile(
    r"(?P<cur>[$€£])\s?(?P<num>\d+(?:[.,]\d+)?)\s?(?P<unit>trillion|billion|million|bn|tn|b|m|k)?\b",
    re.IGNORECASE,
)
_UNIT = {"trillion": 1e6, "tn": 1e6, "billion": 1e3, "bn": 1e3, "b": 1e3, "million": 1.0, "m": 1.0, "k": 1e-3}


@dataclass(frozen=True)
class Fingerprint:
    tokens: frozenset[str]  # wording of title and lede, names removed, verbs unified
    title: str  # the title's tokens in order, names removed, for rapidfuzz
    companies: frozenset[str]
    people: frozenset[str]  # surnames, casefolded: "Sutskever" and "Ilya Sutskever" agree
    kinds: frozenset[str]
    at: datetime
    amounts: frozenset[tuple[str, float]] = frozenset()  # (currency, millions)
    subjects: frozenset[str] = frozenset()  # people and companies named in the headline itself
    actions: frozenset[str] = frozenset()  # depart / join / return / raise / invest / acquire / lead
    lead: str | None = None  # surname of the first person the headline names


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'s", "")
    return _WORD.findall(text)


def _amounts(text: str) -> frozenset[tuple[str, float]]:
    """Sums of money as (currency, millions); valuations get their own "currency" (e.g. "$val")
    so that "raises $2B at a $32B valuation" and "valued at $32B" agree and a round's size is
    never compared with a company's worth."""
    out = set()
    low = text.lower()
    for m in _AMOUNT.finditer(text):
        value = float(m.group("num").replace(",", "."))
        before, after = low[max(0, m.start() - 30) : m.start()], low[m.end() : m.end() + 15]
        valuation = "valu" in before or before.endswith("at ") or "valuation" in after
        key = m.group("cur") + ("val" if valuation else "")
        out.add((key, round(value * _UNIT.get((m.group("unit") or "m").lower(), 1.0), 3)))
    return frozenset(out)


def _surname(name: str) -> str:
    parts = _words(name)
    return parts[-1] if parts else name.casefold()


def fingerprint(
    title: str,
    summary: str,
    companies: Iterable[str],
    people: Iterable[str],
    kinds: Iterable[Any],
    at: datetime,
) -> Fingerprint:
    companies = frozenset(c.casefold() for c in companies)
    people_full = list(people)
    names = {w for n in [*companies, *people_full] for w in _words(n)}
    lede = " ".join(summary.split()[:LEDE_WORDS])

    def content(text: str) -> list[str]:
        # sums are compared by _amounts; as words they would make any two rounds look alike
        words = (_SYNONYMS.get(w, w) for w in _words(text) if w not in _STOP and w not in names)
        return [w for w in words if w not in _MONEY_WORDS and not w[0].isdigit()]

    title_words = content(title)
    title_list = _words(title)
    raw_title = set(title_list)
    surnames = {_surname(p) for p in people_full}
    subjects = {s for s in surnames if s in raw_title}
    named = sorted((title_list.index(s), s) for s in subjects)
    subjects |= {c for c in companies if set(_words(c)) & raw_title}
    return Fingerprint(
        tokens=frozenset(title_words + content(lede)),
        title=" ".join(title_words),
        companies=companies,
        people=frozenset(_surname(p) for p in people_full),
        kinds=frozenset(str(getattr(k, "value", k)) for k in kinds),
        at=at,
        amounts=_amounts(f"{title} {lede}"),
        subjects=frozenset(subjects),
        actions=frozenset(w for w in title_words if w in _ACTIONS),
        lead=named[0][1] if named else None,
    )


def _amount_agreement(a: Fingerprint, b: Fingerprint) -> int:
    """+1 when both name a matching sum, -1 when their sums in a shared currency all differ, else 0."""
    currencies = {c for c, _ in a.amounts} & {c for c, _ in b.amounts}
    if not currencies:
        return 0
    for cur in currencies:
        for x in (v for c, v in a.amounts if c == cur):
            for y in (v for c, v in b.amounts if c == cur):
                if abs(x - y) <= 0.05 * max(x, y):
                    return 1
    return -1


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _ruled_out(a: Fingerprint, b: Fingerprint) -> bool:
    if abs(a.at - b.at) > WINDOW:
        return True
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return True
    if a.companies and b.companies and not a.companies & b.companies:
        return True
    # different people only count when each headline names its own: a lede may name a bystander
    head_a, head_b = a.subjects & a.people, b.subjects & b.people
    return bool(a.people and b.people and head_a and head_b and not a.people & b.people)


def score(a: Fingerprint, b: Fingerprint) -> float | None:
    """How far the pair is above the bar for "one event" (>= 0 means same); None when ruled out.

    The weights were chosen on tests/data/event_pairs.jsonl (see benchmarks/cluster_eval.py).
    """
    if _ruled_out(a, b):
        return None
    wording = 0.5 * _jaccard(a.tokens, b.tokens) + 0.5 * fuzz.token_sort_ratio(a.title, b.title) / 100.0
    value = wording + W_SUBJECTS * _jaccard(a.subjects, b.subjects)
    agreement = _amount_agreement(a, b)
    value += W_AMOUNT if agreement > 0 else -W_AMOUNT_CONFLICT if agreement < 0 else 0.0
    moves_a, moves_b = a.actions & _PERSON_MOVES, b.actions & _PERSON_MOVES
    if moves_a and moves_b and not moves_a & moves_b and not (moves_a | moves_b) <= {"depart", "join"}:
        value -= W_ACTION_CONFLICT  # "returns" against "leaves"/"joins": another chapter of the story
    if a.lead and b.lead:
        value += W_LEAD if a.lead == b.lead else -W_LEAD
    value -= W_HOURS * abs(a.at - b.at) / WINDOW  # copies of one event come out within hours
    return value - BAR


def find_event(fp: Fingerprint, candidates: Iterable[tuple[int, Fingerprint]]) -> int | None:
    """The id of the candidate event this story reports, or None for a new event."""
    best_id, best = None, 0.0
    for event_id, other in candidates:
        margin = score(fp, other)
        if margin is not None and margin >= best:
            best_id, best = event_id, margin
    return best_id


def dump(fp: Fingerprint) -> dict[str, Any]:
    """JSON-ready form for the events table."""
    return {
        "tokens": sorted(fp.tokens),
        "title": fp.title,
        "companies": sorted(fp.companies),
        "people": sorted(fp.people),
        "kinds": sorted(fp.kinds),
        "at": fp.at.isoformat(),
        "amounts": sorted([c, v] for c, v in fp.amounts),
        "subjects": sorted(fp.subjects),
        "actions": sorted(fp.actions),
        "lead": fp.lead,
    }


def load(data: dict[str, Any]) -> Fingerprint:
    return Fingerprint(
        tokens=frozenset(data.get("tokens", ())),
        title=data.get("title", ""),
        companies=frozenset(data.get("companies", ())),
        people=frozenset(data.get("people", ())),
        kinds=frozenset(data.get("kinds", ())),
        at=datetime.fromisoformat(data["at"]),
        amounts=frozenset((c, float(v)) for c, v in data.get("amounts", ())),
        subjects=frozenset(data.get("subjects", ())),
        actions=frozenset(data.get("actions", ())),
        lead=data.get("lead"),
    )
