"""A settable clock for tests: pass it where the code takes `now: Callable[[], datetime]`."""

from __future__ import annotations

from datetime import UTC, datetime


class Clock:
    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or datetime(2026, 6, 20, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at
