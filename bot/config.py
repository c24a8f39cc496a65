"""The TOML config file (sources, digest defaults, alert limits), validated at start.

Any problem raises `ConfigError` with one line naming the file and the setting, e.g.
`config/talentbot.toml: sources[2].interval: not a positive duration like 30s, 5m or 1h: "5x"`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.errors import ConfigError
from bot.sources.spec import parse_interval

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_clock(text: str) -> str:
    """'9:00' or '09:00' -> '09:00'; ValueError for anything that is not a time of day."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f'not a time of day HH:MM: "{text}"')
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f'not an IANA time zone: "{name}"') from None
    return name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceConfig(_Strict):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["rss", "google_news", "hn", "edgar"] = "rss"
    url: str | None = None  # rss; optional override for the others
    query: str | None = None  # google_news / hn: the search; defaults to the company
    company: str | None = None  # google_news / hn / edgar: the registry company it follows
    interval: str = "5m"

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: str) -> str:
        parse_interval(value)
        return value

    @model_validator(mode="after")
    def _needs(self) -> SourceConfig:
        if self.kind == "rss" and not self.url:
            raise ValueError("an rss source needs a url")
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValueError(f'url: not an http(s) URL: "{self.url}"')
        if self.kind in ("google_news", "hn") and not (self.query or self.company or self.url):
            raise ValueError(f"a {self.kind} source needs a query or a company")
        return self

    @property
    def interval_s(self) -> int:
        return parse_interval(self.interval)


class DigestConfig(_Strict):
    time: str = "09:00"
    timezone: str = "UTC"
    grace_hours: float = Field(default=6.0, ge=0)  # a digest missed while down is still sent this late
    send_empty: bool = False

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        return parse_clock(value)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        return check_timezone(value)


class AlertsConfig(_Strict):
    min_confidence: float = Field(default=0.5, ge=0, le=1)
    max_per_hour: int = Field(default=6, ge=1)  # the channel's noise budget
    max_age_hours: float = Field(default=48, gt=0)  # older items never alert


class PollingConfig(_Strict):
    user_agent: str = "talentbot/0.1 (+https://github.com/talentbot)"
    timeout: float = Field(default=20, gt=0)
    max_bytes: int = Field(default=10_000_000, gt=0)
    per_host: int = Field(default=2, ge=1)
    disable_after_hours: float = Field(default=24, gt=0)
    # `talentbot run` adds a Google News feed for each subscribed company no configured source
    # follows; false keeps the bot to the configured sources only (offline set-ups, tests).
    google_news_for_subscriptions: bool = True


class Config(_Strict):
    sources: list[SourceConfig] = []
    digest: DigestConfig = DigestConfig()
    alerts: AlertsConfig = AlertsConfig()
    polling: PollingConfig = PollingConfig()

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f'two sources are named "{source.name}"')
            seen.add(source.name)
        return self


def load_config(path: Path, *, missing_ok: bool = False) -> Config:
    if not path.exists():
        if missing_ok:
            return Config()
        raise ConfigError(f"TALENTBOT_CONFIG: no such file: {path}")
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in err["loc"]).replace(".[", "[")
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown setting"
        raise ConfigError(f"{path}: {where or 'config'}: {message}") from None
