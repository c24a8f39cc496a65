"""A fake Slack on 127.0.0.1: Web API methods, response_url, OAuth and a Socket Mode websocket.

Enough of Slack for slack_sdk/slack-bolt to run their real code paths against it. Tests script
failures per method (`fail`) and read what was called (`calls`, `posted`, `responses`, `acks`).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web


@dataclass
class Call:
    method: str
    token: str
    params: dict[str, Any]


@dataclass
class Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    def __init__(self, *, tokens: dict[str, str] | None = None) -> None:
        # token → team id it belongs to (auth.test answers with it)
        self.tokens = tokens if tokens is not None else {"xoxb-test": "T1"}
        self.calls: list[Call] = []
        self.posted: dict[str, list[dict[str, Any]]] = {}  # channel → messages, oldest first
        self.responses: list[dict[str, Any]] = []  # bodies POSTed to response_url
        self.acks: dict[str, dict[str, Any]] = {}  # envelope id → the client's ack
        self.socket_connections = 0
        self.oauth_team = "T2"
        self.oauth_token = "xoxb-installed"
        self._scripts: dict[str, list[Scripted]] = {}
        self._ts = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._ws_ready = asyncio.Event()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)  # slack_sdk GETs some reads
        app.router.add_post("/respond/{id}", self._respond)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"  # slack_sdk joins the method name onto it: keep the slash

    def response_url(self, name: str = "1") -> str:
        return f"{self.url}/respond/{name}"

    # --- scripting and inspection ---------------------------------------------------------------

    def fail(
        self, method: str, *, error: str = "", status: int = 200, retry_after: int | None = None
    ) -> None:
        """Answer the next call of `method` with an error (Slack answers API errors with 200)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        body = {"ok": False, "error": error or ("ratelimited" if status == 429 else "fatal_error")}
        self._scripts.setdefault(method, []).append(Scripted(status, body, headers))

    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, predicate: Any, within: float = 5.0) -> None:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(predicate)

    # --- Socket Mode ----------------------------------------------------------------------------

    async def send_envelope(self, kind: str, payload: dict[str, Any], envelope_id: str) -> dict[str, Any]:
        """Send one envelope over the websocket and wait for the client's ack."""
        async with asyncio.timeout(5):
            await self._ws_ready.wait()
        assert self._ws is not None
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": kind == "slash_commands",
            "payload": payload,
        }
        await self._ws.send_json(envelope)
        await self.wait_for(lambda: envelope_id in self.acks)
        return self.acks[envelope_id]

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.socket_connections += 1
        self._ws = ws
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})
        self._ws_ready.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                if "envelope_id" in data:
                    await self._note(functools.partial(self.acks.__setitem__, data["envelope_id"], data))
        self._ws_ready.clear()
        return ws

    # --- HTTP handlers --------------------------------------------------------------------------

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        await self._note(lambda: self.responses.append(body))
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.method == "POST":
            params.update(await request.post())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ") or str(
            params.get("token", "")
        )
        await self._note(lambda: self.calls.append(Call(method, token, params)))
        script = self._scripts.get(method)
        if script:
            answer = script.pop(0)
            return web.json_response(answer.body, status=answer.status, headers=answer.headers)
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        if method not in ("oauth.v2.access", "apps.connections.open") and token not in self.tokens:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        return web.json_response(await handler(token, params))

    async def _auth_test(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        team = self.tokens[token]
        return {
            "ok": True,
            "url": "https://fake.slack/",
            "team": "Fake",
            "team_id": team,
            "user": "talentbot",
            "user_id": f"U{team}BOT",
            "bot_id": f"B{team}",
            "is_enterprise_install": False,
        }

    async def _chat_postMessage(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params["channel"])
        ts = f"1700000000.{next(self._ts):06d}"
        message = {"type": "message", "ts": ts, "team": self.tokens[token], **params}
        await self._note(lambda: self.posted.setdefault(channel, []).append(message))
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    async def _conversations_history(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        # Like Slack: the channel's top-level messages, newest first; thread replies are not in it.
        top = [m for m in self.posted.get(str(params["channel"]), []) if not m.get("thread_ts")]
        return self._page(list(reversed(top)), params)

    async def _conversations_replies(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        # Like Slack: the parent first, then its replies, oldest first.
        ts = str(params["ts"])
        thread = [
            m for m in self.posted.get(str(params["channel"]), []) if ts in (m["ts"], m.get("thread_ts"))
        ]
        return self._page(thread, params)

    @staticmethod
    def _page(messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
        messages = messages[: int(params.get("limit", 100))]
        if str(params.get("include_all_metadata", "")).lower() not in ("1", "true"):
            messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
        return {"ok": True, "messages": messages, "has_more": False}

    async def _apps_connections_open(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        if not token.startswith("xapp-"):
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": f"ws://127.0.0.1:{self.url.rsplit(':', 1)[1]}/link"}

    async def _oauth_v2_access(self, token: str, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("code") != "good-code":
            return {"ok": False, "error": "invalid_code"}
        self.tokens[self.oauth_token] = self.oauth_team
        return {
            "ok": True,
            "app_id": "A1",
            "access_token": self.oauth_token,
            "token_type": "bot",
            "scope": "chat:write,commands,channels:history",
            "bot_user_id": f"U{self.oauth_team}BOT",
            "team": {"id": self.oauth_team, "name": "Second"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": "U_INSTALLER"},
        }

    async def _note(self, change: Any) -> None:
        async with self._changed:
            change()
            self._changed.notify_all()
