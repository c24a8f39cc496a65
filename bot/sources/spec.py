"""What a configured source is, and the shared result shape of every source kind's `poll`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.domain.models import FeedItem

SourceKind = Literal["rss", "google_news", "hn", "edgar"]
KINDS: tuple[str, ...] = ("rss", "google_news", "hn", "edgar")

_INTERVAL = re.compile(r"\s*(\d+)\s*([smh])\s*")
_UNIT = {"s": 1, "m": 60, "h": 3600}


def parse_interval(text: str) -> int:
    """ "30s" | "5m" | "1h" → seconds. Any positive integer with s, m or h; no lower bound."""
    m = _INTERVAL.fullmatch(text) if isinstance(text, str) else None
    if m is None or int(m.group(1)) <= 0:
        raise ValueError(
            f"interval {text!r}: expected a positive number followed by s, m or h (e.g. 30s, 5m, 1h)"
        )
    return int(m.group(1)) * _UNIT[m.group(2)]


@dataclass(frozen=True)
class SourceSpec:
    """One `[[sources]]` entry.

    url: the feed URL (rss), or an override of the API endpoint (others, mostly for tests).
    query: search words (google_news, hn); for edgar the CIK (digits, zero-padding optional).
    company: canonical company name for per-company feeds (google_news, edgar headlines).
    """

    name: str
    kind: SourceKind
    url: str | None = None
    query: str | None = None
    interval: int = 300
    company: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"source {self.name!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == "rss" and not self.url:
            raise ValueError(f"source {self.name!r}: kind rss needs a url")
        if self.kind in ("google_news", "hn") and not (self.query or self.company or self.url):
            raise ValueError(f"source {self.name!r}: kind {self.kind} needs a query or company")
        if self.kind == "edgar" and not (self.query or self.url):
            raise ValueError(f"source {self.name!r}: kind edgar needs the company's CIK as query")
        if self.interval <= 0:
            raise ValueError(f"source {self.name!r}: interval must be positive")


@dataclass(frozen=True)
class Validators:
    """What a source remembers between polls to detect an unchanged document cheaply."""

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


@dataclass(frozen=True)
class PollOutcome:
    """new: a parseable document was read (items may be empty; pipeline stores and dedupes them).
    not_modified: the server answered 304. unchanged: same body hash as last time; not parsed."""

    status: Literal["new", "not_modified", "unchanged"]
    items: list[FeedItem] = field(default_factory=list)
    validators: Validators = Validators()
