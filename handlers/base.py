"""The neutral request and the dependencies every command handler receives.

Adapters build a `CommandRequest` from their platform's payload and render the `Reply`; nothing
below this line knows which platform asked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.chat.messages import Reply
from bot.domain.models import ChannelRef

if TYPE_CHECKING:
    from bot.domain.companies import CompanyRegistry
    from bot.jobs.digest import DigestService
    from bot.store.queries import Store

MAX_ARGS_LENGTH = 200


@dataclass(frozen=True)
class CommandRequest:
    platform: str  # "slack", "discord", "console"
    workspace: str  # Slack team id, Discord guild id, "local"
    channel: str
    user: str
    command: str  # without the slash: "talent", "subscribe", ...
    args: str = ""  # the text after the command, as typed
    options: dict[str, str] = field(default_factory=dict)  # named options (Discord), merged into args

    @property
    def channel_ref(self) -> ChannelRef:
        return ChannelRef(platform=self.platform, workspace=self.workspace, channel=self.channel)


@dataclass(frozen=True)
class HandlerDeps:
    store: Store
    registry: CompanyRegistry
    digests: DigestService
    now: Callable[[], datetime]
    default_digest_time: str = "09:00"
    default_timezone: str = "UTC"


Handler = Callable[[CommandRequest, HandlerDeps], Awaitable[Reply]]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    usage: str  # e.g. "/talent [company]"
    summary: str
    options: tuple[str, ...] = ()  # Discord option names, in order
    changes_settings: bool = False  # needs Manage Channels on Discord
