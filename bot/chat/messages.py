"""Platform-neutral messages: what the pipeline and the handlers hand to a chat adapter.

Each adapter renders these with its own renderer (Block Kit, embeds, terminal) and is the only
place that knows the platform's escaping and limits. Text in here is raw feed text, never escaped.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.models import Frozen


class EventLine(Frozen):
    """One event as a list entry (slash-command answers and digests)."""

    event_id: int
    headline: str
    url: str
    source: str
    published: datetime
    companies: tuple[str, ...]
    kinds: tuple[str, ...]
    outlets: int = 1
    amount: str = ""


class AlertMessage(Frozen):
    """A real-time alert about an event, or a follow-up story on an already alerted event."""

    alert_id: int
    event_id: int
    kinds: tuple[str, ...]
    event_type: str | None
    headline: str
    url: str
    summary: str
    source: str
    published: datetime
    companies: tuple[str, ...]
    people: tuple[str, ...] = ()
    amount: str = ""
    why: str = ""
    confidence: float = 0.0
    followup: bool = False
    note: str = ""  # e.g. the noise budget was reached and the rest goes into the digest


class DigestMessage(Frozen):
    title: str
    sections: tuple[tuple[str, tuple[EventLine, ...]], ...]  # (heading, events)
    note: str = ""


class Reply(Frozen):
    """A handler's answer to a slash command."""

    text: str
    items: tuple[EventLine, ...] = ()
    ephemeral: bool = False
    digest: DigestMessage | None = None
