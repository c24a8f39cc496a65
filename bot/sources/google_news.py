"""Kind `google_news`: Google News RSS search for a company, titles unwrapped into headline + outlet.

Google News titles read "Headline - Outlet" and the description repeats the same; the outlet goes
to FeedItem.outlet so alerts credit the real publisher, and the echo summary is dropped.
"""

from __future__ import annotations

from urllib.parse import urlencode

from bot.domain.models import FeedItem
from bot.sources.feeds import parse_feed
from bot.sources.fetch import Fetcher
from bot.sources.rss import fetch_parsed
from bot.sources.spec import PollOutcome, SourceSpec, Validators

SEARCH_URL = "https://news.google.com/rss/search"
# Outlet names are short; a longer tail after " - " is part of the headline itself.
_MAX_OUTLET_CHARS = 60


def company_query(company: str) -> str:
    """The search for AI news about a company: `"Amazon" (AI OR "artificial intelligence")`."""
    return f'"{company}" (AI OR "artificial intelligence")'


def search_url(query: str) -> str:
    return f"{SEARCH_URL}?{urlencode({'q': query, 'hl': 'en-US', 'gl': 'US', 'ceid': 'US:en'})}"


def split_title(title: str) -> tuple[str, str]:
    """ "Headline - Outlet" → ("Headline", "Outlet"); a title without that tail is returned whole."""
    head, sep, tail = title.rpartition(" - ")
    if not sep or not head.strip() or not tail.strip() or len(tail) > _MAX_OUTLET_CHARS:
        return title, ""
    return head.strip(), tail.strip()


def unwrap(item: FeedItem) -> FeedItem:
    headline, outlet = split_title(item.title)
    summary = item.summary
    # the description is "<a>Headline</a> Outlet": nothing the headline does not already say
    if summary.replace(outlet, "").strip(" -\u00a0") in (headline, item.title, ""):
        summary = ""
    return item.model_copy(update={"title": headline, "outlet": outlet or item.outlet, "summary": summary})


def parse(body: bytes, url: str) -> list[FeedItem]:
    return [unwrap(item) for item in parse_feed(body, url)]


def url_for(source: SourceSpec) -> str:
    if source.url:
        return source.url
    return search_url(source.query or company_query(source.company or source.name))


async def poll(fetcher: Fetcher, source: SourceSpec, state: Validators, **_: object) -> PollOutcome:
    return await fetch_parsed(fetcher, url_for(source), state, parse)
