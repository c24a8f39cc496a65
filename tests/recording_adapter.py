"""A chat adapter for tests that records what it was asked to post and can fail on demand.

Like Slack's history lookup, `find_posted` answers from what was really posted."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.chat.messages import AlertMessage, DigestMessage
from bot.domain.models import ChannelRef
from bot.errors import DeliveryError


class SimulatedCrash(BaseException):
    """The process dies right after the platform accepted the post."""


@dataclass
class Posted:
    channel: ChannelRef
    kind: str
    key: str
    message_id: str
    alert: AlertMessage | None = None
    digest: DigestMessage | None = None
    text: str = ""
    thread: str | None = None


@dataclass
class RecordingAdapter:
    platform: str = "console"
    posted: list[Posted] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)  # raised before posting, in order
    crash_after_post: bool = False
    healthy: bool = True
    _ids: itertools.count = field(default_factory=lambda: itertools.count(100))

    async def post_alert(
        self, channel: ChannelRef, alert: AlertMessage, *, thread: str | None, key: str
    ) -> str:
        return self._post(Posted(channel, "alert", key, "", alert=alert, thread=thread))

    async def post_digest(self, channel: ChannelRef, digest: DigestMessage, *, key: str) -> str:
        return self._post(Posted(channel, "digest", key, "", digest=digest))

    async def post_notice(self, channel: ChannelRef, text: str, *, key: str) -> str:
        return self._post(Posted(channel, "notice", key, "", text=text))

    async def find_posted(self, channel: ChannelRef, key: str, *, thread: str | None = None) -> str | None:
        return next((p.message_id for p in self.posted if p.key == key and p.channel == channel), None)

    def _post(self, item: Posted) -> str:
        if self.failures:
            raise self.failures.pop(0)
        item.message_id = str(next(self._ids))
        self.posted.append(item)
        if self.crash_after_post:
            self.crash_after_post = False
            raise SimulatedCrash()
        return item.message_id


def rate_limited(seconds: float = 30.0) -> DeliveryError:
    return DeliveryError("ratelimited", retry_after=seconds)
