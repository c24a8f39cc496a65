"""Matching an event to the channels subscribed to it: pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.models import Classification, KindFilter
from bot.store.channels import Subscriber


def wanted_kinds(classification: Classification) -> tuple[str, ...]:
    """The subscription kinds that want an event of this classification."""
    kinds = [KindFilter.ALL.value]
    if classification.talent:
        kinds.append(KindFilter.TALENT.value)
    if classification.investment:
        kinds.append(KindFilter.INVESTMENT.value)
    return tuple(kinds)


def matching_channels(classification: Classification, subscribers: Iterable[Subscriber]) -> list[int]:
    """Channels with a subscription to one of the event's companies that covers its kind.

    The reference definition; the store's `ChannelRepo.matching` answers the same in SQL."""
    companies = set(classification.companies)
    return sorted(
        {
            s.channel_id
            for s in subscribers
            if s.company in companies and s.kinds.accepts(classification.talent, classification.investment)
        }
    )
