"""Reading a command's arguments: typed text on Slack and the console, named options on Discord."""

from __future__ import annotations

from bot.domain.companies import CompanyRegistry
from bot.domain.models import Company, KindFilter
from bot.errors import UsageError
from handlers.base import MAX_ARGS_LENGTH, CommandRequest


def words(req: CommandRequest) -> list[str]:
    text = " ".join(v for v in req.options.values() if v) if req.options else req.args
    text = text.strip()
    if len(text) > MAX_ARGS_LENGTH:
        raise UsageError(f"That is too long: at most {MAX_ARGS_LENGTH} characters, please.")
    return text.split()


def company(registry: CompanyRegistry, text: str) -> Company:
    """Resolve a company name or fail with a short "did you mean" sentence (≤ 500 characters)."""
    found = registry.resolve(text)
    if found is not None:
        return found
    shown = text if len(text) <= 60 else text[:59] + "…"
    hints = registry.suggest(text, limit=5)
    if hints:
        raise UsageError(f"I don't know a company called “{shown}”. Did you mean: {', '.join(hints)}?")
    raise UsageError(
        f"I don't know a company called “{shown}”. Try its usual name or ticker, e.g. Amazon or AMZN."
    )


def split_kind(parts: list[str]) -> tuple[str, KindFilter]:
    """'/subscribe amazon web services talent' -> ('amazon web services', TALENT)."""
    kind = KindFilter.ALL
    if len(parts) > 1 and parts[-1].lower() in {k.value for k in KindFilter}:
        kind = KindFilter(parts[-1].lower())
        parts = parts[:-1]
    return " ".join(parts), kind
