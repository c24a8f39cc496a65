"""The nouns of talentbot: frozen pydantic models passed between the pipeline's steps.

A *story* is one outlet's item; an *event* is the real-world happening that one or many stories
report. Alerts, digests and slash-command answers are always about events.
"""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Kind(StrEnum):
    TALENT = "talent"
    INVESTMENT = "investment"


class KindFilter(StrEnum):
    """What a subscription follows."""

    TALENT = "talent"
    INVESTMENT = "investment"
    ALL = "all"

    def accepts(self, talent: bool, investment: bool) -> bool:
        if self is KindFilter.ALL:
            return talent or investment
        return talent if self is KindFilter.TALENT else investment


class FeedItem(Frozen):
    """One entry as a source returned it, cleaned to text but not yet stored."""

    guid: str
    link: str
    title: str
    summary: str = ""
    published: datetime | None = None  # UTC; None when the feed gave no usable date
    outlet: str = ""  # the publishing outlet when the source aggregates many (Google News, HN)


class Classification(Frozen):
    """What the classifier decided about a headline and summary, and why."""

    talent: bool = False
    investment: bool = False
    companies: tuple[str, ...] = ()  # canonical names of the parties to the event
    people: tuple[str, ...] = ()
    event_type: str | None = None  # e.g. "departure", "funding_round"
    amount_usd: float | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    why: str = ""

    @property
    def relevant(self) -> bool:
        return self.talent or self.investment

    @property
    def kinds(self) -> tuple[Kind, ...]:
        out: list[Kind] = []
        if self.talent:
            out.append(Kind.TALENT)
        if self.investment:
            out.append(Kind.INVESTMENT)
        return tuple(out)


class Story(Frozen):
    id: int
    source: str
    url: str  # canonical
    title: str
    summary: str
    published: datetime
    seen_at: datetime
    event_id: int | None
    classification: Classification


class Event(Frozen):
    """One happening; its headline and link are those of the first story that reported it."""

    id: int
    title: str
    url: str
    source: str
    summary: str
    first_seen: datetime
    published: datetime
    story_count: int
    classification: Classification


class Company(Frozen):
    name: str  # canonical
    aliases: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    cik: str | None = None
    category: str = ""


class ChannelRef(Frozen):
    """Where a message goes: a channel in a Slack workspace, a Discord guild, or the console."""

    platform: str
    workspace: str
    channel: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.workspace}/{self.channel}"


class DigestSetting(Frozen):
    enabled: bool = True
    time: time
    timezone: str


class Subscription(Frozen):
    channel: ChannelRef
    company: str
    kinds: KindFilter = KindFilter.ALL
