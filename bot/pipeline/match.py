"""Matching an event to the channels subscribed to it: pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.models import Classification
from bot.store.channels import Subscriber


def matching_channels(classification: Classification, subscribers: Iterable[Subscriber]) -> list[int]:
    """Channels with a subscription to one of the event's companies that covers its kind."""
    companies = set(classification.companies)
    return sorted(
        {
            s.channel_id
            for s in subscribers
            if s.company in companies and s.kinds.accepts(classification.talent, classification.investment)
        }
    )
