"""Kind `rss`: any feed URL (RSS, Atom, RDF, JSON Feed); also the fetch-then-parse step the other
kinds share."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.domain.models import FeedItem
from bot.sources.feeds import parse_feed
from bot.sources.fetch import Fetcher
from bot.sources.spec import PollOutcome, SourceSpec, Validators

# Bodies above this are parsed in a worker thread so a big feed never stalls the event loop
# (Slack wants its ack within 3 s); small ones are cheaper to parse inline than to hand off.
THREAD_PARSE_BYTES = 2_000_000

Parser = Callable[[bytes, str], list[FeedItem]]


async def fetch_parsed(
    fetcher: Fetcher,
    url: str,
    state: Validators,
    parse: Parser = parse_feed,
    *,
    headers: dict[str, str] | None = None,
) -> PollOutcome:
    """Conditional GET, then parse only when the body is new. SourceError passes through."""
    result = await fetcher.fetch(url, state, headers=headers)
    if result.status == "not_modified" or result.status == "unchanged" or result.body is None:
        return PollOutcome(
            "unchanged" if result.status != "not_modified" else "not_modified", [], result.validators
        )
    body = result.body
    if len(body) > THREAD_PARSE_BYTES:
        items = await asyncio.to_thread(parse, body, result.url)
    else:
        items = parse(body, result.url)
    return PollOutcome("new", items, result.validators)


async def poll(fetcher: Fetcher, source: SourceSpec, state: Validators, **_: object) -> PollOutcome:
    assert source.url, "SourceSpec guarantees a url for rss"
    return await fetch_parsed(fetcher, source.url, state)
