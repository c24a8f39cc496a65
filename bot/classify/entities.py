"""Company mentions and which of them are *parties* to the event.

Known companies are found by one compiled regex over every registry name, alias and division.
Companies missing from the registry are picked up only in role slots ("X raises", "to buy X",
"led by X", "from X, Y and Z"). A headline's companies are parties unless mentioned in passing
("Nvidia-backed", "rivals like"); a summary's only when they fill such a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.classify.lexicon import ACRONYMS, DEMONYMS, FIRST_NAMES, KNOWN_PEOPLE, NOT_NAMES, PLACES
from bot.classify.text import lowercase_words
from bot.domain.companies import CompanyRegistry

# Registry forms that are everyday words: found by role pattern only, never by bare mention.
AMBIGUOUS = frozenset(
    "Scale Figure Index Benchmark Spark Magic Writer Together Apollo Valor Sierra Lambda Radical Lux "
    "Conviction Threads Alexa Autopilot Optimus Devin Andreessen Seed X Twitter Arm Apple's Monica "
    "Stability Writer Figure Aurora Cruise".split()
) | {"Seed team", "Vision Fund", "FAIR", "Azure", "M12", "HP IQ", "OCI"}

_TOK = r"(?:[A-Z][\w&.\-:]*\w|[A-Z]\.?|\d+[A-Za-z][\w.]*|[a-z]{1,3}[A-Z][\w&.\-]*\w)"  # "nuTonomy", "vLex"
_PLACES = {
    "New",
    "San",
    "Los",
    "Palo",
    "Hong",
    "Abu",
    "Tel",
    "Santa",
    "Mountain",
    "Bay",
    "Las",
    "Sao",
    "Hangzhou",
}
_NOT_FIRST = "|".join(sorted(DEMONYMS | _PLACES | {"AI", "The", "US", "UK", "EU"}))
NAME = (
    rf"(?<![\w-])(?!(?:{_NOT_FIRST})\b){_TOK}(?:(?: &| and(?= [A-Z]\w+ (?:Co|Company)\b))? {_TOK}){{0,3}}"
    r"(?: \d{1,2}(?![\w.,%]))?"  # "SoftBank Vision Fund 2", "Layer 6"
)
ITEM = rf"(?:{_TOK}(?: {_TOK}){{0,2}}(?:'s|’s) )?{NAME}"
_DESC_WORD = rf"(?:[a-z][\w\-']*|[A-Z][\w.&-]*(?=(?:\s(?:[a-z][\w\-]*|AI|ML)){{0,3}}\s(?:startup|start-up|company|firm|maker|developer|provider|lab|platform|specialist|rival|challenger)\s[A-Z])|[A-Z][a-z]*[A-Z]\w*(?=\s(?!(?:and|or|of|in|for|as|at|to|with|from|by|the|a|an)\s)[a-z][\w\-]*\s[A-Z])|AI|US|UK|EU|UAE|GPU|CPU|HR|IT|API|EV|AR|VR|ML|LLM|SaaS|\d[A-Z]\b|[A-Z]\w+(?: [A-Z]\w+)?(?:'s|’s)|\$[\d.,]+\s?\w*|[A-Z]\w+-based|{'|'.join(sorted(DEMONYMS))})"
DESC = rf"(?:{_DESC_WORD}\s+){{0,6}}"
_ADJECTIVAL = (
    r"(?!\s(?:(?:[a-z][\w\-]*|AI|ML)\s){0,2}(?:startup|start-up|company|firm|maker|developer|provider|lab)\b)"
)
LIST = rf"{ITEM}(?:,\s(?:and\s)?{ITEM}){{0,6}}(?:,?\sand\s{ITEM})?"

_PASSING_BEFORE = re.compile(
    r"(?:\bafter|\blike|\bthan|\bvs\.?|\bversus|\brivals?|\bcompetitors?(?: to)?|\bagainst|\bsuch as|"
    r"\bunlike|\bpowered by|\bbuilt on|\bthe likes of|\bon top of|\bpartner|\bcounter|\bchallenge|\btake on|"
    r"\btaking on|\bcompete with|\bcompeting with|\brival|\bbeat|\bovertake|\bchallenging|(?:co-)?founded by|started by)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DESTINATION_RIVAL = re.compile(r"\b(?:for|to|joins?|joined|joining|at)\s+(?:the\s+|a\s+)?rivals?\s+$", re.I)
_NAMED_RIVAL = re.compile(r"[A-Z][\w.&'’-]*\s+rivals?\s+$")
_FORMER_AFTER = re.compile(r"^(?:'s|’s) (?:former|ex-|one-time)", re.IGNORECASE)
_PASSING_AFTER = re.compile(
    r"^(?:'s|’s)?[-\s](?:backed|owned|funded|style|like|rival|rivals|alum|alumni|partner|supported)\b",
    re.IGNORECASE,
)
_FORMER = re.compile(
    r"(?:\b(?:former|ex-)\s*[\w.&'’-]+\s+(?:and|&|or)|\bformer(?:ly)?(?: of| at)?|\bex-|\bafter (?:leaving|quitting|departing|exiting)|\bpreviously(?: \w+){0,4} (?:at|of)|\bonce)\s*$",
    re.I,
)

_INVESTOR_ROLES = [
    re.compile(
        rf"\b(?:led|co-led|backed) by {DESC}({LIST})\b(?!\s(?:chips|gpus|GPUs|processors|hardware|servers))"
    ),
    re.compile(
        rf"({LIST})\s(?:also\s)?(?:(?:is |are |was )?(?:co-)?leading|co-led|led|co-leads|leads|joined|participated|"
        rf"invested|backed|back(?! (?:out|away|down|off))|took part|takes part|piles? in|piled in|chips? in|join (?:the )?(?:\w+ )?(?:investors|backers|round))\b"
    ),
    re.compile(
        rf"\bwith ({LIST}) (?:also )?(?:investing|participating|joining|contributing|backing|taking part|"
        rf"chipping in)\b"
    ),
    # "Counterpoint Global, a Morgan Stanley fund, led the Series H"
    re.compile(rf"({NAME}), (?:an? |the )[^,]{{3,40}}, (?:co-led|led|leads|co-leads)\b"),
    re.compile(
        rf"({NAME}) (?:(?:to|will|plans to|agrees to|agreed to) invest|invests|invested|pours|poured|pumps|commits)\b"
    ),
    re.compile(rf"({NAME})-led\b"),
    re.compile(rf"\b(?:from|drew|joined by)\s({LIST})"),
    re.compile(
        rf"\b(?i:investors?|backers?|participants|shareholders|firms|funds)\W+(?:[\w'’-]+\W+){{0,5}}?"
        rf"(?:such as|including|include|includes|included)\s({LIST})"
    ),
    re.compile(
        rf"\b(?:with|counted|counts|counting) ({LIST}) among (?:its |the )?(?:\w+ )?(?:backers|investors|shareholders|participants)\b"
    ),
    # "with Nvidia's venture arm participating"
    re.compile(rf"\b({NAME})['’]s (?:corporate )?(?:venture|investment) (?:arm|fund|unit)\b"),
    re.compile(
        rf"({LIST}) (?:(?:is|are|was|were) (?:also )?)?(?:among (?:the )?(?:\w+ )?|the (?:\w+ ){{0,2}}|an? (?:[\w-]+ ){{0,2}})"
        rf"(?:backers?|investors?|funders?|shareholders?)"
    ),
    re.compile(
        rf"({LIST}) (?:plan|plans|will|agreed|agree|also) to (?:invest|back|fund|put|pour|spend|commit)"
    ),
    re.compile(rf"({NAME}) (?:coming on|comes on|came on|joins|joined) as (?:a |an )?(?:\w+ )?investor"),
    # "OpenAI, SoftBank and Oracle are forming the joint venture"
    re.compile(
        rf"({LIST}) (?:are |is )?(?:forming|form|formed|setting up|set up|creating|create) (?:a |the |an )?(?:[\w-]+ ){{0,2}}"
        rf"(?:joint venture|venture|consortium)"
    ),
]
_DEAL_ROLES = [
    re.compile(
        rf"\b(?:acquires?|acquired|acquiring|to acquire|buys|bought|buying|to buy|snaps up|snapped up|"
        rf"scoops up|scooped up|picks up|picked up|purchases?|purchased|takeover of|acquisition of|merge with|"
        rf"takes control of|took control of|to take over|takes over|take over|"
        rf"merger with|stake in|invest(?:s|ed|ing|ment)? (?:[\w$.,]+ ){{0,4}}in|backs|backing|round in|"
        rf"[Ss]eries [A-K] in|bets? on|"
        rf"funding (?:for|in)|largest shareholder (?:in|of)|shareholder of|control of|deal (?:for|with)|"
        rf"pa(?:ys|id|ying) (?:about |nearly |around |more than |over |up to )?[$€£¥][\d.,]+ ?\w*(?: in (?:stock|cash|shares))? for)\s{DESC}"
        rf"({NAME})(?![\w.&-]){_ADJECTIVAL}(?!\s(?:chips?|GPUs?|processors|accelerators|hardware|servers|shares|stock|"
        rf"(?:AI )?(?:hub|campus|data[- ]?cent\w*|region))\b)"
    ),
    re.compile(
        rf"({NAME})(?:, (?:the|a|an) [^,]{{3,80}},)?(?:'s)? (?:\w+ly )?(?:to buy|buys|bought|acquires|acquired|has acquired|has bought|"
        rf"will acquire|to acquire|agreed to (?:acquire|buy)|agrees to (?:acquire|buy)|snaps up|scoops up|picks up|"
        rf"raises|raised|to raise|closes|closed|secures|secured|lands|landed|nets|netted|bags|pulls in|hauls in|"
        rf"rakes in|draws|attracts|collects|collected|purchases|purchased|to purchase|picks up|valued|is valued|hits|reaches|prices|files|completes|becomes|takes|"
        rf"to take|shares debut|debuts|lists|in talks|sells|commits|pours|pumps|injects|goes public|went public|"
        rf"to go public|doubles|triples|quadruples|signs|inks|strikes|agrees to be acquired|to be acquired|is acquired|acquired by|bought by|sold to|makes (?:its |a |her |his )?(?:[\w-]+ ){{0,3}}debut|pays|paid|to pay|will pay|gets|got|receives|received|wins|won|scores|snags|grabs|adds|"
        rf"comes out of stealth|emerges|launches with|debuts with|agrees (?:a |an )?[$€£¥][\d.,]+ ?\w* (?:takeover|deal|acquisition)|to build|will build|plans? to build|(?:shares )?(?:soars?|jumps?|surges?|rises?|climbs?|doubles?|pops?) (?:\w+ ){{0,4}}debut)\b"
    ),
    re.compile(rf"\bvalu(?:es|ing) ({NAME}) (?:at|above|near|over|around)\b"),
    re.compile(rf"({LIST}) (?:agree|agreed|plan|plans|are set|set|to) to merge\b"),
    re.compile(
        rf"\bsells? (?:its |a |the )?(?:[\w'’-]+ ){{0,3}}(?:unit|division|business|arm|operations?|subsidiary) to ({ITEM})"
    ),
    re.compile(
        rf"\b(?:commits?|committed|pours?|poured|pumps?|pumped|injects?|injected|puts?|putting) (?:up to |about |another )?"
        rf"[$€£¥][\d.,]+ ?\w* (?:in|into|to) {DESC}({NAME})(?![\w.&-]){_ADJECTIVAL}"
        # "commits $2 billion to Fort Wayne data centre": a place, not a company
        r"(?!\s(?:[A-Z]\w+\s)*(?:data[- ]?cent\w*|campus|site|facilit\w*|plant|region|county|hub|park|zone|corridor)\b)"
    ),
    # a start-up named in lower case: "OpenAI buys Jony Ive's device startup io for $6.5 billion"
    # (not "the startup collapses": a descriptor word before, and no verb's "-s" at the end)
    re.compile(
        r"(?<!the )(?<!a )(?<!its )(?<!this )\b(?:startup|start-up)\s(?!(?:ecosystem|scene|sector|space|market|community|"
        r"program\w*|accelerator|founder\w*|funding|boom|bubble|world|deal|culture|hub|team|valuation|round|said|told|"
        r"added|announced|reported|noted|plans|will|has|had|is|was|also|now|raised|valued|founded|led|based|which|that)\b)"
        r"([a-z][\w&.+-]{0,20}[a-rt-z0-9&+])"
        r"(?=\s(?:for|in|at|with|from|to)\b|[,;:]|$)"
    ),
]
# Only in the headline: in a summary these often describe someone else's earlier move.
_TALENT_TITLE_ROLES = [
    re.compile(
        rf"\b(?:leaving|leaves|left|exits|departs|departed|quits|bolts|defects) (?:[\w'’]+ ){{0,4}}?for (?:the )?"
        rf"(?:(?:hedge|venture|investment|private|equity|rival|startup|fund|firm|lab|company|chipmaker|bank)\s){{0,2}}({LIST})"
    ),
    re.compile(
        rf"\b(?:hires|hired|acqui-hires|poaches|poached|lures|lured|nabs|absorbs|licenses|licensed) ({NAME})(?:'s|’s)"
    ),
    re.compile(
        rf"\b(?:hire|hires|hired|hiring|poach\w*|lure\w*|recruits|recruited|nabs|snags|lands|brings on|picks up|"
        rf"ousts|ousted|fires|fired|sacks|sacked|dismisses|removes|replaces|enlists|woos|taps|tapped|signs) "
        # "hires Windsurf CEO Varun Mohan", "poaches Google researchers"; not "hires Sachin Katti chief technology officer"
        rf"({NAME}) (?:[a-z][\w-]* ){{0,2}}(?:(?:CEO|CTO|COO|CFO|chief|head|executive|exec|lead|researcher|scientist|"
        rf"engineer|president|director|boss)\b(?= (?:[a-z][\w-]* ){{0,2}}[A-Z][a-z])|(?:founders|co-founders|team|staff|"
        rf"researchers|scientists|engineers)\b)"
    ),
    re.compile(
        rf"\b(?:names|named|taps|tapped|appoints|appointed|picks|makes) ({NAME}) (?:[a-z][\w-]* ){{0,2}}(?:CEO|CTO|"
        rf"COO|CFO|chief|head|executive|exec|lead|president|director|boss) (?:[a-z][\w-]* ){{0,2}}[A-Z][a-z]"
    ),
    re.compile(rf"\b(?:acqui-?hires|absorbs|picks up|acquires|buys|snaps up|scoops up) ({NAME})(?!\w)"),
    re.compile(
        rf"({NAME})(?:'s|’s) (?:[\w-]+ ){{0,3}}(?:team|founders|co-founders|CEO|chief|lead|head|researchers|engineers|staff)\b"
    ),
    re.compile(rf"\b(?:become|becomes|named|as) ({NAME}) (?:CEO|chief|president|head|CTO)\b"),
    re.compile(
        rf"^({NAME})(?:'s|’s) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{1,2}} (?:joins|leaves|exits|departs|quits|is leaving|"
        rf"to join|to leave|moves to|defects|jumps|heads to|lands at|decamps)\b"
    ),
    re.compile(
        rf"^({NAME})(?:'s|’s)? (?:[\w-]+ ){{0,3}}?(?:CEO|CTO|COO|CFO|chief|co-founder|founder|president|head)"
        rf"(?: (?:executive|officer|scientist|technology officer|operating officer|financial officer))?\s+[A-Z]"
    ),
]
_TALENT_TITLE_KEYS = (
    (" for ",), ("hire", "poach", "lure", "nabs", "absorbs", "licens"),
    ("hir", "poach", "lure", "recruit", "nabs", "snags", "lands", "brings on", "picks up", "oust", "fire", "sack",
     "dismiss", "removes", "replaces", "enlists", "woos", "taps", "tapped", "signs"),
    ("names", "named", "taps", "tapped", "appoint", "picks", "makes"),
    ("hires", "absorbs", "picks up", "acquires", "buys", "snaps up", "scoops up"), ("'s", "’s"),
    ("become", "named", "as "), ("'s", "’s"), ("",),
)  # fmt: skip
assert len(_TALENT_TITLE_KEYS) == len(_TALENT_TITLE_ROLES)
_TALENT_ROLES = [
    re.compile(rf"({LIST}) (?:to |will |plan to |plans to )?absorb\w*\b"),
    re.compile(
        rf"\b(?:joins|joined|joining|to join|rejoins|rejoining|returns to|leaves|left|leaving|quits|"
        rf"exits|departs|departing|jumps ship to|jumps to|moves to|heads to|defects to|"
        rf"(?:take|takes|taking|took) (?:the )?(?:helm|reins) (?:at|of)|(?:heads?|heading|goes|going|go|moves?|moving|comes?|coming) back to|"
        rf"(?:to|will) (?:run|lead|head|helm) (?:[\w'’-]+ ){{0,3}}?(?:start-?up|company|lab|venture) |"
        rf"(?<!money )(?<!funds )(?<!funding )(?<!capital )(?<!backing )(?<!investment )(?<!investors )(?<!offer )"
        rf"(?<!offers )(?<!bid )from|"
        rf"hires? from|hired from|lured from|poached from)\s(?:the\s)?(?:(?:hedge|venture|investment|private|"
        rf"equity|rival|startup|start-up|fund|firm|lab|company|chipmaker|carmaker|bank|shuttered|defunct|"
        rf"self-driving|robotics|AI|[\w-]+-backed)\s){{0,3}}({LIST})"
    ),
    re.compile(
        rf"({NAME})(?:'s)? (?:\w+ly )?(?:hires|hired|poaches|poached|lures|lured|taps|tapped|names|named|"
        rf"appoints|appointed|recruits|recruited|nabs|snags|loses|lost|lays off|cuts|lands|brings on|brings in|picks|"
        rf"selects|chooses|elevates|promotes|"
        rf"enlists|woos|signs|adds|welcomes|absorbs|offers)\b"
    ),
]
# Substrings that must occur for each role pattern above to match: a cheap test before the regex.
_INVESTOR_KEYS = (
    ("led by", "backed by"),
    (" led", " lead", " joined", " participated", " invested", " backed", "co-led", " took part", " takes part", " pile",
     " chip", " join", " back"),
    ("investing", "participating", "joining", "contributing", "backing", "taking part", "chipping in"),
    (" led", " lead", "co-led"), (" invest", " pour", " pump", " commit"), ("-led",),
    ("from ", "drew ", "joined by"), ("such as", "includ"), (" among",), ("venture arm", "venture fund", "investment arm", "investment fund", "venture unit", "investment unit"),
    ("backer", "investor", "funder", "shareholder"),
    (" to invest", " to back", " to fund", " to put", " to pour", " to spend", " to commit"), ("investor",),
    ("venture", "consortium"),
)  # fmt: skip
_DEAL_KEYS = (
    ("acqui", "buy", "bought", "snap", "scoop", "purchas", "takeover", "take over", "takes over", "merge", "stake",
     "invest", "backs", "series", "valuing", "bet on", "bets on",
     "backing", "round in", "funding", "shareholder", "deal ", "pick", "control of", "pays", "paid", "paying"),
    ("buy", "bought", "acqui", "snap", "scoop", "rais", "close", "secure", "land", "valued", "hits", "reaches",
     "collect", "purchas",
     "prices", "files", "completes", "becomes", "takes", "to take", "nets", "netted", "bags", "pulls in",
     "hauls in", "rakes in", "draws", "attracts", "picks up", "debut", "lists", "in talks", "sells", "commits",
     "takes control", "public",
     "pours", "pumps", "injects", "pay", "build", "gets", "got", "receiv", "wins", "won", "scores", "snags", "grabs",
     "adds", "stealth", "emerges", "launches", "debuts", "agrees", "makes", "doubles", "triples", "quadruples",
     "signs", "inks", "strikes"),
    ("values ", "valuing "),
    ("merge",),
    ("sell",),
    ("commit", "pour", "pump", "inject", "put"),
    ("startup ", "start-up "),
)  # fmt: skip
_TALENT_KEYS = (
    ("absorb",),
    ("join", "return", "leav", "left", "quit", "exit", "depart", "jump", "moves to", "heads to", "defects", "from",
     "run", "lead", "head", "helm"),
    ("hire", "poach", "lure", "taps", "tapped", "names", "named", "appoint", "recruit", "nabs", "snags", "loses",
     "lost", "lays off", "cuts", "lands", "brings", "enlists", "woos", "signs", "adds", "welcomes", "absorbs",
     "offers", "picks", "selects", "chooses", "elevates", "promotes"),
)  # fmt: skip
assert len(_INVESTOR_KEYS) == len(_INVESTOR_ROLES) and len(_DEAL_KEYS) == len(_DEAL_ROLES)
assert len(_TALENT_KEYS) == len(_TALENT_ROLES)
_FOUNDED = re.compile(
    rf"\b(?:launch|launches|launched|start|starts|started|found|founds|founded|co-founds|co-founded|"
    rf"unveil|unveils|debut|debuts|sets up|set up|form|forms)\s(?:(?:a|an|the|new|stealth)\s)?"
    rf"(?:\w+ ){{0,2}}?(?:startup|start-up|company|lab|venture)?\s?({NAME})"
)
# legal forms only: "Keen Technologies" and "Blue River Technology" are how the press names them
_GENERIC_SUFFIX = re.compile(r"\s+(?:Computing|Inc\.?|Corp\.?|Corporation|Ltd|Limited)$")
_FIRM_SUFFIX = re.compile(
    r"(?:\s+|(?<=[a-z]))(?:Capital|Ventures|Venture Partners|Venture Capital|Capital Partners|Management)$"
)
_SURNAMES = frozenset(p.split()[-1] for p in KNOWN_PEOPLE)
_REGION = frozenset(
    {"Northern", "Southern", "Eastern", "Western", "Central", "Upstate", "Downtown", "Greater"}
)
_ACADEMIC = re.compile(
    r"\b(?:University|College|Institute of|School|Carnegie Mellon|Stanford|MIT|Harvard|Berkeley|Oxford|Cambridge|"
    r"Princeton|Yale|Caltech|Cornell|Columbia|NYU|UCLA|UCSB|UC|Tsinghua|Peking|Fudan|ETH|EPFL|McGill|Mila|KAIST|"
    r"Imperial|Georgia Tech|Johns Hopkins|CMU|UW|UCL|NUS|NTU|IIT|IISc|CUHK|HKUST)\b"
)
_ROLE_WORDS = frozenset({"CEO", "CTO", "COO", "CFO", "CPO", "Chief", "President", "Founder", "Co-founder"})
_TRAILING = frozenset({"Startup", "Start-up", "CEO", "Chief", "Founder", "Co-founder", "Inc", "Inc."})
# Second words that make a place name a company name ("Boston Dynamics", "Berlin Brands Group").
_NAME_TAILS = frozenset(
    "Dynamics Robotics Labs Lab Systems Scientific Technologies Technology Analytics Partners Capital Ventures "
    "Group Holdings Energy Consulting Electric Instruments Semiconductor AI Software Networks Therapeutics Autonomy "
    "Intelligence Health Bio Biomedicines Motors Mobility".split()
)
# Words after a company name that name one of its units, products or roles, not another company.
_UNIT_TAILS = frozenset(
    "AI CTO CEO CFO COO CPO Cloud Autopilot Vision Pro Research Chief Head Unit Group Division Team Lab Health "
    "Brain Search Ads Devices Hardware Optimus Siri Gemini Copilot Alexa Azure Intelligence ML Studio Labs "
    "Reality Superintelligence FAIR Platforms Services Robotics Watson "
    # a company's regional arm: "Microsoft Research Asia", "Google Cloud India"
    "Asia Europe Africa Americas China India Japan Korea Israel Canada France Germany UK EMEA APAC".split()
)
# AI products named like companies: never a party themselves ("Siri co-founder", "Gemini app chief").
_PRODUCTS = frozenset(
    "Siri Alexa Gemini Copilot ChatGPT Claude Watson Cortana Bard Grok Ernie Qwen Llama Sora Codex Kimi Doubao "
    "Autopilot Optimus Bedrock Firefly Midjourney iPhone iPad iPod iMac iOS iCloud iTunes macOS Stargate".split()
)
# public bodies and politicians that appointments name: never a company party
_GOVERNMENT = frozenset(
    "Pentagon Congress Senate Commerce Treasury NHS DoD Kremlin Trump Biden Obama Harris Modi Macron Starmer "
    "Sunak Xi".split()
) | {"White House", "State Department", "Downing Street", "European Commission", "Department of Defense"}
_TITLES = frozenset("Prince King Queen Sheikh Sultan Emir Lord Sir Dr Mr Ms Mrs".split())  # "Prince Alwaleed"
_FORMER_START = re.compile(r"(?i)(?:former|ex)\b")
_OWNED_UNIT = re.compile(r"^(.*?)(?:'s|’s)\s+(\S+(?: \S+)?)$")  # "Tencent's Robotics X"
_MONEY_NAME = re.compile(
    r"(?i:\d+(?:\.\d+)?(?:[mbk]|bn|mn)\b)|[A-Z]{1,3}\d{2,4}\b"
)  # "$25M Series B", chips ("MI450", "H100")
_OWNED_SUFFIX = re.compile(r"-(?:backed|owned|funded|led|based|controlled|founded)$")
_BACKED_PREFIX = re.compile(r"^[\w.&]+-(?:backed|owned|funded|led|based|controlled|listed) ")
_POSSESSIVE = re.compile(r"^.*?(?:'s|’s)\s+")


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # canonical
    start: int
    end: int
    passing: bool
    former: bool


_TOKEN = re.compile(r"[\w$][\w.&'’\-:]*")
# ", the voice AI startup from Oculus co-founder X," / ", an OpenAI co-founder,": describes, is no party;
# ", a senior Google AI research manager," names the current employer and stays a party
_APPOSITIVE = re.compile(
    r"(?<=\w), (?:the|a|an) (?=[^,;]{0,80}\b(?:former|ex-|co-?founder|founder|alum|veteran|startup|start-up|"
    r"company|firm|maker|developer|lab|provider|platform)\b)[^,;]{3,80},"
)
_LED_AFTER = re.compile(r"(?:-led|-backed round|\s(?:leads|led|co-leads|co-led)\b)")
_TOKEN_TAIL = re.compile(r"(?:'s|’s|'|’|\.|:)+$")


def _token_key(token: str) -> str:
    """A token without a possessive or trailing punctuation ("OpenAI's" -> "OpenAI")."""
    last = token[-1]
    if last in "'’.:" or (last == "s" and len(token) > 2 and token[-2] in "'’"):
        return _TOKEN_TAIL.sub("", token)
    return token


class EntityFinder:
    def __init__(self, registry: CompanyRegistry) -> None:
        self._registry = registry
        # first token -> [(all tokens, canonical name)], longest first; matching is by token so one
        # dict lookup per word replaces a ~700-way regex alternation
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for form, name in registry.surface_forms():
            if len(form) < 2 or form in AMBIGUOUS:
                continue
            tokens = tuple(_token_key(t) for t in _TOKEN.findall(form))
            if "".join(tokens) != "".join(form.split()):
                continue  # the tokens lose characters ("Face++" would match every "Face")
            if tokens and all(tokens):
                entries = index.setdefault(tokens[0], [])
                if all(existing != tokens for existing, _ in entries):
                    entries.append((tokens, name))
        for entries in index.values():
            entries.sort(key=lambda entry: len(entry[0]), reverse=True)
        self._index = index
        # Case-blind fallback for distinctive names only ("Openai", "SERVICENOW", "Zt Systems"):
        # a first word that is also an everyday word ("Apple", "Scale") must match its case.
        vocab = lowercase_words()
        loose: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for entries in index.values():
            for tokens, name in entries:
                low = tuple(t.lower() for t in tokens)
                if low[0] not in vocab and len(low[0]) > 2:
                    loose.setdefault(low[0], []).append((low, name))
        self._loose = loose

    def mentions(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        appositives = [m.span() for m in _APPOSITIVE.finditer(text)] if ", " in text else []
        spans = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        keys = [_token_key(tok) for _, _, tok in spans]
        i = 0
        while i < len(spans):
            found = self._match(keys, i)
            skip = 1
            start, end = spans[i][0], 0
            if found is None and "-" in keys[i]:  # "Nvidia-backed", "ex-DeepMind"
                head, _, rest = keys[i].partition("-")
                prefixed = head.lower() in ("ex", "non", "pro", "anti")
                part = rest if prefixed else head
                found = next(((name, 1) for toks, name in self._index.get(part, ()) if len(toks) == 1), None)
                start = start + len(head) + 1 if prefixed else start
                end = start + len(part)
                if found is None and prefixed and rest:  # "ex-Hugging Face"
                    found = self._match([*keys[:i], rest, *keys[i + 1 :]], i)
                    end = 0 if found else end
            if (
                found is not None
                and found[1] == 1
                and f"{keys[i]} {keys[i + 1] if i + 1 < len(keys) else ''}" in PLACES
            ):
                found = None  # "heads to Menlo Park": a town that starts with a company's name
            if found is not None:
                name, skip = found
                if not end:
                    end = spans[i + skip - 1][1] - (len(spans[i + skip - 1][2]) - len(keys[i + skip - 1]))
                before = text[max(0, start - 40) : start]
                after = text[end : end + 16]
                led = bool(_LED_AFTER.match(after))  # "after an ASML-led round", "after a16z leads": a party
                passing = not led and bool(_PASSING_BEFORE.search(before) or _PASSING_AFTER.match(after))
                # "leaves for rival Anthropic", "OpenAI rival Anthropic": the rival is the party
                passing = passing and not (_DESTINATION_RIVAL.search(before) or _NAMED_RIVAL.search(before))
                # "Sesame, the voice AI startup from Oculus co-founder X, raises": a descriptor, not a party
                passing = passing or any(a < start < b for a, b in appositives)
                former = bool(_FORMER.search(before) or _FORMER_AFTER.match(after))
                out.append(Mention(name, start, end, passing, former))
            i += skip
        return out

    def _match(self, keys: list[str], i: int) -> tuple[str, int] | None:
        for tokens, name in self._index.get(keys[i], ()):
            n = len(tokens)
            if tuple(keys[i : i + n]) == tokens:
                return name, n
        if keys[i].islower():  # "open AI software" is no "Open AI": case-blind only for capitalised words
            return None
        for tokens, name in self._loose.get(keys[i].lower(), ()):
            n = len(tokens)
            if tuple(k.lower() for k in keys[i : i + n]) == tokens:
                return name, n
        return None

    def registry_form(self, text: str) -> str | None:
        """The canonical name when `text` is exactly a registry name, alias or division."""
        company = self._registry.exact(text)
        if company is None:
            return None
        forms = {company.name, *company.aliases, *company.divisions}
        return company.name if text in forms else None

    def canonical(self, raw: str, *, firm: bool = False) -> str | None:
        """A name found by role pattern -> canonical name, or None when it is not a company."""
        raw = raw.strip(" ,;:'’")
        if _FORMER_START.match(raw):
            return None  # "Former Intel AI chief ...": an earlier employer, never a party (LABELS.md)
        unit = _OWNED_UNIT.match(raw)
        if unit and self._registry.exact(unit.group(2)) is None:
            owner = self.registry_form(unit.group(1))
            if owner:  # "Tencent's Robotics X", "Alibaba's Qwen": a unit of the owner
                return owner
        name = _POSSESSIVE.sub("", raw).removesuffix("'s").removesuffix("’s")
        name = _BACKED_PREFIX.sub("", name)
        if _OWNED_SUFFIX.search(name):  # "the GM-owned robotaxi company": a descriptor
            return None
        company = self._registry.exact(name) or self._registry.exact(_FIRM_SUFFIX.sub("", name))
        if company is not None:
            return company.name
        if name in PLACES or name.upper() in ACRONYMS or name in _SURNAMES or name in _PRODUCTS:
            return None
        if name.endswith((" GPUs", " GPU", " chips", " Chips", " servers")):
            return None  # "Nvidia GPUs": hardware, not a party
        if (
            name in _GOVERNMENT
            or _MONEY_NAME.match(name)
            or (" " in name and name.split(" ", 1)[0] in _TITLES)
        ):
            return None  # "named Pentagon's first AI chief", "Trump names ...", "lands $25M Series B"
        words = name.split()
        # "Intel CTO", "Google Cloud AI", "Tesla Autopilot", "Apple Vision Pro": a company plus a unit or role
        for k in range(len(words) - 1, 0, -1):
            if all(w in _UNIT_TAILS for w in words[k:]):
                head = " ".join(words[:k])
                owner = self.registry_form(head)
                if owner:
                    return owner
                if head in PLACES:  # "Portugal AI data hub"
                    return None
        for k in (3, 2):  # "Salt Lake City AI startup": a place of more than one word
            if len(words) > k and " ".join(words[:k]) in PLACES:
                words = words[k:]
                break
        while (
            words
            and (
                words[0] in NOT_NAMES
                or words[0] in DEMONYMS
                # "London AI firm X" loses "London"; "Oxford Semantic Technologies" keeps it
                or (len(words) > 1 and words[0] in PLACES and _NAME_TAILS.isdisjoint(words[1:]))
            )
        ):
            words.pop(0)
        role_at = next((k for k, w in enumerate(words) if k and w in _ROLE_WORDS), None)
        if role_at is not None:
            words = words[:role_at]  # "Instacart CEO Fidji Simo": the company before the role
        while words and words[-1] in _TRAILING:
            words.pop()
        if not words:
            return None
        name = " ".join(words)
        company = self._registry.exact(name) or self._registry.exact(_FIRM_SUFFIX.sub("", name))
        if company is not None:
            return company.name
        owner = self._registry.exact(words[0]) if len(words) > 1 else None
        if " ".join(words) in PLACES or (len(words) > 1 and words[0] in _REGION):
            return None
        if _ACADEMIC.search(name) and owner is None:  # "Toyota Research Institute" is a company's
            return None
        if (words[0] in FIRST_NAMES and 2 <= len(words) <= 3 and words[-1] not in _NAME_TAILS) or " ".join(
            words
        ) in KNOWN_PEOPLE:
            return None  # a person ("Reid Hoffman"), not a company
        if len(words) == 1 and (len(name) < 2 or name.isupper() and len(name) > 5 and "." not in name):
            return None
        name = _GENERIC_SUFFIX.sub("", name) or name
        if len(words) == 2 and words[1] in ("US", "UK"):
            name = words[0]  # "PwC US appoints ...": the firm's national arm
        if firm:
            name = _FIRM_SUFFIX.sub("", name) or name
        return name

    def role_names(self, text: str, *, investment: bool, talent: bool, headline: bool = False) -> list[str]:
        """Names (raw) filling party roles in `text`."""
        low = text.lower()
        gated: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
        if investment:
            gated += zip(_INVESTOR_ROLES, _INVESTOR_KEYS, strict=True)
            gated += zip(_DEAL_ROLES, _DEAL_KEYS, strict=True)
        if talent:
            gated += zip(_TALENT_ROLES, _TALENT_KEYS, strict=True)
            if headline:
                gated += zip(_TALENT_TITLE_ROLES, _TALENT_TITLE_KEYS, strict=True)
        found: list[str] = []
        for pattern, keys in gated:
            if any(key in low for key in keys):
                for m in pattern.finditer(text):
                    found.extend(split_list(m.group(1)))
        return found

    def subjects(self, text: str) -> list[str]:
        """Names that act in a deal headline ("GM to buy ...", "Anthropic raises ...")."""
        return [name for m in _DEAL_ROLES[1].finditer(text) for name in split_list(m.group(1))]

    def investors(self, text: str) -> list[str]:
        """Investor names only ("led by X", "X-led", "from X and Y")."""
        low = text.lower()
        found: list[str] = []
        for pattern, keys in zip(_INVESTOR_ROLES, _INVESTOR_KEYS, strict=True):
            if any(key in low for key in keys):
                found += [name for m in pattern.finditer(text) for name in split_list(m.group(1))]
        return found

    def targets(self, text: str) -> list[str]:
        """Names after a deal verb: what is bought, invested in or backed."""
        return [name for m in _DEAL_ROLES[0].finditer(text) for name in split_list(m.group(1))]

    def partners(self, text: str) -> list[str]:
        """Partners named in an infrastructure deal ("... data centres with Fluidstack")."""
        return [name for m in _WITH.finditer(text) for name in split_list(m.group(1))]

    def founded(self, text: str) -> str | None:
        m = _FOUNDED.search(text)
        return m.group(1) if m else None


_WITH = re.compile(rf"\b(?:with|from) ({LIST})")
_SPLIT = re.compile(r",\s(?:and\s)?|,?\sand\s")


def split_list(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text) if part]
