"""Kind `hn`: Hacker News stories through the Algolia `search_by_date` API.

The window start is rounded down to the hour so the URL (and often the answer) stays the same
between polls within an hour; the store drops stories it already has, so overlap costs nothing.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from bot.domain.models import FeedItem
from bot.errors import SourceError
from bot.sources.fetch import Fetcher
from bot.sources.normalize import clean_text, clean_title
from bot.sources.rss import fetch_parsed
from bot.sources.spec import PollOutcome, SourceSpec, Validators

API_URL = "https://hn.algolia.com/api/v1/search_by_date"
ITEM_URL = "https://news.ycombinator.com/item?id="
LOOKBACK_S = 48 * 3600
HITS = 50


def search_url(query: str, since: int) -> str:
    params = {"query": query, "tags": "story", "numericFilters": f"created_at_i>{since}", "hitsPerPage": HITS}
    return f"{API_URL}?{urlencode(params)}"


def _since(now: float) -> int:
    start = int(now) - LOOKBACK_S
    return start - start % 3600


def _item(hit: dict) -> FeedItem | None:
    title = hit.get("title")
    object_id = hit.get("objectID")
    if (
        not isinstance(title, str)
        or not title.strip()
        or not object_id
        or "comment" in (hit.get("_tags") or ())
    ):
        return None  # comments (tags=story is only a request) and deleted stories
    discussion = f"{ITEM_URL}{object_id}"
    url = hit.get("url") or discussion
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    created = hit.get("created_at_i")
    published = datetime.fromtimestamp(created, UTC) if isinstance(created, int | float) else None
    if published is None and isinstance(hit.get("created_at"), str):
        try:
            published = datetime.fromisoformat(hit["created_at"].replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            published = None
    return FeedItem(
        guid=f"hn:{object_id}",
        link=url,
        title=clean_title(title),
        summary=clean_text(hit.get("story_text") or "", 1000),
        published=published,
        outlet=host if url != discussion else "Hacker News",
    )


def parse(body: bytes, url: str = "") -> list[FeedItem]:
    """An Algolia search answer → stories; SourceError when it is not one."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise SourceError(f"not an HN search answer: {' '.join(str(e).split())[:120]}") from None
    hits = doc.get("hits") if isinstance(doc, dict) else None
    if not isinstance(hits, list):
        raise SourceError("not an HN search answer: no hits list")
    return [item for hit in hits if isinstance(hit, dict) and (item := _item(hit)) is not None]


def url_for(source: SourceSpec, now: float | None = None) -> str:
    if source.url:
        return source.url
    return search_url(
        source.query or source.company or source.name, _since(time.time() if now is None else now)
    )


async def poll(fetcher: Fetcher, source: SourceSpec, state: Validators, **_: object) -> PollOutcome:
    return await fetch_parsed(fetcher, url_for(source), state, parse)
