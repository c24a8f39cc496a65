"""The Slack adapter: posts through the Web API, receives commands by Socket Mode or HTTP.

    SlackAdapter
    ├── SlackPoster      outbound: alerts, digests, notices, find_posted (poster.py)
    ├── AsyncWebClient   base_url = SLACK_API_URL; 429s and dropped connections retried (client.py)
    ├── AsyncApp         slash commands (commands.py), OAuth install flow when configured
    └── either AsyncSocketModeHandler (SLACK_APP_TOKEN set) or aiohttp routes (`routes()`)

Only translation lives here: neutral messages in, Slack errors out as DeliveryError (errors.py).
Tokens are never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.chat.messages import AlertMessage, DigestMessage
from bot.chat.slack.client import build_client
from bot.chat.slack.commands import Dispatch, register_commands
from bot.chat.slack.errors import error_code
from bot.chat.slack.installations import SqlInstallationStore, SqlOAuthStateStore
from bot.chat.slack.poster import SlackPoster
from bot.domain.models import ChannelRef
from bot.errors import ConfigError
from handlers.base import Command

log = logging.getLogger(__name__)

# Bot scopes (as in config/slack-manifest.yaml): post, also in public channels the bot was not
# invited to, receive commands, read our own recent posts back for find_posted.
SCOPES = ("chat:write", "chat:write.public", "commands", "channels:history", "groups:history")
_BAD_TOKEN = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
_NETWORK = (aiohttp.ClientError, OSError, TimeoutError)


class SlackOAuth:
    """What the multi-workspace install flow needs: the app's credentials and our database."""

    def __init__(
        self, client_id: str, client_secret: str, engine: Any, redirect_uri: str | None = None
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.engine = engine  # the store's AsyncEngine
        self.redirect_uri = redirect_uri


class SlackAdapter:
    platform = "slack"

    def __init__(
        self,
        *,
        dispatch: Dispatch,
        commands: Mapping[str, Command],
        bot_token: str | None = None,
        signing_secret: str | None = None,
        app_token: str | None = None,
        api_url: str = "https://slack.com/api/",
        oauth: SlackOAuth | None = None,
        connect: bool = True,
        rate_limit_retries: int = 2,
        connect_timeout: float = 10.0,
    ) -> None:
        if not bot_token and oauth is None:
            raise ConfigError("SLACK_BOT_TOKEN: required (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)")
        if not app_token and not signing_secret:
            raise ConfigError("SLACK_SIGNING_SECRET: required for Slack HTTP mode (or set SLACK_APP_TOKEN)")
        self.bot_token = bot_token
        self.app_token = app_token
        self.connect = connect
        self.connect_timeout = connect_timeout
        self.client = build_client(
            api_url, None if oauth else bot_token, rate_limit_retries=rate_limit_retries
        )
        self.installations = SqlInstallationStore(oauth.engine) if oauth else None
        self.poster = SlackPoster(self.client, bot_token=bot_token, installations=self.installations)
        self.app = AsyncApp(
            client=self.client,
            signing_secret=signing_secret or "",
            oauth_settings=self._oauth_settings(oauth) if oauth else None,
            # bolt gives each of its loggers the root's level unless it gets a base logger; this one
            # keeps them at the level logs.setup chose for "slack_bolt" (its refusal line at INFO
            # carries the whole request body: user text and the legacy verification token).
            logger=logging.getLogger("slack_bolt"),
        )
        register_commands(self.app, commands, dispatch)
        if self.installations is not None:
            self._forget_uninstalled_workspaces()
        self._socket: AsyncSocketModeHandler | None = None
        self._connecting: asyncio.Task[None] | None = None
        self._started = False

    # --- lifecycle --------------------------------------------------------------------------------

    async def start(self) -> None:
        """Check the token, then connect Socket Mode (waiting up to `connect_timeout`)."""
        if self.bot_token:
            await self._check_bot_token()
        if self.app_token and self.connect:
            self._socket = AsyncSocketModeHandler(self.app, self.app_token, web_client=self.client)
            try:
                self._socket.client.wss_uri = await self._socket.client.issue_new_wss_url()
            except SlackApiError as exc:
                if error_code(exc) in _BAD_TOKEN:
                    raise ConfigError(f"SLACK_APP_TOKEN: rejected by Slack ({error_code(exc)})") from None
                log.warning("slack socket mode: no websocket URL yet", extra={"error": error_code(exc)})
            except _NETWORK as exc:
                log.warning(
                    "slack unreachable; socket mode keeps trying", extra={"error": type(exc).__name__}
                )
            # connect() retries on its own until it succeeds; don't hold the app's start-up forever.
            self._connecting = asyncio.create_task(self._socket.connect_async(), name="slack-socket-connect")
            await asyncio.wait({self._connecting}, timeout=self.connect_timeout)
        self._started = True
        log.info("slack adapter started", extra={"mode": self.mode, "team": self.poster.team_id})

    async def stop(self) -> None:
        self._started = False
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None

    @property
    def mode(self) -> str:
        return "socket" if self.app_token else "http"

    @property
    def healthy(self) -> bool:
        if not self._started:
            return False
        if self._socket is None:
            return True
        client = self._socket.client
        session = client.current_session
        return not client.closed and not client.stale and session is not None and not session.closed

    # --- HTTP mode --------------------------------------------------------------------------------

    def routes(self) -> list[web.RouteDef]:
        """aiohttp routes to mount on the app's HTTP server."""
        routes = [] if self.app_token else [web.post("/slack/events", self._events)]
        flow = self.app.oauth_flow
        if flow is not None:
            routes += [
                web.get(flow.install_path, self._install),
                web.get(flow.redirect_uri_path, self._oauth_redirect),
            ]
        return routes

    async def _events(self, request: web.Request) -> web.Response:
        # Signature and timestamp are checked by bolt's RequestVerification middleware: 401 otherwise.
        response = await self.app.async_dispatch(await to_bolt_request(request))
        if response.status == 401:
            log.info("slack request refused: bad signature or stale timestamp")  # never the body
        return await to_aiohttp_response(response)

    async def _install(self, request: web.Request) -> web.Response:
        flow = self.app.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_installation(await to_bolt_request(request)))

    async def _oauth_redirect(self, request: web.Request) -> web.Response:
        flow = self.app.oauth_flow
        assert flow is not None
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    # --- ChatAdapter: delegated to the poster ----------------------------------------------------

    async def post_alert(
        self, channel: ChannelRef, alert: AlertMessage, *, thread: str | None, key: str
    ) -> str:
        return await self.poster.post_alert(channel, alert, thread=thread, key=key)

    async def post_digest(self, channel: ChannelRef, digest: DigestMessage, *, key: str) -> str:
        return await self.poster.post_digest(channel, digest, key=key)

    async def post_notice(self, channel: ChannelRef, text: str, *, key: str) -> str:
        return await self.poster.post_notice(channel, text, key=key)

    async def find_posted(self, channel: ChannelRef, key: str, *, thread: str | None = None) -> str | None:
        return await self.poster.find_posted(channel, key, thread=thread)

    async def _check_bot_token(self) -> None:
        try:
            auth = await self.client.auth_test(token=self.bot_token)
        except SlackApiError as exc:
            if error_code(exc) in _BAD_TOKEN:
                raise ConfigError(f"SLACK_BOT_TOKEN: rejected by Slack ({error_code(exc)})") from None
            log.warning("slack auth.test failed", extra={"error": error_code(exc)})
            return
        except _NETWORK as exc:
            log.warning("slack unreachable at start", extra={"error": type(exc).__name__})
            return
        self.poster.team_id = auth.get("team_id")
        if self.installations is not None:
            await self._adopt_bot_token(auth.data if isinstance(auth.data, dict) else {})

    async def _adopt_bot_token(self, auth: dict[str, Any]) -> None:
        """With OAuth on, bolt authorizes commands from stored installations only: store the
        SLACK_BOT_TOKEN's own workspace too, so it keeps answering commands there."""
        assert self.installations is not None
        team = auth.get("team_id")
        if not team or await self.installations.async_find_bot(enterprise_id=None, team_id=team):
            return
        await self.installations.async_save(
            Installation(
                team_id=team,
                enterprise_id=auth.get("enterprise_id"),
                user_id=str(auth.get("user_id", "")),
                bot_token=self.bot_token,
                bot_id=auth.get("bot_id"),
                bot_user_id=auth.get("user_id"),
                bot_scopes=list(SCOPES),
            )
        )

    def _oauth_settings(self, oauth: SlackOAuth) -> AsyncOAuthSettings:
        return AsyncOAuthSettings(
            client_id=oauth.client_id,
            client_secret=oauth.client_secret,
            scopes=list(SCOPES),
            user_scopes=[],
            redirect_uri=oauth.redirect_uri,
            installation_store=self.installations,
            installation_store_bot_only=True,
            state_store=SqlOAuthStateStore(oauth.engine),
        )

    def _forget_uninstalled_workspaces(self) -> None:
        store = self.installations
        assert store is not None

        async def forget(body: dict[str, Any]) -> None:
            team = body.get("team_id")
            await store.async_delete_all(enterprise_id=body.get("enterprise_id"), team_id=team)
            log.info("slack app uninstalled; installation removed", extra={"team": team})

        self.app.event("app_uninstalled")(forget)
        self.app.event("tokens_revoked")(forget)
