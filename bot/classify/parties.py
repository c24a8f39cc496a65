"""Which companies are parties to the event, and who acts in a headline.

LABELS.md: parties are the companies hired from and into, the investor and investee, the acquirer
and target; not companies named in passing ("Nvidia-backed", "as MCP powers ChatGPT") and not a
former employer ("former Meta researcher").
"""

from __future__ import annotations

import re

from bot.classify import events as ev
from bot.classify.entities import EntityFinder, Mention
from bot.classify.lexicon import FIRST_NAMES, KNOWN_PEOPLE, PLACES
from bot.classify.money import amounts
from bot.classify.text import lowercase_words

_VETERAN_AFTER = re.compile(r"^(?:'s)?\s(?:veteran|alum|alumnus|co-?founder|founder)\s+[A-Z]")
_FOUNDERS_OF = re.compile(r"^(?:'s|’s)?\s(?:co-?founders?|founders?|veterans?|alum\w*)\b")
_CO_FOUNDER_AFTER = re.compile(r"^(?:'s)?\s(?:co-?founder|founder|veteran|alum)\s+[A-Z]")
# "Netflix co-founder Reed Hastings joins Anthropic's board": who the new director is, not a party
_BOARD = re.compile(r"\bboard\b|\bdirectors?\b")
_DIRECTOR_IS = re.compile(
    r"^(?:'s)?\s(?:co-?founder|founder|chief executive|CEO|chair(?:man|woman)?|president|chief|head)\s+[A-Z]"
)
_LEADERS = tuple(p.split()[-1] for p in KNOWN_PEOPLE)
_AI_STARTUPS = re.compile(
    r"^(?:\s[\w$£€.,]+){0,5}?\s(?:AI|artificial intelligence)(?:[\s-][\w-]+){0,2}? "
    r"(?:startups?|start-ups?|companies|company|firms?|labs?|ecosystem|developers?|makers?)\b",
    re.I,
)
# a capitalised name opening a headline and followed by a lower-case word: its subject
OPENING_NAME = re.compile(r"([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,2})(?:'s|’s)?\s(?=[a-z])")
_CLAUSE_BREAK = re.compile(
    r"\s(?:as|amid|while|despite|powering|because|since|ahead of|to challenge|to rival|to take on)\s"
)


_PERSON_DESCRIBED = re.compile(
    r"\b(?:billionaire|magnate|tycoon|entrepreneur|investor|philanthropist|CEO|chief executive|co-?founders?|"
    r"founders?|chair(?:man|woman)?|executive|scientist|researcher|professor|physicist|(?:co-)?founded by)\s+"
    r"((?:[A-Z][\w'’-]+\s)+[A-Z][\w'’-]+(?:(?:,\s|,?\s(?:and|&)\s)(?:[A-Z][\w'’-]+\s)+[A-Z][\w'’-]+)*)"
)
_NAME_LIST_SPLIT = re.compile(r",\s|,?\s(?:and|&)\s")
_PERSON_AFTER = re.compile(r"^(?:'s)?\s(?:chief executive|CEO|co-?founder|founder|chair(?:man|woman)?)\b")
_TALENT_CLAUSE_BREAK = re.compile(r",\s(?:citing|saying|amid|after|as|while|despite)\s")
# after the move, a description of the mover: "fires Anthony Levandowski, engineer at center of Waymo lawsuit"
_MOVER_DESCRIBED = re.compile(
    r",\s(?:the\s|an?\s)?(?:[\w-]+\s){0,2}?(?:engineer|researcher|scientist|executive|founder|co-founder|veteran)\b"
)
# "names Jeff Wang interim CEO after founders' exit to Google": whoever left earlier is context
_AFTER_CLAUSE = re.compile(r"\s(?:after|following)\s")
# "brings on X as interim CEO after Wang's exit to Meta"; not "return to OpenAI after exit from ..."
_AFTER_OTHERS = re.compile(
    r"\s(?:after|following)\s(?:the\s|its\s|their\s)?(?:[A-Z][\w.-]*\s)*(?:[A-Z][\w.-]*(?:'s|’s)|\w+s['’])\s"
)
# "Waymo veterans launch ...", "founded by alumni of Anthropic, xAI and Google": where people once worked
_ALUMNI_OF = re.compile(
    r"\b(?:alumni|alums|veterans|graduates|former employees) of ((?:[\w.&-]+(?:,\s|\s(?:and|&)\s|\s)?){1,8})"
)
_ALUMNI_AFTER = re.compile(r"^(?:'s)?\s(?:[\w-]+\s)?(?:veterans|alumni|alums|graduates)\b")
_HIRE_VERB_BEFORE = re.compile(r"\b(?:picks|names|taps|hires|appoints|recruits|chooses|selects|brings in)\s$")
_TO_LEAD = re.compile(r"\s(?:to|will) (?:head|lead|run|oversee|helm)\b")
_CITY_STATE = re.compile(r",\s([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
_GIVEN_NAME = re.compile(r"\b([A-Z][a-z]+)\s((?:[A-Z][\w'’-]+\s)?[A-Z][\w'’-]+)")


def _people_named(text: str) -> frozenset[str]:
    """Full names and surnames of people a text describes as people ("billionaire Xavier Niel")."""
    names = {n for m in _PERSON_DESCRIBED.finditer(text) for n in _NAME_LIST_SPLIT.split(m.group(1))}
    names |= {m.group(0) for m in _GIVEN_NAME.finditer(text) if m.group(1) in FIRST_NAMES}
    return frozenset(names | {word for n in names for word in n.split()})


class Parties:
    def __init__(self, entities: EntityFinder) -> None:
        self._entities = entities

    def parties(
        self,
        title: str,
        summary: str,
        t_mentions: list[Mention],
        s_mentions: list[Mention],
        talent_hit: ev.Hit | None,
        inv_hit: ev.Hit | None,
    ) -> list[str]:
        # talent headlines say "resigns as Stability AI chief": only deal headlines end at " as ", and
        # talent headlines at ", citing ...", ", saying ..."
        if talent_hit is None:
            cut = self.clause_end(title, inv_hit)
        else:
            cut = m.start() if (m := _TALENT_CLAUSE_BREAK.search(title)) else len(title)
            moved_at = title.lower().find(talent_hit.phrase)
            if 0 <= moved_at and (m := _MOVER_DESCRIBED.search(title, moved_at, cut)):
                cut = m.start()
            after = _AFTER_CLAUSE if talent_hit.event in ("appointment", "acquihire") else _AFTER_OTHERS
            if talent_hit.event in ("appointment", "acquihire", "hire", "poaching") and (
                m := after.search(title, 0, cut)
            ):
                cut = m.start()
        kept = [
            m
            for m in t_mentions
            if not m.passing and not m.former and (m.start < cut or title[m.end :].startswith("-led"))
        ]  # not "former Meta researcher", not "... as MCP powers ChatGPT"
        if (
            talent_hit is not None
            and talent_hit.event in ("hire", "appointment", "poaching")
            and len(kept) > 1
        ):
            # "Baidu hires Google Brain co-founder Andrew Ng": a descriptor of the person, not a party
            kept = kept[:1] + [m for m in kept[1:] if not _CO_FOUNDER_AFTER.match(title[m.end :])]
        # "Netflix co-founder Reed Hastings joins Anthropic's board": a board seat leaves nobody's employer
        board = (
            talent_hit is not None
            and talent_hit.event in ("hire", "appointment")
            and bool(_BOARD.search(title))
        )
        if board:
            kept = [m for m in kept if not _DIRECTOR_IS.match(title[m.end :])]
        if talent_hit is not None and talent_hit.event in ("hire", "appointment", "poaching"):
            # "Cruise names Microsoft veteran Marc Whitten": after the verb, a descriptor of the person
            at = title.lower().find(talent_hit.phrase)
            kept = [m for m in kept if not (0 <= at < m.start and _VETERAN_AFTER.match(title[m.end :]))]
        if talent_hit is None:
            # "Inflection AI, start-up from DeepMind co-founder, raises ...": who founded it, not a party
            kept = [m for m in kept if not _FOUNDERS_OF.match(title[m.end :])]
        out: list[str] = list(dict.fromkeys(m.name for m in kept))
        former = {m.name for m in s_mentions + t_mentions if m.former}
        excluded = former | {m.name for m in t_mentions} - set(out)
        alumni = {
            m.name
            for text, mentions in ((title, t_mentions), (summary, s_mentions))
            for m in mentions
            if _ALUMNI_AFTER.match(text[m.end :])
            or any(a.start(1) <= m.start < a.end(1) for a in _ALUMNI_OF.finditer(text))
        }
        out = [n for n in out if n not in alumni]
        excluded |= alumni
        talent = talent_hit is not None
        # an acqui-hire without a price still names the company whose team moves
        investment = inv_hit is not None or (talent_hit is not None and talent_hit.event == "acquihire")
        raw = self._entities.role_names(title[:cut], investment=investment, talent=talent, headline=True)
        if board:
            raw = [n for n in raw if not _DIRECTOR_IS.match(title[title.find(n) + len(n) :])]
        # "valued at $4.5 billion as Google, Amazon, Nvidia and Salesforce pile in": backers after the break
        late = self._entities.investors(title[cut:]) if investment else []
        raw += late
        raw += self._entities.role_names(summary, investment=investment, talent=talent)
        if inv_hit is not None and inv_hit.event == "infrastructure":
            raw += self._entities.partners(title)
        if talent_hit is not None and talent_hit.event == "founding":
            founded = self._entities.founded(title)
            if founded:
                raw.insert(0, founded)
        text = f"{title}. {summary}"
        people = _people_named(text)
        for name in raw:
            at = text.find(name)
            if (
                _TO_LEAD.match(text[at + len(name) :])
                and _HIRE_VERB_BEFORE.search(text[:at])
                and not self._entities.registry_form(name)
            ):
                continue  # "Google picks Moustapha Cissé to head its first African AI lab": a person
            place = _CITY_STATE.match(text[text.find(name) + len(name) :])
            if place and place.group(1) in PLACES:
                continue  # "a data centre in Lancaster, Pennsylvania": a town
            if name in people and not self._entities.registry_form(name):
                continue  # "€300 million from Niel, Saadé and Schmidt": investors who are people
            if talent is False and _PERSON_AFTER.match(text[text.find(name) + len(name) :]):
                continue  # "led by the FTX chief executive": the investor is the person
            canonical = self._entities.canonical(name, firm=investment)
            backer = name in late and canonical not in former
            if canonical and canonical not in out and (canonical not in excluded or backer):
                out.append(canonical)
        # "Palo Alto Networks" read again from "Alto": a name that ends another one is that one
        out = [n for n in out if not any(o != n and o.lower().endswith(" " + n.lower()) for o in out)]
        if not out:  # "Twitter disbands its ... team": an opening name missing from the registry acts
            m = OPENING_NAME.match(title)
            opening = (
                m and m.group(1).lower() not in lowercase_words() and self._entities.canonical(m.group(1))
            )
            out = [opening] if opening and opening not in excluded else []
        if not out:  # "Tim Cook strips Siri from ...": the party is named only in the summary
            out = [m.name for m in s_mentions if not (m.passing or m.former)][:1]
        return out

    def buyer(self, title: str, hit: ev.Hit, t_mentions: list[Mention]) -> bool:
        """A known company buys, or a named buyer pays a stated price."""
        at = title.lower().find(hit.phrase)
        if any(m.start < at and not m.passing for m in t_mentions):
            return True
        if amounts(title) and self._entities.role_names(title, investment=True, talent=False):
            return True
        vocab = lowercase_words()  # "Cops are buying ..." is not a company buying; "Twitter" (now X) is
        return any(
            self._entities.canonical(raw) and raw.lower() not in vocab
            for raw in self._entities.subjects(title[: at + len(hit.phrase)])
        )

    def target(self, title: str, hit: ev.Hit, t_mentions: list[Mention]) -> bool:
        """A stake or investment names the company that receives it."""
        at = title.lower().find(hit.phrase)
        named = [m for m in t_mentions if not m.passing]
        if any(m.start > at for m in named) or len({m.name for m in named}) >= 2:
            return True
        if hit.phrase.endswith("from") and named:  # "Zhipu gets investment from ..."
            return True
        if _AI_STARTUPS.match(title[at + len(hit.phrase) :]):  # "invest £2 billion in UK AI startups"
            return True
        return any(
            self._entities.canonical(n) for n in self._entities.targets(title[at:] if at >= 0 else title)
        )

    def actor(self, title: str, phrase: str, t_mentions: list[Mention]) -> bool:
        """A company (or a known leader) named before the trigger acts: it lays off, reorganises or pays."""
        at = title.lower().find(phrase)
        head = title[: at if at > 0 else len(title)]
        if any(not m.passing and m.start < len(head) for m in t_mentions):
            return True
        if any(name in head for name in _LEADERS):
            return True
        # a company missing from the registry (or an ambiguous name) opening the headline: "Twitter disbands ..."
        m = OPENING_NAME.match(title)
        if not m or m.end() > len(head):
            return False
        if self._entities.registry_form(
            m.group(1)
        ):  # "Cruise cuts ...": a registry name, even an everyday word
            return True
        return m.group(1).lower() not in lowercase_words() and bool(self._entities.canonical(m.group(1)))

    @staticmethod
    def clause_end(title: str, *hits: ev.Hit | None) -> int:
        """Where the headline's main clause ends: "X raises $6M | as MCP becomes ..." (after the trigger)."""
        low = title.lower()
        at = max((low.find(h.phrase) for h in hits if h is not None), default=0)
        m = _CLAUSE_BREAK.search(low, max(at, 0))
        return m.start() if m else len(title)
