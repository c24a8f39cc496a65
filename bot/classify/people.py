"""The people who move in a talent story.

A person is a run of 2-4 capitalised words that is not a company and either starts with a common
given name, is a well-known AI figure, or sits next to a role word ("researcher X Y", "X Y, who").
Announcers are not movers: "Zuckerberg creates ...", "X said", "according to X", "under X".
A surname alone ("Karpathy returns") becomes the full name seen earlier or a known figure's.
"""

from __future__ import annotations

import re

from bot.classify.lexicon import DEMONYMS, FIRST_NAMES, KNOWN_PEOPLE

_UP = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UP}][^\W\d_]*(?:[-'’][{_UP}]?[^\W\d_]+)*"
_CANDIDATE = re.compile(rf"(?<![\w\-])({_WORD}(?:\s(?:(?:de|van|von|al|da|di|le|bin)\s)?{_WORD}){{0,3}})")
_NOT_PERSON = (
    frozenset(
        """AI Labs Lab Inc Capital Ventures Partners Group Systems Technologies Intelligence Research Autonomy Robotics
    University Institute Cloud Superintelligence Platform Platforms Tools Brain Pro Vision Street Valley
    Fund Bank Google Meta Microsoft Apple Amazon OpenAI Anthropic The A An In On At For From With By Of
    And Or But As After Amid Chief Executive Officer President Vice Senior Former Ex Co-founder Founder
    Co-founders Founders Researchers Engineers Scientists Executives Staff Employees Both Two Three
    January February March April May June July August September October November December Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday CEO CTO COO CFO VP SVP EVP Read Next Details
    Why It Matters Image Exclusive Report Reuters Bloomberg Series Round Nasdaq NYSE Stock Price Action
    Superintelligence Devices Services Answers Knowledge Information Siri Gemini Copilot ChatGPT Claude
    Llama Alexa Bedrock Titan Windows Office Pixel Search Assistant Optimus Autopilot Readiness Team
    Labs Studio Studios Robotics Networks Semiconductor Holdings Corp Corporation Company Co Ltd LLC
    New Top Big Tech Silicon Wall Center Centre Data Project Initiative Program Foundation Zurich
    London Paris Toronto Beijing Stanford Berkeley Harvard MIT Congress Senate House Department""".split()
    )
    | DEMONYMS
)
_ROLE_BEFORE = re.compile(
    r"(?:researchers?|executives?|exec|chief|co-?founders?|founders?|ceo|cto|coo|cfo|scientists?|engineers?|"
    r"vp|head|president|leaders?|adviser|advisor|co-?creator|creator|officer|director|veteran|lead|boss|"
    r"pioneer|manager|partner|hires?|hired|names|named|appoints|taps|poaches|lures|recruits|trio|duo|"
    r"godfather|architect|expert|staffer|employee)\W+(?:[\w'’.\-]+\W+){0,2}$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"^(?:,\s(?:who|the|a|an|formerly|previously|ex-)\b|\s(?:joins|joined|leaves|left|departs|exits|quits|resigns|"
    r"steps|returns|rejoins|jumps|is leaving|is joining|will|to join|to lead|has left|has joined|becomes|takes|"
    r"at the helm|in charge))"
)
_ANNOUNCER_AFTER = re.compile(
    r"^(?:,\s[^,]{0,40},)?\s(?!says (?:she|he|they) (?:was|were|is|are|has|had|will)\b)"
    r"(?!(?:tapped|named|appointed|hired|picked|promoted|moves) (?:to|as|by|chief|ceo|head|new|interim)\b)(?:said|says|told|wrote|announced|confirmed|creates|created|strips|stripped|"
    r"names|named|appoints|appointed|taps|tapped|hires|hired|promotes|picks|moves|hands|handed|unveils|"
    r"outlines|warns|praises|reorganizes|reorganises|shakes)\b"
)
_ANNOUNCER_BEFORE = re.compile(
    r"(?:according to|worked under|reporting to|reports to|succeeds|replacing|replaces|co-founded by|"
    r"founded by|memo from|told by)\s(?:[\w'’.\-]+\s){0,3}$",
    re.IGNORECASE,
)


def _known() -> tuple[frozenset[str], dict[str, str]]:
    surnames: dict[str, str] = {}
    for full in KNOWN_PEOPLE:
        surnames.setdefault(full.split()[-1], full)
    return frozenset(KNOWN_PEOPLE), surnames


_KNOWN_FULL, _SURNAMES = _known()


def _clean(words: list[str]) -> list[str]:
    # drop company or role words glued to a name ("Meta Alexandr Wang" is not a name)
    while words and (words[0] in _NOT_PERSON or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    while words and (words[-1] in _NOT_PERSON):
        words = words[:-1]
    return words


def find_people(text: str, company_words: frozenset[str]) -> list[str]:
    """Movers named in `text` (headline + summary), first appearance first."""
    found: list[str] = []
    movers: set[str] = set()  # names seen at least once neither announcing nor as an owner ("X's")
    for m in _CANDIDATE.finditer(text):
        raw = m.group(1)
        owned = raw.endswith(("'s", "’s"))
        raw = raw.removesuffix("'s").removesuffix("’s")
        words = _clean(
            [w for w in raw.split() if w not in ("de", "van", "von", "al", "da", "di", "le", "bin")]
        )
        while words and words[0].removesuffix("'s").removesuffix("’s") in company_words:
            words = words[1:]
        owner_at = next((k for k, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))), None)
        if owner_at is not None and len(words) - owner_at > 2:
            words = words[owner_at + 1 :]  # "Carnegie Mellon's Ruslan Salakhutdinov": the person after
        elif owner_at is not None and owner_at > 0:  # "Bhavish Aggarwal's Krutrim": the person owns it
            words = [*words[:owner_at], words[owner_at][:-2]]
            owned = True
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() : m.end() + 40]
        if len(words) == 1:
            surname = words[0].removesuffix("'s").removesuffix("’s")
            full = next((p for p in found if p.split()[-1] == surname), None) or _SURNAMES.get(surname)
            if full is None:
                continue
            name = full
        elif 2 <= len(words) <= 4:
            name = " ".join(words)
            if any(w in _NOT_PERSON for w in words):
                continue
            if not (
                words[0] in FIRST_NAMES
                or name in _KNOWN_FULL
                or _ROLE_BEFORE.search(before)
                or _PERSON_AFTER.match(after)
            ):
                continue
        else:
            continue
        if name not in found:
            found.append(name)
        announcing = bool(_ANNOUNCER_AFTER.match(after) or _ANNOUNCER_BEFORE.search(before))
        owned = owned or after.startswith(("'s", "’s"))
        if not announcing and not owned:
            movers.add(name)
    return [p for p in found if p in movers]
