"""/talent and /invest: the most recent events, newest first."""

from __future__ import annotations

from datetime import timedelta

from bot.chat.messages import Reply
from handlers import args
from handlers.base import CommandRequest, HandlerDeps

WINDOW_DAYS = 30
LIMIT = 10
LABELS = {"talent": "AI-talent", "investment": "AI-investment"}


async def talent(req: CommandRequest, deps: HandlerDeps) -> Reply:
    return await _recent("talent", req, deps)


async def invest(req: CommandRequest, deps: HandlerDeps) -> Reply:
    return await _recent("investment", req, deps)


async def _recent(kind: str, req: CommandRequest, deps: HandlerDeps) -> Reply:
    text = " ".join(args.words(req))
    company = args.company(deps.registry, text).name if text else None
    since = deps.now() - timedelta(days=WINDOW_DAYS)
    lines = await deps.store.stories.recent_events(kind=kind, since=since, company=company, limit=LIMIT)
    scope = f"involving {company}" if company else "across all companies"
    if not lines:
        return Reply(text=f"No {LABELS[kind]} events {scope} in the last {WINDOW_DAYS} days.")
    return Reply(text=f"Latest {LABELS[kind]} events {scope} (last {WINDOW_DAYS} days):", items=tuple(lines))
