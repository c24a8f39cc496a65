"""Event-type rules: trigger phrases for talent and investment events, and the hard negatives.

Every pattern runs on lower-cased text; the AI-context patterns need the original casing for
"AI" itself. Rules are checked in order, so the first matching event type names the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


AMOUNT = _AMOUNT = (
    r"(?:(?:(?:us|a|c|hk|s|r)?\$|€|£|¥|₹)[\d.,]+ ?(?:m|mn|million|b|bn|billion|t|trillion|crore|lakh)\b|"
    r"[\d.,]+ ?(?:million|billion|trillion|crore|bn|mn) (?:yuan|renminbi|rmb|yen|won|euros?|pounds|rupees|"
    r"zlotys?|reais|dirhams|riyals|dollars)\b)"
)
# Money a company earns, wins or owes is not capital flowing in ("wins $10 billion contract").
_NOT_CAPITAL = (
    r"(?! (?:[\w-]+ ){0,2}(?:contracts?|deals?|orders?|grants?|awards?|revenues?|sales|fines?|settlements?|"
    r"damages|verdicts?|judgments?|bonus\w*|pay\w*|prizes?|subsid\w+|loans?|tax|in (?:revenue|sales)))"
)

TALENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("acquihire", _rx(
        r"\bacqui-?hir\w*|\blicen[cs]\w*-and-hir\w*|\bhir\w* .{0,60}\blicen[cs]\w*|"
        r"\blicen[cs]\w* .{0,60}\bhir\w*|\bdeal (?:for|to hire) (?:[\w'’-]+ ){0,6}(?:executives|staff|team|talent|engineers|"
        r"researchers|founders?|leaders|leadership)\b|\bspen(?:ds?|t|ding) (?:over |about |more than |nearly )?[$€£][\d.,]+ ?\w* on "
        r"(?:[\w'’.-]+ ){0,2}(?:ceo|cto|founders?|team|staff|talent|engineers|researchers)\b"
    )),
    ("poaching", _rx(
        r"\bpoach\w*|\blures?\b|\blured\b|\bluring\b|\bhire[sd]? away\b|\bhiring away\b|"
        r"\btalent (?:war|raid|grab|exodus|drain|hunt)s?\b|\braid\w* (?:\w+ ){0,3}(?:talent|staff|researchers)|"
        r"\bsteal\w* (?:\w+ ){0,3}(?:talent|staff|researchers|engineers|executives?)|\bheadhunt\w*"
    )),
    ("layoffs", _rx(
        r"\blays? off\b|\blayoffs?\b|\blaid off\b|\bjob cuts?\b|\bcut(?:s|ting)? (?:about |around |nearly |some |"
        r"roughly |more than |another )?[\d,]+%? (?:of (?:its )?)?(?:jobs|roles|staff|employees|positions|workers|"
        r"people)\b|\bcut(?:s|ting)? (?:[\w'’-]+ ){0,5}(?:jobs|roles|staff|employees|positions|workers|workforce)\b|"
        r"\bbuy-?outs?\b|\bvoluntary (?:exits?|separations?|redundanc\w+)\b|\bfreez\w* hiring\b|\bhiring (?:freeze|pause)\b|\bslash\w* (?:\w+ ){0,3}(?:jobs|staff|workforce)\b|\b\d+% of (?:its )?(?:staff|workforce|employees)"
    )),
    ("pay", _rx(
        r"(?:[$€£][\d.,]+k?|[\d.,]+ (?:dollars|euros|pounds)) (?:a|per) (?:year|annum)\b|"  # a stated salary
        r"\b(?:six|seven|eight|nine)-figure (?:pay|salar\w*|sums|packages?|compensation|offers?)\b|"
        r"\bpay packages?\b|\bpayouts?\b|\bcompensation\b|\bsigning bonus\w*|\bbonus\w*|\bretention (?:grants?|offers?|packages?)|"
        r"\bsalar(?:y|ies)\b|\bstock (?:grants?|awards?)\b|\boffer(?:s|ed|ing)? (?:\w+ ){0,3}(?:researchers?|engineers?|"
        r"staff|scientists?|employees|talent|executives?) (?:\w+ ){0,3}" + _AMOUNT + r"|"
        + _AMOUNT + r" (?:pay|offers?|packages?)\b|\bpackages? (?:worth|valued at)\b|\bpay (?:war|offers?)\b|"
        r"\bpa(?:ys|id|ying) (?:\w+ ){0,3}(?:staff|researchers|employees|engineers)\b|\bnon-?competes?\b|\brecalibrat\w* pay\b"
    )),
    ("departure", _rx(
        r"\bleaves\b|\bleaving\b|\bleft\b|\b(?:to|will|would|plans to|set to|poised to) leave\b|"
        r"\b(?:co-?founders|co-?authors|researchers|executives|engineers|scientists|staffers|employees|leaders|leads|heads|creators|"
        r"members|trio|duo|pair|\w+ and \w+(?: \w+)?) leave\b|\bplaced on (?:\w+ )?leave\b|\bdepart\w*|\bexits?\b|\bexiting\b|\bexited\b|\bquits?\b|\bquitting\b|"
        r"\bresign\w*|\bsteps? (?:down|aside|back)\b|\bstepping down\b|\bstepped down\b|\bousted\b|\bousts?\b|"
        r"\bfired\b|\bfires\b|\bforced out\b|\bpushed out\b|\bpush(?:es|ing)? out\b|\bdismiss\w*|\bsack(?:s|ed)?\b|\bretir\w*|\bparts? ways\b|\bexodus\b|\bloses\b|"
        r"\blos(?:e|ing) (?:\w+ ){0,3}(?:leaders?|executives?|researchers?|scientists?|engineers?|staff|talent|chiefs?|heads?)\b|\blost (?:\w+ ){0,3}(?:executive|exec|"
        r"vice president|vp|chief|head|leader|researcher|scientist|engineer|co-founder)|\bwalk(?:s|ed)? out\b|\bwalk(?:s|ed|ing)? away from\b|"
        r"\bsabbatical\b|\b(?:extended|leave of) (?:leave|absence)\b|\bdecamps?\b|\bbolts?\b|\b(?:is|are) out(?: as| at|$|[,;:]| [-–—])|\bout as (?:[\w.'’-]+ ){0,2}(?:ceo|chief|head|president|cto|coo|cfo|chair\w*)\b|\bbrain drain\b|"
        r"\bto depart\b|\bheads? for the (?:door|exit)s?\b|\b[\d,]+ (?:jobs|roles|positions|staff) (?:gone|lost|axed|cut|eliminated)\b|\bbids? farewell\b"
    )),
    ("hire", _rx(
        r"\bhires?\b|\bhired\b|\brecruit\w*|\btaps\b|\btapped\b|\bnabs\b|\bsnags\b|\bjoins\b|\bjoined\b|"
        r"\bjoining\b|\bto join\b|\brejoin\w*|\breturns? to\b|\breturning to\b|\bjumps? (?:ship )?to\b|\bjumps ship\b|"
        r"\breturns? as\b|\breinstat\w*|\bdefects?\b|\bmoves? to\b|\bmoving to\b|\bheads to\b|\bbrings? (?:back|on|in|aboard)\b|\bbrought (?:back|on|in)\b|"
        r"\bbring\w* (?:\w+ ){0,3}(?:team|staff)\b|\bcome aboard\b|\baboard\b|\blands (?!\$|€|£)|\bwoo(?:s|ed|ing)\b|"
        r"\bcourts\b|\benlist\w*|\babsorb\w* (?:\w+ ){0,4}(?:staff|employees|engineers|researchers|team|workers)\b|\bwins over\b|\bbrings? (?:[\w'’.-]+ ){1,4}aboard\b|\bheading to\b|\bscoop\w* up (?:[\w'’-]+ ){0,4}(?:staff|team|employees|researchers|engineers|talent)\b|\bmov(?:es|ed|ing) (?:[\w'’-]+ ){1,5}to (?:a |an |the |its )?(?:new )?(?:[\w-]+ ){0,3}(?:role|work|team|job|post|position|unit|group|lab)\b|\bhiring (?:its |their |the |his |her )?(?:[\w-]+ ){0,3}(?:staff|team|employees|founders?|co-?founders?|ceo|cto|chief|researchers|engineers|professors|academics|scientists)\b|\bis hiring (?:its |their |away |former |ex-)|\b(?:\w+s|[a-z]+ and [a-z]+) join\b|\brehir\w*|\bjump(?:s|ed|ing)? from\b|\b(?:signs|signed|adds|added) (?:[\w.'’-]+ ){1,6}?as (?:its |the |a |an )?(?:new |first |interim )?(?:[\w-]+ ){0,3}(?:ceo|cto|chief|head|president|officer|scientist|director|lead|vp)\b|\bsign(?:s|ed)? on (?:with|at|as)\b|\bresurfac\w* at\b|\bturns? up at\b|\bmov(?:es|ed|ing) from\b|\bdrift\w* (?:from|to|away)\b|\bfill\w* (?:its |their )?ranks\b|\b(?:heads?|heading|goes|going|go|moves?|moving|comes?|coming) back to\b|\bsigns? (?:on )?(?:\w+ ){0,3}(?:researcher|scientist)"
    )),
    ("appointment", _rx(
        r"\bappoint\w*|\bnames\b|\bnamed\b|\bpromot\w*|\belevat\w*|\bto lead\b|\bwill lead\b|\bto head\b|"
        r"\bwill head\b|\b(?:to|will) run\b|\bin charge\b|\bat the helm\b|\b(?:take|takes|taking|took) (?:the )?(?:helm|reins)\b|\bpicks\b|\bselects\b|\bchooses\b|\binstalls\b|\breplac\w+ (?:[\w'’-]+ ){1,6}with\b|\btakes? over\b|\btaking over\b|\bsucceed\w*|\bnew (?:boss|chief|head|ceo|cto|"
        r"leader|president)\b|\bshifts? to\b(?! ['‘’\"]| (?:an? )?(?:offen[cs]e|defen[cs]e|profit))|\bshift(?:s|ed)? (?:[\w'’-]+ ){1,5}to (?:its |the |a )\b|\bhands? (?:[\w'’-]+ ){0,7}to\b|\bstrips?\b|\bput in charge\b|\btakes? (?:the |a |an )?(?:co-)?(?:ceo|chief|head|top|lead|cto|president)[\w-]* (?:role|job|post|position|seat)\b|\breplaces? (?:its |the )?(?:[\w-]+ ){0,2}(?:head|chief|ceo|cto|boss|leader|lead|president)\b|\bis now (?:[\w'’.-]+ ){0,3}(?:chief|head|ceo|cto|president|officer|lead)\b|\bwith (?:[\w'’.-]+ ){1,4}as (?:its )?(?:new |first |interim )?(?:[\w-]+ ){0,2}(?:chief|head|ceo|cto|president|lead)\b|\bmakes (?:[\w'’.-]+ ){1,4}(?:its |the )(?:new |first )?(?:[\w-]+ ){0,5}(?:chief|head|ceo|cto|president|officer)\b|\bconfirm(?:s|ed)? (?:[\w'’-]+ ){1,4}as (?:its |the )?(?:new |interim |permanent )?(?:[\w-]+ )?(?:ceo|chief|head|president|cto)\b|\bfill(?:s|ed|ing)? (?:[\w'’-]+ ){0,3}(?:seat|role|post|position|vacancy|job)\b|\binterim (?:co-)?"
        r"(?:ceo|chief|head)|\bbecomes? (?:the )?(?:[\w'’-]+ ){0,2}(?:chief|ceo|cto|head|president)\b|"
        r"\bto be (?:the |its )?(?:new |interim |first )?(?:co-)?(?:ceo|chief executive|chief|head|president|cto)\b|"
        r"\bbecomes? (?:the |its )?(?:new |interim )?co-(?:ceo|chief executive|head|lead)\b|"
        r"\badd(?:s|ed|ing)? (?:[\w.'’-]+ ){1,7}?to (?:its |the |their )?board\b|"  # "OpenAI adds Zico Kolter to its board"
        # "opens Edmonton lab led by Richard Sutton", "sets up AI centre under former Microsoft researcher"
        r"\b(?:opens?|opened|opening|launch\w*|sets? up|establish\w*|creat\w*|announc\w*|unveil\w*) (?:[\w&.'’-]+ ){0,5}?(?:labs?|"
        r"laborator\w+|cent(?:re|er)s?|offices?|hubs?|units?|groups?|divisions?|teams?|outposts?|branch\w*),? (?:\w+ ){0,2}?"
        r"(?:led by|headed by|run by|under)\b"
    )),
    ("reorganisation", _rx(
        r"\b(?:rebuild|revive|reboot|relaunch|restart|resurrect)\w* (?:its |the |a )?(?:[\w-]+ ){0,2}(?:team|unit|group|lab|division)s?\b|"
        r"\breorgani[sz]\w*|\bgut(?:s|ted|ting)? (?:[\w'’-]+ ){0,4}(?:team|unit|group|lab|division|staff)\b|\bcombin\w+ (?:its |the |their )?(?:[\w-]+ ){0,3}(?:teams|units|groups|labs|divisions)\b|\bbecome one\b|\brestructur\w*|\bshake-?up\b|\bshak\w+ up\b|\bsplits? (?:[\w'’-]+ ){0,5}(?:into|in two|in half)\b|"
        r"\bcombin\w+ (?:\w+ ){0,5}into\b|\brevamp\w*|\breshuffl\w*|\bconsolidat\w* (?:\w+ ){0,4}(?:teams?|units?|groups?|labs?)\b|"
        r"\b(?:shutters|shuts down|closes|scraps|axes|winds down|winding down|wound down|to wind down) (?:\w+ ){0,4}(?:team|unit|group|lab|labs|division|offices?)\b|\b(?:shuts|shutting|shut|winds|winding|wind) down(?=$|[;,:.]| (?:after|amid|as|following|blaming|citing|weeks|months|operations)\b)|\bcloses its doors\b|\bceases operations\b|\boverhaul\w* (?:of )?(?:its |the |their )?(?:[\w-]+ ){0,3}(?:teams?|units?|groups?|labs?|divisions?|leadership|organi[sz]ation|org|structure|management|ranks|staff)\b|\b(?:leadership|management|org|organi[sz]ational|team|executive) overhaul\b|\bdisband\w*|\bdissolv\w*|"
        r"\bfold(?:s|ed)? (?:\w+ ){0,5}into\b|\bfolding (?:\w+ ){0,5}into\b|\bmerg\w+ (?:\w+ ){0,6}(?:teams?|units?|groups?|labs?|"
        r"divisions?)\b|\bmov(?:es?|ing) (?:[\w'’]+ ){0,5}(?:teams?|staff|employees|engineers|workers|labs?|units?|groups?|divisions?) (?:(?:in)?to|under)\b|\b(?:creates?|creating|forms?|sets? up|establish\w*|"
        r"spins? up|stands? up) (?:a |an |the )?(?:new )?(?:[\w&.,'-]+ ){0,4}(?:unit|group|division|team|lab|labs|"
        r"organi[sz]ation|org)\b|\breassign\w*"
    )),
)  # fmt: skip

# Employees or a named person must be the subject of a hire/departure/appointment.
STAFF = _rx(
    r"\b(?:staff|staffers|employees|researchers?|engineers?|scientists?|executives?|execs?|team|teams|talent|"
    r"co-?founders?|founders?|leaders?|chief|head|vp|vice president|director|officer|ceo|cto|coo|president|"
    r"people|hires|trio|duo|veterans?|boss|architects?|co-?authors?|co-?creators?|godfather|pioneer|genius|"
    r"luminary|prodigy|wunderkind)\b"
)

INVESTMENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ipo", _rx(
        r"\bipos?\b|\binitial public offering\b|\bgo(?:es|ing)? public\b|\bwent public\b|\bto list\b|"
        r"\blists? (?:its )?(?:shares|on)\b|\bfiles? (?:confidentially )?(?:for|to go)\b|\bprices? (?:its )?(?:ipo|shares|"
        r"offering)\b|\bdebut\w* on (?:the )?(?:nasdaq|nyse|stock)|\bdebut\w* (?:on|in) (?:the )?(?:[\w-]+ ){0,3}"
        r"(?:exchange|bourse|stock market|star market)\b|\b(?:stock market|trading|market|exchange|listing|"
        r"nasdaq|nyse) debut\b|\bin (?:its |their )?(?:[a-z]+ ){1,2}debut\b|\bdirect listing\b|"
        r"\b(?:debut\w*|lists?|listed|floats?|floated) (?:on|in) (?:the )?(?:hong kong|shanghai|shenzhen|tokyo|london|"
        r"new york|mumbai|seoul|taipei|frankfurt|paris|amsterdam|tel aviv|singapore|sydney|toronto|nasdaq|nyse)\b"
    )),
    ("tender", _rx(r"\btender offer\b|\bsecondary (?:share )?sale\b|\bshare sale\b|\bsecondary (?:offering|transaction)\b")),
    ("acquisition", _rx(
        r"\bacquir\w*|\bacquisitions?\b|\bbuys?\b|\bbought\b|\bbuying\b|\bsnaps? up\b|\bsnapped up\b|"
        r"\bscoops? up\b|\bscooped up\b|\btakeover\b|\bmerger\b|\bmerges? with\b|\bpurchas\w*|\bbid for\b|"
        r"\bpa(?:ys|id|ying) (?:about |nearly |around |more than |over |up to )?" + _AMOUNT + r"(?: in (?:stock|cash|shares))? for\b|"
        r"(?:'s|’s) " + _AMOUNT + r" (?:[\w.&-]+ ){1,3}(?:deal|takeover|acquisition|buyout|purchase)\b|"
        r"(?:'s|’s) (?:[a-z][\w.&-]* ){1,2}(?:buy|purchase|takeover|acquisition)\b|(?<!shares )(?<!stock )\bsold to\b|"
        r"" + _AMOUNT + r" (?:[\w-]+ )?deal (?:for|to buy|to acquire)\b|\bagrees? to buy\b|\bdeal to (?:buy|acquire)\b|\bpicks? up\b|\bpicked up\b|\btak(?:es|e|ing) control of\b|"
        r"\btak(?:es|e|ing) over (?:[\w-]+(?:'s|’s)? ){0,3}(?:unit|division|business|arm|operations?|startup|company)\b|"
        r"\b(?:to|agrees? to|agreed to|plans? to|will) merge\b(?! (?:\w+ ){0,5}(?:teams?|units?|groups?|labs?|divisions?|into)\b)|"
        r"\bsells? (?:its |a |the )?(?:[\w'’-]+ ){0,3}(?:unit|division|business|arm|operations?|subsidiary) to\b"
    )),
    ("funding_round", _rx(
        r"\brais(?:es|ed|ing|e) (?!(?:[\w-]+ ){0,3}?(?:prices?|rates?|fees?|forecasts?|guidance|outlook|targets?|"
        r"concerns?|questions?|doubts?|hopes?|alarm|awareness|wages?|salar\w+|pay|dividends?)\b)"
        r"(?:\w+ ){0,3}?(?:\$|€|£|¥|usd|eur|rs\.?|₹|\d|funding|funds|round|capital|money|cash|"
        r"financing|series|seed|another|more|new money|additional|fresh)|\bfunding\b|\bfundrais\w*|"
        r"\bround\b(?! of (?:\w+ )?(?:layoffs|job cuts|cuts|redundancies|talks|tariffs|sanctions|negotiations|"
        r"interviews|testing|voting|hiring|departures|exits))|"
        r"\bseries [a-k]\b|\bseed round\b|"
        r"\bvalued\b|\bvaluation\b|\bvaluing\b|\bvalues (?:\w+ ){1,3}at\b|\b(?:secures?|secured|closes?|closed|lands?|"
        r"landed|bags?|bagged|nabs?|gets?|nets?|netted|pulls? in|pulled in|hauls? in|hauled in|rakes? in|raked in|"
        r"draws?|drew|attracts?|attracted|picks? up|picked up|scores?|scored|snags?|grabs?|collects?|reels? in|"
        r"brings? in|receives?|received|wins?|won|adds?|added)"
        r" (?:(?:more than|up to|a further|\w+) )?" + _AMOUNT + _NOT_CAPITAL + r"|\bpre-money\b|\bpost-money\b|\bunicorn\b|\b(?:in talks|seeks?|seeking|looks?|looking|aims?|set|plans?) to raise\b|"
        r"(?:" + _AMOUNT + r"|another|new|additional|fresh) (?:\w+ )?investment\b|"
        r"\b(?:launch\w*|emerg\w*(?: from stealth)?(?: as [\w.-]+(?: [\w.-]+)?)?|debut\w*|comes? out of stealth) with (?:\w+ ){0,2}?[$€£¥][\d.,]+"
    )),
    ("strategic_stake", _rx(
        r"\bstakes?\b|\binvest(?:s|ed|ing)? (?:[\w$£€¥₹.,]+ ){0,4}?(?:in|into)\b|\binvest(?:s|ed|ing)? (?:up to |about |another )?[$£€¥₹]|"
        r"\binvestment (?:in|of|from)\b|\b(?:commits?|committed|pours?|poured|pumps?|pumped|injects?|injected|"
        r"plows?|ploughs?|sinks?|puts?) (?:up to |about |another |nearly |more than |an additional |over )?"
        r"(?:" + _AMOUNT + r"|[$€£¥₹][\d.,]+) (?:more )?(?:in|into|to)\b|"
        r"\b(?:take|takes|taking|give|gives|giving|own|owns) (?:[\w-]+ ){0,2}(?:up to |about |a |an )?[\d.]+% (?:stake )?(?:of|in)\b|"
        r"\bas (?:a |an )?(?:strategic |new |minority |anchor )?investor\b|"
        r"\bbets? (?:up to |about |another |nearly |over )?" + _AMOUNT + r" on\b|"
        r"(?<!\w )" + _AMOUNT + r" (?:[\w-]+ ){0,2}(?:check|cheque|injection|infusion|lifeline)\b|"
        r"\b[a-z0-9]+ and [a-z0-9]+ back\b(?! (?:out|away|down|off|to|in|up|on|from)\b)|"
        r"\bpledg\w* (?:up to |about |another )?" + _AMOUNT + r" (?:for|to|in|into)\b|"
        r"\bmulti-?billion[- ]dollar['’\"]? (?:investment|stake|bet)\b|"
        r"\bdoubl\w* down on (?:[\w.'’-]+ ){1,3}with (?:another |an extra |a further )?" + _AMOUNT + r"|"
        r"\bwarrants?\b|\bshareholder\b|" + _AMOUNT + r" (?:[\w-]+ ){0,2}bets?\b|\bequity (?:deal|investment)\b|\bcapital injection\b"
    )),
    ("infrastructure", _rx(
        r"\bdata[- ]?cent(?:er|re)s?\b|\b(?:ai|computing|compute|cloud|digital|supercomputing) (?:\w+ )?infrastructure\b|\bcompute (?:deal|capacity|contract|commitment)s?\b|"
        r"\bsupercomput(?:ers?|ing)\b|\bgigawatts?\b|\b\d+(?:\.\d+)? ?gw\b|\bai (?:\w+ )?(?:campus|cluster|factory|factories|hub|"
        r"supercluster|infrastructure fund)\b|\bchips? (?:supply )?deal\b|\bcomput(?:e|ing) (?:\w+ )?(?:deal|agreement)s?\b|"
        r"\bcloud (?:\w+ ){0,2}(?:deal|contract|agreement)s?\b|\bcloud regions?\b|\b(?:tpus?|gpus?)\b.{0,40}\bdeal\b|"
        r"\b(?:ai|cloud|computing|compute)(?: and (?:ai|cloud))? capacity\b|"
        r"\b(?:a million|[\d,.]+ (?:million|thousand)?|(?:hundreds of )?thousands of) (?:more )?(?:\w+ )?gpus\b|"
        r"\bspend\w* (?:up to |about |more than |as much as |at least )?" + _AMOUNT + r"(?: [\w-]+){0,5} (?:on |in |to power |to build |to fund |for )(?:its |their )?(?:ai|artificial intelligence)\b|"
        r"\bai comput(?:e|ing)\b|\bai build-?outs?\b|\bai (?:infrastructure )?(?:venture|project) with\b|\bai (?:[\w-]+ ){0,2}(?:plant|fab|factory)\b|\b(?:chip|semiconductor|packaging) (?:plant|fab)s?\b"
    )),
)  # fmt: skip
# An infrastructure story must commit money or capacity, not just mention data centres.
COMMITMENT = _rx(
    r"\b(?:spend\w*|invest\w*|build\w*|to build|plans?|commit\w*|pledg\w*|pours?|poured|financ\w*|fund|deal|contract|"
    r"adds?|added|adding|"
    r"agreement|deploy\w*|expan\w*|construct\w*|venture|joint venture|picks (?:[\w-]+ ){0,3}for|team up|teams up|push|build-?out)\b"
)

NEGATIVES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # (reason, vetoes "talent" / "investment" / "both", pattern)
    ("lawsuit or regulation", "both", _rx(
        r"\bsues?\b|\bsued\b|\blawsuits?\b|\bcourt\b|\bjudge\b|\bantitrust\b|\bftc\b|\bdoj\b|\bcma\b|"
        r"\bregulators?\b|\bwatchdogs?\b|\bprobes?\b|\bprobing\b|\binquiry\b|\binvestigat\w*|\bfined\b|\bfines?\b|"
        r"\bvetoe?s?\b|\blegislat\w*|\bsenate\b|\bcongress\b|\bhearing\b|\bregulat\w*|\bsubpoena\w*|\bindict\w*|"
        r"\bexport controls?\b|\bsanctions?\b|\btariffs?\b|\bcopyright\b|\binfring\w*|\bstop (?:buying|using)\b|\bbans?\b|\bbanned\b"
    )),
    ("sports move", "talent", _rx(
        r"\bcoach\w*|\bquarterback\b|\bfootball\b|\bbasketball\b|\bbaseball\b|\bsoccer\b|\bhockey\b|\bnfl\b|"
        r"\bnba\b|\bmlb\b|\bnhl\b|\bmls\b|\bstriker\b|\bmidfielder\b|\bpitcher\b|\bplayoffs?\b|\bsuper bowl\b|"
        r"\bolympic\w*|\bgoalkeeper\b|\bworld cup\b|\bpremier league\b|\bf1\b|\bformula one\b|\bgrand slam\b"
    )),
    ("political appointment", "talent", _rx(
        r"\bnominat\w*|\bfed chair\b|\bsecretary\b|\bcabinet\b|\bminister\b|\bgovernor\b|\bwhite house\b|"
        r"\bambassador\b|\bsenator\b|\belection\b|\bpresident-elect\b|\bparliament\b"
    )),
    ("AI replacing jobs, not AI talent", "talent", _rx(
        r"\b(?:thanks to|because of|due to|replaced by|blam\w* on)\s(?:\w+ ){0,2}ai\b|"
        r"\bai (?:could|will|would|may|might|can|to) (?:\w+ )?(?:replace|eliminate|wipe|shrink|take|cut|reduce|displace)|"
        r"\b(?:replace|eliminate|wipe out|displace)\w* (?:\w+ ){0,6}(?:jobs|workforce|roles)\b|\broles ai\b"
    )),
    ("stock-index inclusion, not a move", "both", _rx(
        r"\b(?:join\w*|added to|enters?|entering) (?:the )?(?:s&p|nasdaq-100|nasdaq 100|dow|ftse|stoxx|nikkei|russell|msci)\b"
    )),
    ("talk or interview, not a move", "both", _rx(
        r"\b(?:speaks|spoke|talks|talked) (?:about|at|on)\b|\binterview\b|\bpodcast\b|\bkeynote\b|"
        r"\bat (?:a |the )?(?:\w+ )?(?:event|conference|summit|forum)\b|\btakeaways\b|"
        r"\bat (?:gtc|ces|computex|re:invent|google i/o|i/o|wwdc|davos|web summit|neurips|devday|dev day|mwc)\b|"
        r"\b(?:tells|urges|calls on|advises|warns) (?:\w+ ){0,3}to\b|"
        r"\bjoins? (?:[\w'’-]+ ){0,4}(?:symposium|meeting|panel|roundtable|delegation|summit|forum|discussion)\b"
    )),
    ("award or honour, not a move", "talent", _rx(
        r"\bnamed (?:\w+ ){0,4}?(?:laureates?|winners?|recipients?|honorees?)\b|"
        r"\b(?:wins?|won|receives?|received|awarded|shares?|shared) (?:the |a |an |this year's )?(?:[\w'’-]+ ){0,3}"
        r"(?:prize|award|medal)s?\b"
    )),
    ("denied report, not news", "both", _rx(
        r"\bden(?:ies|ied|y|ying)\b|\brebuts?\b|\brefutes?\b|\bdismiss\w* (?:a |the )?(?:\w+ )?reports?\b|"
        r"\bnot (?:raising|seeking|in talks|planning to raise)\b|\bquestions? (?:[\w'’-]+ ){0,3}(?:funding|deal|investment|"
        r"valuation|financing)\b|\bcasts? doubt\b|\bdoubts? (?:over|about|on)\b"
    )),
    ("survey or hiring trend, not a move", "talent", _rx(
        r"\bsurvey\b|\bpoll\b|\b(?:wouldn['’]t|won['’]t|would not|will not|don['’]t|do not|can['’]t) hire\b"
    )),
    ("an asset bought, not a company", "investment", _rx(
        r"\b(?:buys?|bought|acquires?|acquired|purchases?) (?:the )?(?:[\w.-]+ ){0,2}(?:domains?|domain names?|urls?|patents?|"
        r"trademarks?|real estate|office building|land|mansion|home|island|jet)\b"
    )),
    ("a product shut down, not a team change", "talent", _rx(
        r"^(?!.*\b(?:team|staff|employees|founders|engineers)\b[^.;]{0,20}\bjoin).*?"  # "shuts it down as team joins"
        r"\b(?:app|apps|service|product|feature|tool|website|game)\b[^.;]{0,60}\b(?:shut\w*|winds? down|closes|closing)\b"
    )),
    ("non-AI hires", "talent", _rx(
        r"\bhir\w* (?:\w+ ){0,2}(?:lobbyists?|(?:lobbying|law|pr|consulting|accounting|advisory|search) firms?|"
        r"lawyers|bankers|investment banks?|consultants|auditors|advisers|advisors)\b|"
        r"\b(?:hires?|taps|tapped|picks|enlists) (?:[\w.&'’-]+,? ){1,5}for (?:a |an |the )?(?:\$[\d.,]+ \w+ )?(?:[\w-]+ ){0,3}"
        r"(?:financing|debt|loans?|bonds?|ipo|offering|listing)\b"
    )),
    ("stock move, not investment", "investment", _rx(
        r"\bvalued at (?:about |over |more than |nearly |roughly )?\$[\d.,]+ ?(?:t|tn|trillion)\b|"  # a market value
        r"\bshares? (?:have |has |had )?(?:\w+ )?(?:rose|rise|rises|fell|fall|falls|jump\w*|surg\w*|slid\w*|slump\w*|plung\w*|soar\w*|doubl\w*|tripl\w*|halv\w*|"
        r"tumbl\w*|sank|sink\w*|climb\w*|gain\w*|drop\w*|rall\w*|spik\w*|dip\w*|are up|are down|were up|were down)|"
        r"\bstocks? (?:rose|rises|fell|falls|jump\w*|surg\w*|slid\w*|soar\w*|tumbl\w*|plung\w*|drop\w*|climb\w*|"
        r"gain\w*|rall\w*|price)\b|\bmarket (?:value|cap\w*)\b|\bprice targets?\b|\b(?:upgrad|downgrad)\w*|"
        r"\banalysts?\b|\b(?:soars?|jumps?|surges?|falls?|slides?|plunges?|tumbles?|rises?|drops?|sinks?|climbs?|"
        r"gains?|slumps?|rall\w+) (?:\w+ )?\d+(?:\.\d+)?%|\ball-time high\b|\brecord high\b|\btrillion(?:-dollar)? club\b|"
        r"\bs&p 500\b|\bdow jones\b|\bsell-?off\b|\bbets? against\b|\bshort (?:sellers?|positions?)\b|\bstock split\b"
    )),
    ("earnings report, not investment", "investment", _rx(
        r"\bearnings\b|\bquarterly\b|\bquarter\b|\brevenues?\b|\bprofits?\b|(?<!ai )\bguidance\b|\bforecasts?\b|"
        r"\boutlook\b|\bresults\b|\bbeats? (?:estimates|expectations)\b|\bsales\b|\bannuali[sz]ed\b"
    )),
    ("a venture fund, not an AI company", "investment", _rx(
        r"\b(?:rais\w*|clos\w*) (?:a |an |its |new )?(?:\w+ )?\$?[\d.,]+ ?(?:m|mn|million|b|bn|billion)? "
        r"(?:(?!to\b)\w+ )?(?:venture |vc |debut |first |second |third |new |early-stage |growth |seed )?funds?\b|"
        r"\b(?:launch\w*|unveil\w*|starts?|forms?|debuts?) (?:a |an |his |her |its |new )?"
        r"(?!(?:[\w$.,-]+ ){0,3}infrastructure\b)(?:[\w$.,-]+ ){0,3}(?:venture |vc |ai |seed |growth )?funds?\b"
        r"(?! (?:for|to (?:invest in|build|finance)) (?:ai )?(?:infrastructure|data cent))"
    )),
    ("dividend or buyback, not investment", "investment", _rx(r"\bdividends?\b|\bbuybacks?\b|\brepurchases?\b")),
    ("debt sale, not investment", "investment", _rx(r"\bbonds?\b|\bdebt (?:sale|offering)\b|\bnotes offering\b")),
    ("deal called off, not investment", "investment", _rx(
        r"\babandon\w*|\bscrap\w*|\bcalls? off\b|\bcalled off\b|\b(?:is|are) off\b|\bfalls? (?:apart|through)\b|\bfell (?:apart|through)\b|\bterminat\w*|\bcollaps\w*|\bblock\w*|\bwalks? away\b|"
        r"\b(?:withdraw\w*|withdrew|postpon\w*|shelv\w*|pulls?|pulled) (?:its |the |a )?(?:planned )?(?:ipo|listing|offering|filing)\b|"
        r"\b(?:turns?|turned|turning) down\b|\breject\w*|\brebuff\w*|\bspurn\w*|\bdeclin\w* (?:\w+ ){0,4}(?:offer|bid|approach)"
    )),
    ("divestment, not investment", "investment", _rx(
        r"\b(?:sells?|sold|offloads?|dumps?|trims?|cuts?|exits?) (?:\w+ ){0,3}(?:stake|shares|holding)s?\b"
    )),
)  # fmt: skip

# "AI", "OpenAI", "xAI", "AI-powered", "Gen-AI", "AGI", "LLMs", "GPUs", "ML", "A.I."
_AI_CASED = r"(?:\b|(?<=[a-z0-9]))(?:AI|AGI|LLMs?|GPUs?|ML)\b|\bA\.I\.|(?<=[a-z])LMs?\b"  # "WizardLM"
OPINION = re.compile(
    r"^(?:why|opinion|analysis|column|commentary|podcast|explainer|editorial|what)\b|\?\s*$|"
    r"^[\w.&'’-]+(?: [\w.&'’-]+)? (?:survey|poll|study|report|index)\s*:|"  # "Microsoft survey: ..."
    r"\bit[’']s time\b|\|\s*[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,2}\s*$",
    re.I,
)
WEAK_FUNDING = _rx(
    r"\bbacked by\b|\bled by\b|\w-led\b|\bco-led\b|\bbacks\b(?! (?:out|away|down|off))|\bbacking\b"
)
SPECULATION = _rx(
    r"\b(?:could|may|might|mulls?|weighs?|considers?|considering|eyes|explor\w*|no plans?|not planning|"
    r"plans? (?:an? |its |for (?:an? )?)?(?:ipo|listing)|prepar\w* (?:for )?(?:an? |its )?(?:ipo|listing))\b"
)
# The nouns an AI-infrastructure commitment names (gigawatts of fuel cells alone are an energy deal).
INFRA_NOUN = _rx(
    r"data[- ]?cent(?:er|re)s?|datacent|infrastructure|\bcomput(?:e|ing)\b|supercomput|\bgpus?\b|\btpus?\b|"
    r"\bchips?\b|\bcloud\b|\bai (?:\w+ )?(?:campus|cluster|factory|factories|hub|supercluster)|"
    r"(?:gigawatt|\bgw)\S* (?:\w+ )?campus|\bai build-?outs?\b|\b(?:to power|on|for) (?:its |their )?ai (?:goals|ambitions|push|efforts|build-?out|plans)\b|\bai (?:infrastructure )?(?:venture|project)\b|\bai (?:[\w-]+ ){0,2}(?:plant|fab)\b|\b(?:chip|semiconductor|packaging) (?:plant|fab)s?\b"
)
# Buying with these verbs is also what shoppers and agencies do; it needs a company and a target.
PLAIN_BUY = _rx(r"^(?:buy|buys|buying|bought|picks? up)\b")
_AI_WORDS = (
    r"artificial intelligence|machine[- ]learning|deep[- ]learning|generative|superintelligence|language models?|"
    r"foundation[- ]models?|frontier models?|reasoning models?|world models?|chatbots?|neural|robot\w*|humanoid|autonomous[- ]"
    r"(?:driving|vehicles?|trucks?|trucking|cars?|delivery)|self-driving|\binference\b|chatgpt|\bgpt-?\d|"
    r"\bclaude\b|\bgemini\b|\bllama\b|copilot|deepmind|data[- ]label\w*|computer[- ]vision|machine[- ]vision|speech[- ]recognition|"
    r"answer engine|\bagents?\b|\bagentic\b|\bai\b|speech (?:startup|technology|software|company)|voice assistants?|"
    r"machine translation|facial[- ]recognition|face[- ]recognition|image[- ]recognition|predictive analytics|data science|"
    r"robotaxis?|driverless|reinforcement[- ]learning|vibe[- ]coding|natural[- ]language|language[- ]processing|question[- ]answering|"
    r"(?:virtual|digital) assistants?|\bsiri\b|\balexa\b|\bhunyuan\b|\bqwen\b|\bdoubao\b"
)
AI_CONTEXT_CASED = _rx(_AI_CASED)
AI_CONTEXT = re.compile(_AI_WORDS)

# An AI *role*: AI words next to a role or team word, for moves at companies that are not AI-native.
_ROLE = (
    r"chief|chiefs|head|heads|executive|executives|exec|leader|leaders|lead|boss|researchers?|scientists?|"
    r"engineers?|staff|team|teams|units?|group|divisions?|departments?|subsidiar(?:y|ies)|lab|labs|org|organization|"
    r"talent|veteran|experts?|"
    r"pioneer|director|vp|vice president|officer|architect|efforts?|push|initiative|program|groups|co-?founders?|"
    r"founders?|role|roles|job|post|position|leadership|model team|models team|hires|hiring|recruits|recruiting|"
    r"exits|departures|poaching|products?|strategy|efforts|work|organi[sz]ation|cent(?:er|re)s?|research|"
    r"co-?creators?|creators?|co-?authors?|authors?|inventors?|architects?|contractors?|raters?|annotators?|"
    r"tutors?|specialists?|developers?|programmers?|projects?"
)
_AI_ROLE_CUE = (
    r"ai|artificial intelligence|machine[- ]learning|deep[- ]learning|generative|genai|superintelligence|agi|"
    r"llms?|foundation[- ]models?|language models?|models|gemini|siri|copilot|deepmind|llama|robot\w*|humanoid|"
    r"optimus|autopilot|self-driving|autonomous|driverless|robotaxis?|chatbots?|computer vision|bedrock|alexa|"
    r"pytorch|tensorflow|neural[- ]networks?|reasoning|alignment|inference|supercomput\w*|data[- ]label\w*|"
    r"transformer|diffusion|nlp|natural language|speech recognition|image generation|video generation|"
    r"watson|cortana|bard|chatgpt|claude|grok|ernie|qwen|hunyuan|doubao|sora|dall-e|midjourney|"
    r"maia|trainium|inferentia|tpus?|dojo|mtia|gaudi|keras|jax|caffe|theano|alphago|alphafold|bert|word2vec|gans?|"
    r"imagenet|algorithms?"
)
AI_ROLE = _rx(
    rf"\b(?:{_AI_ROLE_CUE})(?:[\s\-][\w&'’.\-]+){{0,3}}?[\s\-](?:{_ROLE})\b|"
    rf"\b(?:chief|head|director|vp|vice president|officer|leader|lead|boss|president)(?: of| for)? "
    rf"(?:[\w\-'’]+ ){{0,2}}?(?:{_AI_ROLE_CUE})\b|"
    rf"\b(?:co-?founded|founded|created|built|co-?created|led|ran|runs|oversaw|oversees|invented)\s(?:the\s)?"
    rf"(?:[\w\-'’]+\s){{0,2}}?(?:{_AI_ROLE_CUE})\b|\b(?:oversee|oversees|overseeing|run|lead)\s(?:the\s)?"
    rf"(?:[\w\-'’]+\s){{0,5}}?(?:data and ai|ai and data|ai)\b|\bchief scientist\b|\bresearch scientists?\b|\bai researchers?\b|"
    r"\bresearch (?:lab|labs)\b"
)


@dataclass(frozen=True, slots=True)
class Hit:
    event: str
    phrase: str


def first_hit(rules: tuple[tuple[str, re.Pattern[str]], ...], text: str, open_: frozenset[str]) -> Hit | None:
    """The trigger that comes first in `text` (ties: rule order); only gated-open rules run."""
    best: tuple[int, int, Hit] | None = None
    for order, (event, pattern) in enumerate(rules):
        if event in open_ and (m := pattern.search(text)):
            if best is None or (m.start(), order) < best[:2]:
                best = (m.start(), order, Hit(event, m.group(0)))
    return best[2] if best else None


def all_hits(rules: tuple[tuple[str, re.Pattern[str]], ...], text: str, open_: frozenset[str]) -> list[Hit]:
    return [
        Hit(event, m.group(0)) for event, pattern in rules if event in open_ and (m := pattern.search(text))
    ]


def negatives(text: str, open_: frozenset[str]) -> list[tuple[str, str, str]]:
    """(reason, vetoed kind, phrase) for every hard-negative cue in lower-cased `text`."""
    return [
        (reason, kind, m.group(0))
        for reason, kind, pattern in NEGATIVES
        if reason in open_ and (m := pattern.search(text))
    ]


_AI_STEMS = (
    "ai", "artificial", "machine", "deep", "generative", "superintelligence", "agi", "llm", "language",
    "foundation", "frontier", "reasoning", "chatbot", "neural", "robot", "humanoid", "autonomous", "self-driving",
    "inference", "chatgpt", "gpt", "world", "claude", "gemini", "llama", "copilot", "deepmind", "data", "computer",
    "speech", "answer", "agent", "voice", "facial", "face", "image", "predictive", "robotaxi", "driverless", "vibe",
    "hunyuan", "qwen", "doubao",
)  # fmt: skip
_LOWER_WORD = re.compile(r"[a-z][a-z0-9\-]*")


def has_ai_context(cased: str, lower: str) -> bool:
    """AI words; data centres and compute do not make a power-plant takeover an AI deal."""
    if AI_CONTEXT_CASED.search(cased):
        return True
    # the long word regex runs only when some word could start an AI phrase
    if not any(word.startswith(_AI_STEMS) for word in _LOWER_WORD.findall(lower)):
        return False
    return bool(AI_CONTEXT.search(lower))
