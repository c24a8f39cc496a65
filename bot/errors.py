"""One error tree for talentbot.

TalentbotError
├── ConfigError        a wrong setting or config file: exit 2 with one line naming it
├── UsageError         a slash command or CLI misuse: its text is shown to the user as is
├── SourceError        a source could not be fetched or parsed (one line, the source keeps going)
└── DeliveryError      a chat platform refused or failed a post; says whether to retry
"""

from __future__ import annotations


class TalentbotError(Exception):
    pass


class ConfigError(TalentbotError):
    """A bad setting. `str()` is the one line printed before exiting with code 2."""


class UsageError(TalentbotError):
    """A user-facing mistake; the message is a short sentence meant for the user."""


class SourceError(TalentbotError):
    """Fetching or parsing a source failed; `str()` is a one-line reason."""


class DeliveryError(TalentbotError):
    """A post failed.

    retry_after: seconds the platform asked us to wait (429), if any.
    permanent: retrying the same message will not help (bad payload).
    channel_gone: the bot lost access to the channel; its subscriptions are paused.
    """

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        channel_gone: bool = False,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent or channel_gone
        self.channel_gone = channel_gone
