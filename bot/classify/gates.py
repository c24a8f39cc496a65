"""Cheap word gates in front of the rule regexes.

Python's `re` tries an alternation of `\\b...` patterns at every position, so running ~30 rule
patterns over every item costs milliseconds. Each rule instead names the word stems it can start
with; a rule's regex runs only when a word of the text starts with one of its stems. The gate is a
superset of the regex (never hides a match), and a word's rule set is cached, so the common case,
a headline with no trigger word at all, costs one tokenisation and a few dict lookups.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9$%][a-z0-9&'’$%.\-]*")
_CACHE_LIMIT = 200_000

STEMS: dict[str, tuple[str, ...]] = {
    # A stem matches words starting with it; a stem ending in "=" matches that exact word only.
    # talent rules
    "acquihire": ("acqui", "licen", "deal", "spend", "spent"),
    "poaching": ("poach", "lure", "luring", "hire", "hiring", "talent", "raid", "steal", "headhunt"),
    "layoffs": ("lay", "laid", "job", "cut", "slash", "freez", "hiring", "staff", "workforce", "employees", "buyout",
                "buy-out", "voluntary"),
    "pay": ("pay", "paid", "compens", "bonus", "retention", "salar", "grant", "award", "offer", "package", "$",
            "non-compet", "noncompet", "recalibrat", "six-figure", "seven-figure", "eight-figure", "nine-figure",
            "year=", "annum="),
    "departure": ("leav", "left=", "depart", "exit", "quit", "resign", "step", "oust", "fired=", "retir",
                  "parts=", "parted=", "parting=", "exodus", "loses=", "lost=", "walk", "sabbatical", "leave", "fires=", "forced", "pushed", "dismiss",
                  "sack", "decamp", "bolt", "out=", "depart", "farewell", "lose=", "losing=", "brain=", "push", "door",
                  "jobs=", "roles=", "positions="),
    "hire": ("hire", "hiring", "recruit", "tapped=", "taps=", "nabs=", "snags=", "join", "rejoin", "return",
             "jump", "defect", "move=", "moves=", "moving=", "heads=", "bring", "brought=", "aboard",
             "reinstat", "researcher", "scientist", "lands=", "woo", "courts=", "enlist", "wins=", "absorb", "fill",
             "goes=", "go=", "comes=", "come=", "sign", "resurfac", "turn", "drift", "moved=", "going=", "heading=", "scoop",
             "heading", "head=",
             "coming=", "join", "rehir"),
    "appointment": ("appoint", "name", "promot", "elevat", "lead", "head", "charge", "takes=", "take=",
                    "taking=", "succeed", "boss", "chief", "ceo", "cto", "leader", "president", "shift",
                    "hands=", "hand=", "handed=", "strip", "interim", "become", "replac", "picks=", "selects=",
                    "chooses=", "installs=", "helm", "fill", "confirm", "makes=", "now=", "led=", "under=", "run=", "adds=", "add=", "added=", "adding="),
    "reorganisation": ("reorgani", "restructur", "shake", "shak", "split", "combin", "overhaul", "disband",
                       "dissolv", "fold", "merg", "reassign", "unit", "group", "division", "team", "lab", "org", "revamp",
                       "reshuffl", "consolidat", "mov", "wind", "wound=", "shut", "clos", "ceas", "gut", "become", "rebuild", "reviv", "reboot", "relaunch", "restart", "resurrect"),
    # investment rules
    "ipo": ("ipo", "public", "list", "file", "debut", "offering", "shares=", "float"),
    "tender": ("tender", "secondary", "share"),
    "acquisition": ("acqui", "buy", "bought", "snap", "scoop", "takeover", "merger", "merge", "purchas", "picks=",
                    "pays=", "paid=", "paying=", "bid=", "deal=", "sold=", "purchase", "acquisition", "takeover",
                    "pick=", "picked=", "sell", "takes=", "take=", "taking=", "merge"),
    "funding_round": ("rais", "funding", "fundrais", "round", "series", "seed", "valu", "secures=", "secured=",
                      "closes=", "closed=", "lands=", "landed=", "bags=", "bagged=", "nabs=", "gets=",
                      "pre-money", "post-money", "unicorn", "talks", "investment", "secure=", "close=", "land=", "bag=",
                      "nab=", "get=", "got=", "nets=", "net=", "netted=", "pulls=", "pull=", "pulled=", "hauls=",
                      "haul=", "hauled=", "rakes=", "rake=", "raked=", "draws=", "draw=", "drew=", "attract",
                      "picks=", "pick=", "picked=", "scores=", "score=", "scored=", "snags=", "snag=", "grabs=",
                      "grab=", "collect", "reels=", "reel=", "brings=", "bring=", "receiv", "wins=", "win=", "won=",
                      "launch", "emerg", "debut", "stealth=", "add=", "adds=", "added="),
    "strategic_stake": ("stake", "invest", "warrant", "shareholder", "equity", "injection", "commit", "pour", "pump",
                        "inject", "plow", "plough", "sinks=", "sink=", "puts=", "put=", "bet=", "bets=", "take", "giv",
                        "own", "check", "cheque", "infusion", "lifeline", "back=", "pledg", "multi", "doubl"),
    "infrastructure": ("data", "datacent", "infrastructure", "comput", "supercomput", "gigawatt", "gw", "campus",
                       "cluster", "factor", "hub", "chip", "cloud", "tpu", "gpu", "plant", "fab", "packaging",
                       "semiconductor", "venture", "project", "spend", "build"),
    "weak_funding": ("backed=", "led=", "co-led=", "backs=", "backing="),
    "founding": ("launch", "start=", "starts=", "started=", "starting=", "found=", "founds=", "founded=",
                 "founding=", "co-found", "cofound", "sets=", "set=", "unveil", "debut", "form=", "forms=",
                 "formed=", "forming=", "leav", "exit", "resurfac", "return", "back=", "quit", "depart", "bolt",
                 "walk", "has="),
    # hard negatives
    "lawsuit or regulation": ("sue", "sued", "lawsuit", "court", "judge", "antitrust", "ftc", "doj", "cma",
                              "regulat", "watchdog", "probe", "probing", "inquiry", "investigat", "fine",
                              "veto", "legislat", "senate", "congress", "hearing", "subpoena", "indict",
                              "export", "sanction", "tariff", "copyright", "infring", "stop", "ban"),
    "stock-index inclusion, not a move": ("join", "added=", "enter"),
    "talk or interview, not a move": ("speak", "spoke", "talk", "interview", "podcast", "keynote", "at",
                                      "takeaways", "tells=", "urges=", "calls=", "advises=", "warns=", "join"),
    "award or honour, not a move": ("named=", "win", "won=", "receiv", "award", "share"),
    "denied report, not news": ("den", "rebut", "refut", "dismiss", "not=", "question", "cast", "doubt"),
    "survey or hiring trend, not a move": ("survey", "poll", "hire"),
    "an asset bought, not a company": ("buy", "bought", "acqui", "purchas"),
    "a product shut down, not a team change": ("app", "service", "product", "feature", "tool", "website", "game"),
    "non-AI hires": ("hir", "taps=", "tapped=", "picks=", "enlists="),
    "stock move, not investment": ("share", "stock", "market", "price", "upgrad", "downgrad", "analyst",
                                   "soar", "jump", "surg", "fall", "slide", "plung", "tumbl", "rise", "drop",
                                   "sink", "climb", "gain", "slump", "rall", "all-time", "record", "trillion",
                                   "s&p", "dow", "sell", "bet", "short"),
    "earnings report, not investment": ("earning", "quarter", "revenue", "profit", "guidance", "forecast",
                                        "outlook", "result", "beat", "sales", "annuali"),
    "dividend or buyback, not investment": ("dividend", "buyback", "repurchase"),
    "a venture fund, not an AI company": ("rais", "clos", "launch", "unveil", "start", "form", "debut"),
    "debt sale, not investment": ("bond", "debt", "notes"),
    "deal called off, not investment": ("abandon", "scrap", "call", "terminat", "collaps", "block", "walk", "turn", "off=",
                                        "fall", "fell",
                                        "reject", "rebuff", "spurn", "declin", "withdr", "postpon", "shelv", "pull"),
    "divestment, not investment": ("sell", "sold", "offload", "dump", "trim", "cut", "exit"),
    "sports move": ("coach", "quarterback", "football", "basketball", "baseball", "soccer", "hockey", "nfl",
                    "nba", "mlb", "nhl", "mls", "striker", "midfielder", "pitcher", "playoff", "super",
                    "olympic", "goalkeeper", "world", "premier", "f1", "formula", "grand"),
    "political appointment": ("nominat", "fed", "secretary", "cabinet", "minister", "governor", "white",
                              "ambassador", "senator", "election", "president-elect", "parliament"),
    "AI replacing jobs, not AI talent": ("thank", "because", "due", "replac", "blam", "ai", "eliminat", "wipe",
                                         "shrink", "displac", "roles"),
}  # fmt: skip

TRIGGER_RULES = frozenset(
    {"acquihire", "poaching", "layoffs", "pay", "departure", "hire", "appointment", "reorganisation", "ipo",
     "tender", "acquisition", "funding_round", "strategic_stake", "infrastructure", "weak_funding", "founding"}
)  # fmt: skip


class Gate:
    def __init__(self, stems: dict[str, tuple[str, ...]] = STEMS) -> None:
        self._prefixes = {
            name: tuple(s for s in group if not s.endswith("=")) for name, group in stems.items()
        }
        self._exact = {
            name: frozenset(s[:-1] for s in group if s.endswith("=")) for name, group in stems.items()
        }
        self._cache: dict[str, frozenset[str]] = {}
        # per first character, the rules with a prefix starting with it (a cold word checks only those)
        by_char: dict[str, dict[str, list[str]]] = {}
        for name, prefixes in self._prefixes.items():
            for prefix in prefixes:
                by_char.setdefault(prefix[0], {}).setdefault(name, []).append(prefix)
        self._by_char = {
            char: tuple((name, tuple(group)) for name, group in rules.items())
            for char, rules in by_char.items()
        }
        self._exact_words: dict[str, frozenset[str]] = {}
        for name, words in self._exact.items():
            for w in words:
                self._exact_words[w] = self._exact_words.get(w, frozenset()) | {name}

    def _rules(self, word: str) -> frozenset[str]:
        rules = frozenset(
            name for name, prefixes in self._by_char.get(word[:1], ()) if word.startswith(prefixes)
        ) | self._exact_words.get(word, frozenset())
        if "-" in word:  # "accel-led", "ex-deepmind": the parts count too
            for part in word.split("-"):
                if part:
                    rules |= self._rules(part)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = rules
        return rules

    def open_rules(self, lower_text: str) -> frozenset[str]:
        """Names of the rules whose regex may match `lower_text`."""
        cache = self._cache
        out: set[str] = set()
        for word in _WORD.findall(lower_text):
            rules = cache.get(word)
            if rules is None:
                rules = self._rules(word)
            if rules:
                out.update(rules)
        return frozenset(out)
