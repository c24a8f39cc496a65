"""A fake Discord: REST API + gateway on 127.0.0.1, enough for discord.py 2.7 to run for real.

It records every REST request (method, path, JSON body), answers with the fields discord.py reads,
and lets a test script failures (429, 403, 5xx) and push gateway events (INTERACTION_CREATE), or
drop the websocket to force a RESUME. REST answers carry `Content-Type: application/json` exactly:
with aiohttp's usual `; charset=utf-8` discord.py would treat the body as text.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

APP_ID, BOT_ID, GUILD_ID, CHANNEL_ID, USER_ID = 900, 901, 1000, 2000, 3000
API = "/api/v10"
WAIT = 10.0  # the longest any test waits for the fake to see something
NOW = datetime.now(UTC).isoformat()
BOT_USER = {
    "id": str(BOT_ID),
    "username": "talentbot",
    "discriminator": "0",
    "avatar": None,
    "bot": True,
    "global_name": None,
}
HUMAN = {"id": str(USER_ID), "username": "ada", "discriminator": "0", "avatar": None, "global_name": "Ada"}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any


@dataclass
class Scripted:
    method: str
    path: re.Pattern[str]
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def reply(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def error(status: int, code: int, message: str) -> web.Response:
    return reply({"message": message, "code": code}, status)


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.gateway_frames: list[dict[str, Any]] = []  # what clients sent on the gateway
        self.messages: dict[int, dict[str, Any]] = {}
        self.channels: set[int] = {CHANNEL_ID}
        self.forbidden: set[int] = set()
        self.threads: dict[int, int] = {}  # thread id (= starter message id) -> parent channel
        self.scripted: list[Scripted] = []
        self.sockets: list[web.WebSocketResponse] = []
        self._dispatchers: dict[web.WebSocketResponse, Callable[[str, dict[str, Any]], Awaitable[None]]] = {}
        self.identifies = 0
        self.compressed: list[bool] = []  # per gateway connection: were frames zlib-stream?
        self.resumes = 0
        self._ids = itertools.count(5_000_000)
        self._nonces: dict[tuple[int, str], int] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # server ----------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/", self._gateway)
        r = app.router
        r.add_get(f"{API}/users/@me", self._me)
        r.add_get(f"{API}/oauth2/applications/@me", self._app)
        r.add_get(f"{API}/gateway/bot", self._gateway_bot)
        r.add_post(API + "/channels/{channel}/messages", self._create_message)
        r.add_post(API + "/channels/{channel}/messages/{message}/threads", self._start_thread)
        r.add_put(API + "/applications/{app}/commands", self._sync_commands)
        r.add_put(API + "/applications/{app}/guilds/{guild}/commands", self._sync_commands)
        r.add_post(API + "/interactions/{id}/{token}/callback", self._callback)
        r.add_post(API + "/webhooks/{app}/{token}", self._followup)
        r.add_patch(API + "/webhooks/{app}/{token}/messages/@original", self._followup)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/"

    async def _me(self, _: web.Request) -> web.Response:
        return reply(BOT_USER)

    async def _app(self, _: web.Request) -> web.Response:
        return reply(self._application())

    @web.middleware
    async def _record(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        if request.path.startswith("/gateway"):
            return await handler(request)
        body = await request.json() if request.can_read_body else None
        self.requests.append(
            Recorded(request.method, request.path.removeprefix(API), dict(request.query), body)
        )
        await self._notify()
        for script in self.scripted:
            if script.method == request.method and script.path.search(request.path):
                self.scripted.remove(script)
                return reply(script.body, script.status, script.headers)
        return await handler(request)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[FakeDiscord], Any]) -> Any:
        """Wait until `predicate(self)` is truthy; return its value. Never longer than WAIT seconds."""
        async with asyncio.timeout(WAIT), self._changed:
            while not (found := predicate(self)):
                await self._changed.wait()
        return found

    # scripting -------------------------------------------------------------------------------

    def fail_next(
        self, method: str, path: str, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        self.scripted.append(Scripted(method, re.compile(path), status, body, headers or {}))

    def rate_limit_next(self, method: str, path: str, retry_after: float = 0.05) -> None:
        """A real-looking 429: discord.py only trusts it with a `Via` header and a JSON body."""
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        headers = {"Via": "1.1 google", "Retry-After": str(retry_after), "X-RateLimit-Scope": "user"}
        self.fail_next(method, path, 429, body, headers)

    def sent(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    # REST ------------------------------------------------------------------------------------

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APP_ID), "name": "talentbot", "description": "", "icon": None, "bot_public": True,
            "bot_require_code_grant": False, "owner": HUMAN, "verify_key": "00", "flags": 0,
        }  # fmt: skip

    async def _gateway_bot(self, _: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return reply({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    def message(self, channel: int, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        mid = next(self._ids)
        data = {
            "id": str(mid), "channel_id": str(channel), "type": 0, "content": body.get("content") or "",
            "author": BOT_USER, "timestamp": NOW, "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": body.get("embeds") or [], "pinned": False, "flags": body.get("flags", 0),
            "nonce": body.get("nonce"), **extra,
        }  # fmt: skip
        self.messages[mid] = data
        return data

    async def _create_message(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        if channel in self.forbidden:
            return error(403, 50001, "Missing Access")
        if channel not in self.channels:
            return error(404, 10003, "Unknown Channel")
        body = await request.json()
        nonce = body.get("nonce")
        if nonce and body.get("enforce_nonce") and (channel, nonce) in self._nonces:
            return reply(self.messages[self._nonces[channel, nonce]])  # Discord's nonce dedupe
        data = self.message(channel, body)
        if nonce:
            self._nonces[channel, nonce] = int(data["id"])
        return reply(data)

    async def _start_thread(self, request: web.Request) -> web.Response:
        channel, message = int(request.match_info["channel"]), int(request.match_info["message"])
        if channel not in self.channels:
            return error(404, 10003, "Unknown Channel")
        if message not in self.messages:
            return error(404, 10008, "Unknown Message")
        if message in self.threads:
            return error(400, 160004, "A thread has already been created for this message")
        body = await request.json()
        self.threads[message] = channel
        self.channels.add(message)
        return reply({
            "id": str(message), "guild_id": str(GUILD_ID), "parent_id": str(channel), "owner_id": str(BOT_ID),
            "name": body["name"], "type": 11, "member_count": 1, "message_count": 0, "rate_limit_per_user": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": NOW, "locked": False},
        })  # fmt: skip

    async def _sync_commands(self, request: web.Request) -> web.Response:
        commands = await request.json()
        out = [
            {**c, "id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1"} for c in commands
        ]
        return reply(out)

    async def _callback(self, request: web.Request) -> web.Response:
        body = await request.json()
        kind = body["type"]
        flags = (body.get("data") or {}).get("flags", 0)
        interaction = {
            "id": request.match_info["id"], "type": 2, "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & 64),
        }  # fmt: skip
        if kind == 4:
            message = self.message(CHANNEL_ID, body.get("data") or {}, webhook_id=str(APP_ID))
            interaction["response_message_id"] = message["id"]
            return reply({"interaction": interaction, "resource": {"type": 4, "message": message}})
        return reply({"interaction": interaction})

    async def _followup(self, request: web.Request) -> web.Response:
        body = await request.json()
        return reply(self.message(CHANNEL_ID, body, webhook_id=str(APP_ID)))

    # gateway ---------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        seq = itertools.count(1)
        # Like Discord: with ?compress=zlib-stream every frame is BINARY, one zlib stream per connection.
        zlib_stream = zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None
        self.compressed.append(zlib_stream is not None)

        async def send(payload: dict[str, Any]) -> None:
            if zlib_stream is None:
                await ws.send_json(payload)
            else:
                data = json.dumps(payload).encode()
                await ws.send_bytes(zlib_stream.compress(data) + zlib_stream.flush(zlib.Z_SYNC_FLUSH))

        async def dispatch(event: str, data: dict[str, Any]) -> None:
            await send({"op": 0, "t": event, "s": next(seq), "d": data})

        self._dispatchers[ws] = dispatch
        await send({"op": 10, "d": {"heartbeat_interval": 1000}})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            data = json.loads(frame.data)
            self.gateway_frames.append(data)
            if data["op"] == 1:
                await send({"op": 11})
            elif data["op"] == 2:
                self.identifies += 1
                ready = {
                    "v": 10, "user": BOT_USER, "session_id": f"session-{self.identifies}",
                    "resume_gateway_url": self.gateway_url, "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
                    "application": {"id": str(APP_ID), "flags": 0},
                }  # fmt: skip
                if "shard" in data["d"]:
                    ready["shard"] = data["d"]["shard"]
                await dispatch("READY", ready)
                await dispatch("GUILD_CREATE", self._guild())
            elif data["op"] == 6:
                self.resumes += 1
                seq = itertools.count(int(data["d"].get("seq") or 0) + 1)
                await dispatch("RESUMED", {})
            await self._notify()
        return ws

    def _guild(self) -> dict[str, Any]:
        everyone = {
            "id": str(GUILD_ID), "name": "@everyone", "permissions": "0", "position": 0, "color": 0,
            "hoist": False, "managed": False, "mentionable": False, "flags": 0,
        }  # fmt: skip
        channel = {
            "id": str(CHANNEL_ID), "type": 0, "name": "general", "position": 0, "permission_overwrites": [],
            "nsfw": False, "parent_id": None, "guild_id": str(GUILD_ID),
        }  # fmt: skip
        return {
            "id": str(GUILD_ID), "name": "Test server", "owner_id": str(USER_ID), "roles": [everyone],
            "emojis": [], "stickers": [], "features": [], "channels": [channel], "threads": [], "members": [],
            "member_count": 1, "unavailable": False, "large": False, "joined_at": NOW, "voice_states": [],
            "presences": [], "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
        }  # fmt: skip

    async def drop_connection(self, code: int = 4000) -> None:
        """Close the live websocket the way Discord does before asking for a RESUME."""
        await self.sockets[-1].close(code=code)

    async def interact(
        self,
        name: str,
        options: dict[str, str] | None = None,
        *,
        subcommand: str | None = None,
        focused: str | None = None,
        permissions: int = 0,
    ) -> str:
        """Push a slash command (or, with `focused`, an autocomplete) as INTERACTION_CREATE."""
        iid = str(next(self._ids))
        opts: list[dict[str, Any]] = [
            {"name": key, "type": 3, "value": value, **({"focused": True} if key == focused else {})}
            for key, value in (options or {}).items()
        ]
        if subcommand:
            opts = [{"name": subcommand, "type": 1, "options": opts}]
        member = {
            "user": HUMAN, "roles": [], "flags": 0, "permissions": str(permissions), "joined_at": NOW,
            "deaf": False, "mute": False, "nick": None,
        }  # fmt: skip
        payload = {
            "id": iid, "application_id": str(APP_ID), "type": 4 if focused else 2, "token": f"token-{iid}",
            "version": 1, "attachment_size_limit": 8_388_608, "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID), "channel": self._guild()["channels"][0], "member": member,
            "app_permissions": str(2**40 - 1), "locale": "en-US", "guild_locale": "en-US",
            "entitlements": [], "authorizing_integration_owners": {"0": str(GUILD_ID)}, "context": 0,
            "data": {"id": str(next(self._ids)), "name": name, "type": 1, "options": opts, "guild_id": None},
        }  # fmt: skip
        payload["data"].pop("guild_id")
        await self._dispatchers[self.sockets[-1]]("INTERACTION_CREATE", payload)
        return iid
