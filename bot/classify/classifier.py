"""Rule-based classifier: headline and summary -> `Classification` with a one-line reason.

The headline decides (a feed may carry nothing else): it must hold a talent or investment
trigger and no hard-negative cue, and the story must be about AI (an AI-native party, or AI
words; for talent, an AI *role* when the company is not AI-native). The summary adds parties,
people, AI context, and the team-joins clause that makes an acquisition an acqui-hire.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from bot.classify import events as ev
from bot.classify import model as learned
from bot.classify.entities import AMBIGUOUS, EntityFinder, Mention
from bot.classify.gates import TRIGGER_RULES, Gate
from bot.classify.lexicon import PLACES
from bot.classify.money import amounts, format_usd
from bot.classify.parties import OPENING_NAME, Parties
from bot.classify.people import find_people
from bot.classify.text import Recaser, head, lowercase_words, normalise, strip_html
from bot.domain.companies import CompanyRegistry
from bot.domain.models import Classification

AI_NATIVE = frozenset({"ai_lab", "ai_startup", "ai_infra", "robotics", "ai_data", "ai_chips"})
_TEAM_JOINS = re.compile(
    r"\b(?:team|teams|staff|employees|founders?|co-?founders?|researchers|engineers|ceo|workers|students)\b(?:\W+\w+){0,12}?"
    r"\W+(?:will |to |are |is |also )?(?:join\w*|mov(?:e|es|ed|ing)|becom\w+|aboard|come over|transfer\w*|to form|form|"
    r"lead|run|head|work (?:for|at|on))\b|"
    r"\b(?:bring\w*|brought)\b(?:\W+[\w']+){0,6}?\W+(?:team|staff|employees|researchers|academics|engineers|"
    r"scientists)\b|\bjoin(?:s|ed)? as\b|"
    r"\bwhole team\b|\bteam to join\b|\bteam and\b|\bacqui-?hire"
)
_FIRM_RAISES = re.compile(
    r"(?:\s(?:Capital|Ventures|Partners|Management|Global))*\s(?:raises|raised|closes|closed|is raising|secures|"
    r"lands|hauls in|pulls in|gathers|collects)\b"
)
# what a plain "buys"/"picks up" must take to be a purchase: a name or a kind of company ...
_COMPANY_BOUGHT = re.compile(
    r"\s(?:(?:a|an|the|its|their|his|her|rival|(?!\w+ing\b)[\w'’-]+)\s){0,5}?(?:[A-Z0-9]|(?:startup|start-up|company|firm|maker|"
    r"developer|business|unit|division|stake|shares|assets|operator|provider|platform|lab|team|rival|chipmaker)s?\b)"
)
# ... and what it takes when it is a hire: a person by role, or someone's duties
_PERSON_BOUGHT = re.compile(
    r"\s(?:the |its |his |her )?(?:[\w'’.&-]+\s){0,3}?(?:ceo|cto|coo|cfo|chief|head|executive|exec|researcher|"
    r"scientist|engineer|veteran|effort|work|project|role|mantle|reins|baton|duties|slack)\b"
)
_CONTEXT_CLAUSE = re.compile(r"\s(?:as|after|amid|while|following)\s")
_SUBORDINATE = re.compile(
    r"\s(?:(?:hours|days|weeks|months|shortly|soon|just|a day|a week|a month) )?(?:after|before|following|amid|while|if|unless|with)\s"
)
_PERSON_SAYS = re.compile(
    r"([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2}):\s"
)  # "Ilya Sutskever: AI is moving ..."
_SCARE_QUOTED = re.compile(r"(?:^|\s)['‘\"“]$")
# "Cruise CEO Kyle Vogt resigns": a company named by its chief at the headline's start
_OPENING_CHIEF = re.compile(
    r"([A-Z][\w&.'’-]*)(?:'s|’s)?\s(?:CEO|CTO|COO|chief|president|co-?founder|founder|head)\b"
)
# what people "launch" that is no company: "launch $1 million ARC Prize"
_NOT_FOUNDED = re.compile(
    r"(?i)\b(?:prize|award|challenge|competition|fellowship|contest|hackathon|scholarship|grant|fund)s?\b"
)
# "Nadella unveils Copilot+ PCs": what is unveiled is a kind of product, not a company
_PRODUCT_NOUN_AFTER = re.compile(
    r"\w+ (?:its |the |a |new )?[A-Z][\w+.-]*(?: [A-Z][\w+.-]*)? (?:PCs?|laptops?|phones?|smartphones?|chips?|"
    r"devices?|glasses|headsets?|apps?|features?|models?)\b"
)
_PRODUCT_AFTER = re.compile(r"\s?[A-Z][\w-]*(?: [A-Z][\w-]*)? v?\d+(?:\.\d+)*\b")
_PERSON_FOUNDS = re.compile(
    r"\b(?:launch(?:es|ed|ing)?|start(?:s|ed|ing)?(?!-up)|found(?:s|ed|ing)?|co-?found(?:s|ed|ing)?|sets? up|"
    r"unveil(?:s|ed|ing)?|debut(?:s|ed|ing)?|form(?:s|ed|ing)?)\b"
    r"(?:\s(?:a|an|the|new|own|his|her|their|stealth))*(?:\s[\w'’-]+){0,3}?\s?(?:startup|start-up|company|lab|venture|firm)?"
    r"|\b(?:leav\w+|quits?|exits?|departs?|bolts?(?: from)?|walks away from)\s(?:[\w-]+ ){0,3}?to (?:start|found|launch|build)\b"
    r"|\bhas a new (?:[\w-]+ ){0,2}(?:company|startup|start-up|venture|lab)\b"
    r"|\b(?:resurfac(?:es|ed|e)|returns?|(?:is|are) back) with (?:an? |the |new |own |his |her |their )*(?:[\w-]+ ){0,4}?"
    r"(?:startup|start-up|company|venture|lab)\b"
)
# Units of big companies that are AI labs or robotics/self-driving businesses in their own right.
_AI_UNITS = frozenset(
    {"DeepMind", "Google DeepMind", "Google Brain", "Google AI", "Google Research", "Meta AI", "FAIR",
     "Facebook AI Research", "Meta Superintelligence Labs", "Superintelligence Labs", "Microsoft AI",
     "Microsoft Research", "CoreAI", "Amazon AGI", "Alexa", "Zoox", "Amazon Robotics", "Tesla AI", "Optimus",
     "Autopilot", "Apple Intelligence", "Apple Machine Learning Research", "IBM Research", "watsonx"}
)  # fmt: skip
_AI_UNIT_NAMED = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _AI_UNITS), key=len, reverse=True)) + r")\b"
)
_CAP_WORD = re.compile(r"(?<=\s)[A-Z][a-z]+\b")
_PERSON_ROLE = re.compile(
    r"(?i)\b(?:vice president|vp|chief|head|director|researchers?|scientists?|engineers?|executives?|"
    r"co-?founders?|founders?|co-?authors?|co-?creators?|president|ceo|cto|lead)\b"
)
_DATA_CENTRE = re.compile(
    r"data[- ]?cent(?:er|re)s?|\bcompute\b|\bcomputing\b|\bgpus?\b|\btpus?\b|\bcloud\b|gigawatt"
)
_DATA_CENTRE_BOUGHT = re.compile(r"data[- ]?cent(?:er|re)s?\b|\bgpus?\b|\bai (?:campus|cluster|factory)")
# what makes a hire with a price an acqui-hire: "licensing deal", "pays", "in $2.4 billion deal" (not a pay deal)
_LICENSE_PAID = re.compile(
    r"\blicen[cs]\w*|\bpa(?:ys|id|ying)\b|\bto pay\b|\bspen(?:ds?|t|ding)\b|"
    + ev.AMOUNT
    + r" (?:(?!pay\b|compensation\b|salary\b|bonus\b)[\w-]+ )?deal\b"
)
# a license-and-hire whose price only the summary states (LABELS.md: with a stated payment, both labels)
_PAID_IN_SUMMARY = re.compile(
    r"\bpa(?:ys|id|ying) (?:about |roughly |around |nearly |more than |over )?" + ev.AMOUNT
)
_CORPORATE = re.compile(
    r"\bstake\b|recapitali|for-profit|nonprofit|\bstructure\b|ownership|\bipo\b|listing|spin-?off|"
    r"\b(?:check|cheque)\b"
)
# An organisation whose name says AI ("Landing AI", "Microsoft AI", "Xnor.ai") is an AI employer.
_AI_NAMED = re.compile(r"\b[A-Z][\w&'’-]*(?: [A-Z][\w&'’-]*){0,2} AI\b|\b\w+\.ai\b")
# Where a headline's main clause ends ("... quits Apple | amid AI push"); AI words after it are context.
_MAIN_CLAUSE_END = re.compile(
    r"\s(?:as|amid|while|after|despite|ahead of|in a|in an|in the|with|to focus|over)\s|[;:—–]"
)
_PLACE_INVEST = re.compile(
    r"\b(?:invest|spend|pour|commit|pledge)\w* (?:up to |about |another |over |more than |nearly )?"
    r"(?:[$€£¥][\d.,]+ ?\w*|[\d.,]+ (?:billion|million) \w+) (?:in|into|to) (?:the )?([A-Z][\w.]*(?: [A-Z][\w.]*)?)"
)
# An infrastructure commitment with a size but no price: gigawatts, a build, a count of new sites.
_SIZED = re.compile(
    r"gigawatt|\bgw\b|\bworth\b|\bbuild|\bsupercomputer\b|\bgigafactory\b|\b(?:hundreds|tens) of billions\b|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten) (?:new )?"
    r"(?:[\w-]+ ){0,3}(?:sites|campuses|data[- ]?cent(?:er|re)s)\b"
)
# an acqui-hire by name, or a purchase of "the team behind" a start-up rather than the start-up
_ACQUIHIRE_WORD = re.compile(
    r"\bacqui-?hir\w*|\b(?:buys|bought|snaps up|snapped up|scoops up|scooped up|picks up|acquires|acquired) "
    r"(?:the |its )?(?:[\w-]+ )?(?:team|staff|founders|talent) (?:behind|of|from|at)\b"
)
# the summary calls the employer an AI company: "The AI drug-discovery company said ..."
_AI_COMPANY_DESC = re.compile(
    r"\b(?:the|an?|its|this)\s(?:[\w-]+\s){0,2}?(?:ai|artificial[- ]intelligence|machine[- ]learning|deep[- ]learning|"
    r"ai-powered|ai-native|self-driving|autonomous(?:[- ](?:driving|trucking|vehicle|delivery))?|robotics)(?:[\s-][\w-]+){0,2}?\s(?:company|start-?up|firm|"
    r"lab|developer|maker|unit|group|business|unicorn)\b"
)
# a company's first appearance, and founders who left somewhere to start it
_NEW_COMPANY = re.compile(r"\b(?:launch\w*|emerg\w*|debut\w*|out of stealth|founded by)\b")
_FOUNDED_BY_LEAVERS = re.compile(
    r"\b(?:co-?)?found(?:ed|ers?)\b[^.|]{0,60}?\b(?:former|ex-|alumni|alums|veterans?)\b|"
    r"\b(?:former|ex-)[^.|]{0,50}?\b(?:co-?)?found(?:ed|ers?|s)\b|"
    r"^(?:former|ex-)[^|]{0,60}?\b(?:emerges|launches|debuts|unveils)\b"  # "Former Intel AI chief X emerges with Y"
)
# where a departing person goes: "leaves Meta to focus on his AGI start-up"
_DESTINATION = re.compile(r"\bto (?:focus on|start|found|launch|join|build|lead|run|work on)\b", re.I)
_COMPANY_WORD_END = re.compile(
    r"\b(?:Sciences|Labs?|Technologies|Robotics|AI|Therapeutics|Systems|Inc|Corp|Group|Health|Bio|Software|"
    r"Networks|Dynamics|Intelligence|Computing)\s*$"
)
_NEGATED = re.compile(r"\bnot\b|n't\b|\bnever\b|\bno longer\b")
_SHUT_DOWN = re.compile(r"\bshut\w*|\bwind(?:s|ing)? down\b|\bshuttered\b|\bclos(?:es|ing) (?:its |the )?app")
_LED_BY_NAME = re.compile(r"\b(?:led|headed|run) by (?:[A-Z][\w.'’-]+ ){0,2}[A-Z][a-z]+")
# "..., who ran Facebook's business before serving as the UK's minister ...": the mover's past
_BACKGROUND_BEFORE = re.compile(
    r"\b(?:former|ex-|one-time|before|previously|formerly|served|serving|who was|once)\b[^.;]{0,40}$"
)
_FORMER_BEFORE = re.compile(r"\b(?:former|ex-|one-time)(?: [\w.-]+)?\s?$")
_NO_TRIGGER = Classification(confidence=0.02, why="no talent or investment trigger in the headline")
_VALUATION_BEFORE = re.compile(
    r"(?:valued at|valuation of|valuing (?:it|the company) at|values it at|worth)\s*$", re.I
)


class _Triggers(NamedTuple):
    """What the headline's trigger rules found (the gate decides which ran)."""

    talent: ev.Hit | None
    investment: list[ev.Hit]
    weak: re.Match[str] | None  # "led by", "backs": funding only with money
    founds: re.Match[str] | None  # someone launches something

    @property
    def any(self) -> bool:
        return bool(self.talent or self.investment or self.weak or self.founds)


_TALENT_EVENTS = tuple(event for event, _ in ev.TALENT_RULES)
_INVESTMENT_EVENTS = tuple(event for event, _ in ev.INVESTMENT_RULES)


class Classifier:
    def __init__(
        self,
        registry: CompanyRegistry,
        models: dict[str, learned.LinearModel] | None = None,
        *,
        rules_only: bool = False,
    ) -> None:
        """`models` are the fitted second readers (model.py), by default the shipped ones;
        `rules_only` leaves the decision to the rules (the training script reads features so)."""
        self.registry = registry
        self._models = None if rules_only else (models or learned.shipped())
        self._entities = EntityFinder(registry)
        self._parties = Parties(self._entities)
        self._gate = Gate()
        self._native = frozenset(c.name for c in registry if c.category in AI_NATIVE)
        self._investor_firms = frozenset(c.name for c in registry if c.category == "investor")
        # every written form of an AI-native company, for names found by role rather than by mention
        self._native_forms = {
            form.lower(): name for form, name in registry.surface_forms() if name in self._native
        }
        self._ambiguous_native = frozenset(
            form for form, name in registry.surface_forms() if name in self._native and form in AMBIGUOUS
        )
        # one-word names, aliases and divisions get their spelling back in shouted text
        names = {
            form.lower(): form
            for form, _ in registry.surface_forms()
            if " " not in form
            and len(form) > 2
            and form not in AMBIGUOUS
            and form.lower() not in lowercase_words()
        }
        names.update({c.name.lower(): c.name for c in registry if " " not in c.name and len(c.name) > 2})
        phrases = [form for form, _ in registry.surface_forms() if " " in form and len(form) > 4]
        self._recaser = Recaser(names, phrases)
        # single-word company names glued to a person's name ("Meta Alexandr Wang")
        words = {form for form, _ in registry.surface_forms() if " " not in form and form[:1].isupper()}
        self._company_words = frozenset(words)
        # one-word company names as the model's tokens see them: True for AI-native companies
        self._company_tokens = {
            form.lower(): name in self._native
            for form, name in registry.surface_forms()
            if " " not in form and len(form) > 1
        }

    @classmethod
    def load(cls, path: Path | None = None, *, rules_only: bool = False) -> Classifier:
        return cls(CompanyRegistry.load(path), rules_only=rules_only)

    def features(self, title: str, summary: str = "") -> list[str]:
        """What the model reads for an item (the training script calls this too)."""
        t_clean = strip_html(title or "")
        t_low = t_clean.lower()
        t_open = self._gate.open_rules(t_low)
        return self._features(t_clean, t_low, summary, t_open, self._hits(t_low, t_open))

    @staticmethod
    def _hits(t_low: str, t_open: frozenset[str]) -> _Triggers:
        return _Triggers(
            ev.first_hit(ev.TALENT_RULES, t_low, t_open),
            ev.all_hits(ev.INVESTMENT_RULES, t_low, t_open),
            ev.WEAK_FUNDING.search(t_low) if "weak_funding" in t_open else None,
            _PERSON_FOUNDS.search(t_low) if "founding" in t_open else None,
        )

    def _features(
        self, t_clean: str, t_low: str, summary: str, t_open: frozenset[str], hits: _Triggers
    ) -> list[str]:
        s_clean = head(strip_html(summary or ""))
        signals = [f"g:{rule}" for rule in sorted(t_open)]
        signals += [f"h:{hit.event}" for hit in ([hits.talent] if hits.talent else []) + hits.investment]
        signals += ["h:weak_funding"] * bool(hits.weak) + ["h:founding"] * bool(hits.founds)
        signals += [f"n:{reason}" for reason, _, _ in ev.negatives(t_low, t_open)]
        signals += ["ai:title"] * ev.has_ai_context(t_clean, t_low)
        signals += ["ai:summary"] * ev.has_ai_context(s_clean, s_clean.lower())
        return learned.features(t_clean, s_clean, self._company_tokens, lowercase_words(), signals)

    def classify(self, title: str, summary: str = "") -> Classification:
        # The headline decides, so a headline without a trigger stops here (most items do): a word
        # gate first, then only the rule regexes whose gate opened, on the headline alone.
        t_clean = strip_html(title or "")
        t_low = t_clean.lower()
        t_open = self._gate.open_rules(t_low)
        if not t_open & TRIGGER_RULES:
            return _NO_TRIGGER
        hits = self._hits(t_low, t_open)
        if not hits.any:
            return _NO_TRIGGER
        probs: dict[str, tuple[float, list[str]]] = {}
        if self._models is not None:  # the model reads only what has a trigger: it never adds to nothing
            feats = self._features(t_clean, t_low, summary, t_open, hits)
            probs = {label: (m.probability(feats), feats) for label, m in self._models.items()}
        title, summary = normalise(title, summary, self._recaser)
        return self._decide(title, summary, t_low, summary.lower(), t_open, hits, probs)

    # -- the decision -----------------------------------------------------------------------------
    def _decide(
        self,
        title: str,
        summary: str,
        t_low: str,
        s_low: str,
        t_open: frozenset[str],
        hits: _Triggers,
        probs: dict[str, tuple[float, list[str]]],
    ) -> Classification:
        talent_hit, inv_hits, weak = hits.talent, hits.investment, hits.weak
        both_low = f"{t_low} |\n{s_low}"  # no phrase runs from the headline into the summary
        t_mentions = self._entities.mentions(title)
        s_mentions = self._entities.mentions(summary)
        native = any(m.name in self._native and not m.passing for m in t_mentions + s_mentions)
        native = (
            native
            or self._native_named(title)
            or any(not m.passing and title[m.start : m.end] in _AI_UNITS for m in t_mentions)
            or bool(_AI_UNIT_NAMED.search(title))  # "Tesla lays off 200 Autopilot workers"
        )
        ai = native or ev.has_ai_context(f"{title}\n{summary}", both_low)
        s_open = self._gate.open_rules(s_low)
        title_negs = ev.negatives(t_low, t_open)
        # a talent headline's reason clause is not its news: "resigns over copyright stance"
        main_end = m.start() if (m := _MAIN_CLAUSE_END.search(t_low)) else len(t_low)
        veto_t = [
            n
            for n in title_negs
            if n[1] in ("talent", "both")
            and t_low.find(n[2]) < main_end
            and not self._described_after(t_low, talent_hit, n[2])
            and not (
                n[0] == "political appointment"
                # "former White House official"; "names David Sacks White House AI czar" is an AI role
                and (_FORMER_BEFORE.search(t_low[: t_low.find(n[2])]) or self._ai_main(title, t_low))
            )
        ]
        veto_t += [
            n
            for n in ev.negatives(s_low, s_open)
            if n[1] == "talent"
            and n[0] not in ("lawsuit or regulation", "award or honour, not a move")
            and not _BACKGROUND_BEFORE.search(s_low[: s_low.find(n[2])])
        ]  # "the former Treasury secretary" describes the mover, it is not a political post
        veto_i = [n for n in title_negs if n[1] in ("investment", "both")]
        cues = self._headline_cues(title)  # they veto both labels, and come first in the reason
        veto_t[:0] = cues
        veto_i[:0] = cues

        inv_hit = self._investment_hit(title, t_low, t_mentions, inv_hits, weak)
        veto_i += self._deal_vetoes(title, t_mentions, inv_hits, inv_hit)
        if inv_hit is None and any(h.event == "strategic_stake" for h in inv_hits):
            inv_hit = self._country_commitment(title, s_low, t_mentions)
        if talent_hit is not None and self._move_is_context(t_low, talent_hit, inv_hit):
            talent_hit = None
        founder = self._founding(title, t_low) if hits.founds else None
        if founder is not None:
            talent_hit = ev.Hit("founding", founder)
            if inv_hit is None and amounts(title):
                inv_hit = ev.Hit("funding_round", self._quote(title, "with"))
        elif talent_hit is not None and inv_hit is None and amounts(title) and _LICENSE_PAID.search(t_low):
            inv_hit = ev.Hit("acquihire", _LICENSE_PAID.search(t_low).group(0))  # type: ignore[union-attr]
        elif (
            talent_hit is not None
            and talent_hit.event == "acquihire"
            and inv_hit is None
            and (paid := _PAID_IN_SUMMARY.search(s_low))
        ):  # "license Groq's technology and hire its executives" / "Nvidia is paying about $20 billion"
            inv_hit = ev.Hit("acquihire", paid.group(0))
        elif (
            talent_hit is None
            and inv_hit is not None
            and inv_hit.event == "funding_round"
            and _NEW_COMPANY.search(t_low)
            and (founders := _FOUNDED_BY_LEAVERS.search(both_low))
        ):  # "Chai Discovery emerges with $30 million", co-founded by a former Meta AI researcher
            talent_hit = ev.Hit("founding", founders.group(0))
        if (
            inv_hit is not None
            and inv_hit.event == "infrastructure"
            and talent_hit is not None
            and not amounts(title)
            and 0 <= t_low.find(talent_hit.phrase) < t_low.find(inv_hit.phrase)
        ):
            inv_hit = None  # "poaches Intel CTO Sachin Katti to build out its compute infrastructure"
        if inv_hit is not None and inv_hit.event == "infrastructure":
            ai = ai or bool(_DATA_CENTRE.search(both_low))
        elif inv_hit is not None and inv_hit.event == "acquisition" and talent_hit is None:
            ai = ai or bool(
                _DATA_CENTRE_BOUGHT.search(t_low)
            )  # "buys ... data-centre campus for $650 million"
        team = (
            _TEAM_JOINS.search(both_low) if inv_hit is not None and inv_hit.event == "acquisition" else None
        )
        if team and _NEGATED.search(team.group(0)):
            team = None  # "the app's co-founders are not joining"
        acquihire = bool(team and ai)
        if acquihire:
            talent_hit = ev.Hit("acquihire", team.group(0))  # type: ignore[union-attr]
        if (
            inv_hit is not None
            and inv_hit.event == "acquisition"
            and (_ACQUIHIRE_WORD.search(t_low) or (acquihire and _SHUT_DOWN.search(both_low)))
            and not amounts(f"{title} {summary}")
        ):
            # "OpenAI picks up Roi in acqui-hire", "buys Jetpac and shuts it down as team joins":
            # the team without a price is talent only (LABELS.md)
            inv_hit = None
            found = _ACQUIHIRE_WORD.search(t_low)
            talent_hit = talent_hit or ev.Hit("acquihire", found.group(0) if found else "team")

        reasons: list[str] = []
        talent = False
        if talent_hit is not None:
            licensed = talent_hit.event in ("acquihire", "founding")  # AI context is enough
            ai_role = (
                self._ai_evidence(native, acquihire, title, s_low, both_low)
                or (licensed and ai)
                or self._ai_clause(title, t_low)
            )
            if talent_hit.event == "departure" and (dest := _DESTINATION.search(title)):
                ai_role = ai_role or ev.has_ai_context(title[dest.end() :], t_low[dest.end() :])
            if "board" in talent_hit.phrase and not native:
                ai_role = False  # "Amazon adds AI pioneer Andrew Ng to its board": a director, not an AI role
            if talent_hit.event == "layoffs" and self._ai_main(title, t_low):
                ai_role = True  # "lays off team that taught employees to use AI responsibly"
            staffed = talent_hit.event in (
                "layoffs",
                "reorganisation",
                "pay",
                "acquihire",
                "poaching",
                "founding",
            )
            staffed = staffed or bool(ev.STAFF.search(t_low)) or self._has_person(title)
            staffed = staffed or bool(_LED_BY_NAME.search(title))  # "lab to be led by McGill's Doina Precup"
            if talent_hit.event in ("layoffs", "reorganisation", "pay") and not self._parties.actor(
                title, talent_hit.phrase, t_mentions
            ):
                staffed = False  # "AI job layoffs are here", "tech giants form AI group"
            if talent_hit.event == "reorganisation" and _CORPORATE.search(t_low):
                reasons.append("corporate restructuring, not an AI team change")
            elif veto_t:
                reasons.append(f'{veto_t[0][0]} ("{veto_t[0][2]}")')
            elif not ai_role:
                reasons.append(f'talent trigger "{talent_hit.phrase}" but no AI company or AI role')
            elif not staffed:
                reasons.append(f'talent trigger "{talent_hit.phrase}" but nobody named moves')
            else:
                talent = True
        investment = False
        if inv_hit is not None and (inv_at := t_low.find(inv_hit.phrase)) >= 0:
            # "hires Windsurf CEO in $2.4 billion deal as OpenAI's bid collapses": the rival deal is context
            later = _CONTEXT_CLAUSE.search(t_low, inv_at)
            veto_i = [
                n
                for n in veto_i
                if not (
                    n[0] == "deal called off, not investment" and later and later.start() < t_low.find(n[2])
                )
            ]
        if inv_hit is not None and inv_hit.event == "ipo" and "debut" in inv_hit.phrase:
            # "X shares double in Hong Kong trading debut": the first day's move is the listing itself
            veto_i = [n for n in veto_i if n[0] != "stock move, not investment"]
        if inv_hit is not None and inv_hit.event == "ipo" and ev.SPECULATION.search(t_low):
            veto_i.append(
                ("IPO speculation, not a listing", "investment", ev.SPECULATION.search(t_low).group(0))
            )  # type: ignore[union-attr]
        if inv_hit is not None:
            if veto_i:
                reasons.append(f'{veto_i[0][0]} ("{veto_i[0][2]}")')
            elif not ai:
                reasons.append(f'investment trigger "{inv_hit.phrase}" but no AI company or AI context')
            else:
                investment = True
        notes: dict[str, str] = {}
        if probs:
            # the model may add a label only where the rules see AI and no hard-negative cue:
            # it reads "CEO resigns" as talent whatever the company does
            ai_talent = native or (
                not (talent_hit and "board" in talent_hit.phrase)  # a director's AI fame is not an AI role
                and (
                    self._ai_evidence(native, acquihire, title, s_low, both_low)
                    or self._ai_main(title, t_low)
                )
            )
            talent, talent_hit = self._second_opinion(
                "talent", talent, talent_hit, probs, t_open, _TALENT_EVENTS,
                talent_hit is not None and ai_talent and not veto_t, notes,
            )  # fmt: skip
            investment, inv_hit = self._second_opinion(
                "investment", investment, inv_hit, probs, t_open, _INVESTMENT_EVENTS,
                bool(inv_hits or weak) and ai and not veto_i, notes,
            )  # fmt: skip
        if not (talent or investment):
            if not reasons:
                reasons.append("no talent or investment trigger in the headline")
            return Classification(confidence=0.15 if talent_hit or inv_hit else 0.05, why="; ".join(reasons))
        return self._positive(title, summary, t_mentions, s_mentions, talent_hit if talent else None,
                              inv_hit if investment else None, native, notes)  # fmt: skip

    def _headline_cues(self, title: str) -> list[tuple[str, str, str]]:
        """Cues that make the whole headline no news of a move or a deal (opinion first)."""
        cues = []
        if ev.OPINION.search(title):
            cues.append(("opinion or analysis", "both", title.split()[0]))
        if (quoted := _PERSON_SAYS.match(title)) and self._has_person(quoted.group(1)):
            cues.append(
                ("a quote, not a move", "both", quoted.group(1))
            )  # "Ilya Sutskever: AI is moving ..."
        return cues

    def _deal_vetoes(
        self, title: str, t_mentions: list[Mention], inv_hits: list[ev.Hit], inv_hit: ev.Hit | None
    ) -> list[tuple[str, str, str]]:
        """What the rules saw of a deal trigger that rules it out, for the model too."""
        vetoes = []
        if (
            inv_hit is None
            and inv_hits
            and all(h.event == "acquisition" and ev.PLAIN_BUY.match(h.phrase) for h in inv_hits)
        ):  # "Wang buys full-page ad ...": what was bought is no company
            vetoes.append(("nothing bought is a company", "investment", inv_hits[0].phrase))
        opener = t_mentions[0] if t_mentions else None
        if (
            inv_hit is not None
            and opener is not None
            and opener.start == 0
            and opener.name in self._investor_firms
            and _FIRM_RAISES.match(title[opener.end :])
        ):  # "Index Ventures raises $2.3 billion with an eye on AI": the firm's own fund
            vetoes.append(("a venture fund, not an AI company", "investment", title[: opener.end]))
        return vetoes

    @staticmethod
    def _move_is_context(t_low: str, talent_hit: ev.Hit, inv_hit: ev.Hit | None) -> bool:
        """A move word that is not the headline's news: in a clause after the deal ("Windsurf acquired
        by Cognition days after Google hired its CEO") or in scare quotes ("lets creators 'hire' AI
        assistants")."""
        moved_at = t_low.find(talent_hit.phrase)
        if inv_hit is not None and talent_hit.event in (
            "hire", "departure", "appointment", "poaching", "reorganisation"
        ):  # fmt: skip
            deal_at = t_low.find(inv_hit.phrase)
            later = _SUBORDINATE.search(t_low, deal_at + len(inv_hit.phrase))
            if later and moved_at > later.start() > deal_at >= 0:
                return True
        return bool(_SCARE_QUOTED.search(t_low[:moved_at]))

    @staticmethod
    def _described_after(t_low: str, hit: ev.Hit | None, cue: str) -> bool:
        """The cue sits in a description after the move: "fires X, engineer at center of Waymo lawsuit"."""
        at = t_low.find(hit.phrase) if hit is not None else -1
        cue_at = t_low.find(cue)
        return 0 <= at < cue_at and "," in t_low[at:cue_at]

    def _second_opinion(
        self,
        label: str,
        decided: bool,
        hit: ev.Hit | None,
        probs: dict[str, tuple[float, list[str]]],
        t_open: frozenset[str],
        events: tuple[str, ...],
        may_add: bool,
        notes: dict[str, str],
    ) -> tuple[bool, ev.Hit | None]:
        """The model adds a label the rules missed when it is confident (it never overrules a "yes":
        the rules are the more precise reader, and on the real feeds every veto it made was wrong)."""
        model = self._models[label]  # type: ignore[index]
        p, feats = probs[label]
        if not decided and may_add and p >= model.add_at:
            if hit is None:  # name the event after the first trigger family whose words are there
                hit = ev.Hit(next((e for e in events if e in t_open), events[0]), "")
            notes[label] = f"model {p:.2f}: " + ", ".join(model.evidence(feats))
            return True, hit
        return decided, hit

    def _investment_hit(
        self,
        title: str,
        t_low: str,
        t_mentions: list[Mention],
        hits: list[ev.Hit],
        weak: re.Match[str] | None,
    ) -> ev.Hit | None:
        money = bool(amounts(t_low))
        for hit in hits:  # a data-centre commitment is infrastructure even when it says "investment"
            sized = money or _SIZED.search(t_low)
            if (
                hit.event == "infrastructure"
                and ev.COMMITMENT.search(t_low)
                and sized
                and ev.INFRA_NOUN.search(t_low)
            ):
                return hit
        for hit in hits:
            if hit.event == "infrastructure":
                continue
            if (
                hit.event == "acquisition"
                and ev.PLAIN_BUY.match(hit.phrase)
                and not self._parties.buyer(title, hit, t_mentions)
            ):
                continue  # "Cops are buying 'GeoSpy'", "urged to buy British tech"
            if hit.event == "acquisition" and ev.PLAIN_BUY.match(hit.phrase) and not money:
                at = t_low.find(hit.phrase) + len(hit.phrase)
                if _PERSON_BOUGHT.match(t_low[at:]):
                    continue  # "picks up Intel data-centre CTO Dhiraj Mallick": a hire, not a purchase
                if not _COMPANY_BOUGHT.match(title[at:]):
                    continue  # "Wang buys full-page ad urging Trump ...": not a company
            if hit.event == "strategic_stake" and not self._parties.target(title, hit, t_mentions):
                continue  # "Amazon invests to bring AI education ...", "Investing in America"
            return hit
        if weak and money:  # "led by", "backs": only with money
            return ev.Hit("funding_round", weak.group(0))
        return None

    def _native_named(self, title: str) -> bool:
        """Registry names kept out of plain mentions ("Cruise", "Figure") count as the headline's subject
        ("Cruise names ...") or capitalised inside it ("GM folds Cruise into ...")."""
        m = OPENING_NAME.match(title) or _OPENING_CHIEF.match(title)
        if m and self._native_forms.get(m.group(1).lower()):
            return True
        # a capitalised registry name that is also an everyday word, inside the headline: "GM folds Cruise into"
        return any(
            self._native_forms.get(w.lower())
            for w in _CAP_WORD.findall(title[1:])
            if w in self._ambiguous_native
        )

    @staticmethod
    def _country_commitment(title: str, s_low: str, t_mentions: list[Mention]) -> ev.Hit | None:
        """ "Microsoft to invest $15.2 billion in the UAE" with data centres in the summary: infrastructure.

        Only a known company's pledge, and only data centres, cloud or compute (a gas supplier's plant
        that serves chipmakers is not AI infrastructure)."""
        m = _PLACE_INVEST.search(title)
        known = any(not x.passing and x.start < (m.start() if m else 0) for x in t_mentions)
        if m and known and m.group(1) in PLACES and _DATA_CENTRE.search(s_low):
            return ev.Hit("infrastructure", m.group(0).split(" in")[0].lower())
        return None

    def _founding(self, title: str, t_low: str) -> str | None:
        """A person (not a company) launching a company: "Karpathy launches Eureka Labs"."""
        m = _PERSON_FOUNDS.search(t_low)
        if not m:
            return None
        subject = title[: m.start()]
        if _COMPANY_WORD_END.search(subject):
            return None  # "Lila Sciences debuts with $200 million": a company, though "Lila" is a first name
        person_subject = bool(find_people(subject, self._company_words)) or bool(_PERSON_ROLE.search(subject))
        if (
            self._entities.mentions(subject)
            and not re.search(r"\b(?:former|ex-|co-founders?|founders|alum|veteran)", subject, re.I)
            and not (
                person_subject
                and re.match(
                    r"(?:leav|exit|quit|depart|bolt|walk|resurfac|return|is back|are back)", m.group(0)
                )
            )
        ):
            return None  # "OpenAI launches ..." is a product launch; "Alibaba VP X exits to start ..." is not
        if (
            _PRODUCT_AFTER.match(title[m.end() :])
            or _NOT_FOUNDED.search(title[: m.end() + 40])
            or _PRODUCT_NOUN_AFTER.match(title[m.start() :])
        ):
            return None  # "Robin Li unveils Ernie 4.0": a product with a version, not a company
        if not (find_people(subject, self._company_words) or re.search(r"(?i)\b(?:former|ex-|co-?founders?|"
                r"researchers?|scientists?|executives?|engineers?|co-?creators?|creators?|veterans?|alumni|co-?authors?|founders|"
                r"ceo|cto|chief)\b", subject)):  # fmt: skip
            return None
        return m.group(0).strip()

    @staticmethod
    def _ai_evidence(native: bool, acquihire: bool, title: str, s_low: str, both_low: str) -> bool:
        """What makes a move an AI move for both readers: an AI-native party, an acqui-hire, the
        summary calling the employer an AI company, an AI role, or an employer named "... AI"."""
        return (
            native
            or acquihire
            or bool(_AI_COMPANY_DESC.search(s_low))
            or bool(ev.AI_ROLE.search(both_low))
            or bool(_AI_NAMED.search(title))
        )

    @staticmethod
    def _ai_main(title: str, t_low: str) -> bool:
        """AI words in the headline's main clause, not in "... as students turn to AI tools"."""
        m = _MAIN_CLAUSE_END.search(t_low)
        main, main_low = (title[: m.start()], t_low[: m.start()]) if m else (title, t_low)
        return ev.has_ai_context(main, main_low)

    def _ai_clause(self, title: str, t_low: str) -> bool:
        """A staff word and AI words in the same main clause: "fires engineer who claimed its AI chatbot..."."""
        m = _MAIN_CLAUSE_END.search(t_low)
        main_low = t_low[: m.start()] if m else t_low
        return bool(ev.STAFF.search(main_low)) and self._ai_main(title, t_low)

    def _has_person(self, text: str) -> bool:
        return bool(find_people(text, self._company_words))

    # -- building the answer ----------------------------------------------------------------------
    def _positive(
        self,
        title: str,
        summary: str,
        t_mentions: list[Mention],
        s_mentions: list[Mention],
        talent_hit: ev.Hit | None,
        inv_hit: ev.Hit | None,
        native: bool,
        notes: dict[str, str],
    ) -> Classification:
        companies = self._parties.parties(title, summary, t_mentions, s_mentions, talent_hit, inv_hit)
        named = find_people(f"{title}. {summary}", self._company_words)
        # a person is never a company ("Twitter hires Rumman Chowdhury"), unless the registry says so;
        # what a team joins or a founder starts is named like a person ("Crossing Minds", "Applied Compute")
        companies_named = (talent_hit is not None and talent_hit.event in ("acquihire", "founding")) or (
            inv_hit is not None and inv_hit.event == "acquisition"
        )
        # ... nor is a mover's surname alone ("Yu will lead post-training", after "Yu Bowen")
        folded = set() if companies_named else {n.casefold() for p in named for n in (p, *p.split())}
        companies = [c for c in companies if c.casefold() not in folded or self.registry.exact(c)]
        people = tuple(named) if talent_hit else ()
        amount = self._amount(title) or (self._amount(summary) if inv_hit else None)
        if talent_hit and inv_hit:
            event = "acquihire" if talent_hit.event in ("acquihire", "hire") else talent_hit.event
        else:
            event = (talent_hit or inv_hit).event  # type: ignore[union-attr]
        confidence = 0.7 + 0.1 * native + 0.05 * bool(companies) + 0.05 * bool(people or amount)
        parts = []
        for label, hit in (("talent", talent_hit), ("investment", inv_hit)):
            if hit and label in notes:
                parts.append(f"{label}/{hit.event} ({notes[label]})")
            elif hit:
                parts.append(f'{label}/{hit.event}: "{self._quote(title, hit.phrase)}"')
        if companies:
            parts.append("parties: " + ", ".join(companies))
        if people:
            parts.append(("people: " if len(people) > 1 else "person: ") + ", ".join(people))
        if amount:
            parts.append(f"amount: {format_usd(amount)}")
        return Classification(
            talent=talent_hit is not None,
            investment=inv_hit is not None,
            companies=tuple(companies),
            people=people,
            event_type=event,
            amount_usd=amount,
            confidence=round(min(confidence, 0.97), 2),
            why="; ".join(parts),
        )

    @staticmethod
    def _quote(title: str, phrase: str) -> str:
        """The trigger as written in the headline, plus the next word when it names something."""
        i = title.lower().find(phrase)
        if i < 0:
            return phrase
        quoted = title[i : i + len(phrase)]
        if quoted.endswith((" ", "$", "€", "£")):  # the regex ended inside a phrase
            quoted = quoted.rstrip()
        m = re.match(r"\S*(?:\s+([^\s,;:]+))?", title[i + len(phrase) :])
        if m:
            head, nxt = m.group(0), m.group(1) or ""
            glued = head[: len(head) - len(nxt)].rstrip() if nxt else head
            quoted += glued
            if nxt and nxt[0].isupper():
                quoted += " " + nxt
        return quoted.strip(" ,;:")

    @staticmethod
    def _amount(text: str) -> float | None:
        found = amounts(text)
        for pos, value in found:
            if not _VALUATION_BEFORE.search(text[max(0, pos - 20) : pos]) and value >= 1e5:
                return value
        return found[0][1] if found else None
