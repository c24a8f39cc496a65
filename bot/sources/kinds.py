"""The one table from a source kind to its poller, and the config checks that depend on kinds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from bot.errors import ConfigError
from bot.sources import edgar, google_news, hn, rss
from bot.sources.fetch import Fetcher
from bot.sources.spec import PollOutcome, SourceSpec, Validators

Poll = Callable[..., Awaitable[PollOutcome]]

POLLERS: dict[str, Poll] = {
    "rss": rss.poll,
    "google_news": google_news.poll,
    "hn": hn.poll,
    "edgar": edgar.poll,
}


async def poll_kind(
    fetcher: Fetcher, source: SourceSpec, state: Validators, *, sec_user_agent: str | None = None
) -> PollOutcome:
    """Poll one source once. Raises SourceError (fetch/parse) or ConfigError (edgar without agent)."""
    poller = POLLERS.get(source.kind)
    if poller is None:
        raise ConfigError(f"source {source.name!r}: unknown kind {source.kind!r}")
    return await poller(fetcher, source, state, sec_user_agent=sec_user_agent)


def check_sources(sources: Iterable[SourceSpec], sec_user_agent: str | None) -> None:
    """Startup check: fail early (exit 2) rather than on the first edgar poll."""
    for source in sources:
        if source.kind == "edgar":
            edgar.require_user_agent(sec_user_agent)
            if not source.url:
                edgar.pad_cik(source.query or "")
