"""The seam between delivery and chat platforms."""

from __future__ import annotations

from typing import Protocol

from bot.chat.messages import AlertMessage, DigestMessage
from bot.domain.models import ChannelRef
from bot.errors import DeliveryError

__all__ = ["ChatAdapter", "DeliveryError"]


class ChatAdapter(Protocol):
    """Posts to one platform. Raises `DeliveryError` with what the outbox should do next.

    `key` is the outbox's idempotency key for the message: adapters pass it to the platform where
    the platform can use it (Discord's nonce, Slack's metadata) so a retry after a crash mid-send
    does not post twice.
    """

    platform: str

    async def post_alert(
        self, channel: ChannelRef, alert: AlertMessage, *, thread: str | None, key: str
    ) -> str:
        """Post an alert (in `thread`, the first alert's message id, for follow-ups); return its id."""
        ...

    async def post_digest(self, channel: ChannelRef, digest: DigestMessage, *, key: str) -> str: ...

    async def post_notice(self, channel: ChannelRef, text: str, *, key: str) -> str: ...

    async def find_posted(self, channel: ChannelRef, key: str, *, thread: str | None = None) -> str | None:
        """The id of a message already posted with `key` (in `thread`, for follow-ups), when the
        platform can tell; else None."""
        ...
