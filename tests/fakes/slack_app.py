"""Test helpers around the Slack adapter: signed requests, a recording dispatch, a local HTTP server."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode

from aiohttp import web

from bot.chat.messages import AlertMessage, EventLine, Reply
from handlers.base import Command, CommandRequest

SECRET = "signing-secret"
NAMES = ("talent", "invest", "subscribe", "unsubscribe", "subscriptions", "digest", "talentbot")
WHEN = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)


async def _unused(req: CommandRequest, deps: object) -> Reply:
    raise AssertionError("the adapter must call dispatch, not handlers")


COMMANDS = {name: Command(name, _unused, f"/{name}", name) for name in NAMES}


class RecordingDispatch:
    """Stands in for `handlers.dispatch` bound to deps: records requests, answers or raises."""

    def __init__(self, raises: BaseException | None = None) -> None:
        self.requests: list[CommandRequest] = []
        self.raises = raises

    async def __call__(self, req: CommandRequest) -> Reply:
        self.requests.append(req)
        if self.raises is not None:
            raise self.raises
        item = EventLine(
            event_id=1,
            headline="Amazon hires OpenAI lead",
            url="https://news.example.com/1",
            source="Example",
            published=WHEN,
            companies=("Amazon",),
            kinds=("talent",),
        )
        return Reply(text=f"ok {req.command} {req.args}", items=(item,))


def signed_headers(body: str, secret: str = SECRET, ts: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if ts is None else ts)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


def command_payload(name: str, text: str, response_url: str, team: str = "T1") -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "team_domain": "fake",
        "channel_id": "C1",
        "channel_name": "general",
        "user_id": "U1",
        "user_name": "ada",
        "command": f"/{name}",
        "text": text,
        "api_app_id": "A1",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }


def form(payload: dict[str, str]) -> str:
    return urlencode(payload)


class LocalServer:
    """The adapter's aiohttp routes served on 127.0.0.1, as bot/http.py would mount them."""

    def __init__(self, routes: Iterable[web.RouteDef]) -> None:
        app = web.Application()
        app.add_routes(list(routes))
        self.runner = web.AppRunner(app)
        self.url = ""

    async def __aenter__(self) -> LocalServer:
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.cleanup()


def alert(**changes: object) -> AlertMessage:
    base: dict[str, object] = dict(
        alert_id=1,
        event_id=7,
        kinds=("talent",),
        event_type="hire",
        headline="OpenAI research lead joins Amazon",
        url="https://news.example.com/story?id=1",
        summary="Summary.",
        source="Example News",
        published=WHEN,
        companies=("Amazon", "OpenAI"),
    )
    base.update(changes)
    return AlertMessage(**base)  # type: ignore[arg-type]
