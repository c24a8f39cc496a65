"""Logging: plain text or one JSON object per line, with fields, and never a token."""

from __future__ import annotations

import json
import logging
import re
import sys

# Slack tokens (xoxb-, xapp-, xoxp-…), Discord bot tokens (three dot-separated base64 parts), bearer headers.
_SECRET = re.compile(
    r"(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|[MNO][A-Za-z\d_-]{23,}\.[\w-]{6}\.[\w-]{27,}|(?i:bearer|bot)\s+[A-Za-z0-9._-]{20,})"
)
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


def redact(text: str) -> str:
    return _SECRET.sub("[redacted]", text)


def _fields(record: logging.LogRecord) -> dict[str, object]:
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        base = f"{self.formatTime(record, '%H:%M:%S')} {record.levelname:<7} {record.name}: {record.getMessage()}"
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        if extra:
            base += f" [{extra}]"
        if record.exc_info:
            base += "\n" + self.formatException(record.exc_info)
        return redact(base)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return redact(json.dumps(data, default=str))


def setup(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)  # stdout belongs to command output
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "apscheduler", "aiosqlite", "discord", "slack_bolt", "slack_sdk", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
