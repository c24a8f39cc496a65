"""Build the Slack adapter from settings (what `bot/app.py` calls); None when Slack is not configured."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.chat.slack.adapter import SlackAdapter, SlackOAuth
from bot.chat.slack.commands import Dispatch
from bot.errors import ConfigError
from bot.settings import Settings
from handlers.base import Command


def build_slack_adapter(
    settings: Settings,
    dispatch: Dispatch,
    commands: Mapping[str, Command],
    *,
    engine: Any = None,
) -> SlackAdapter | None:
    """`engine` (the store's AsyncEngine) is needed only for OAuth (SLACK_CLIENT_ID/SECRET)."""
    bot_token = _secret(settings.slack_bot_token)
    client_secret = _secret(settings.slack_client_secret)
    oauth = None
    if settings.slack_client_id and client_secret:
        if engine is None:
            raise ConfigError("SLACK_CLIENT_ID: OAuth installs need the database; no engine was given")
        oauth = SlackOAuth(settings.slack_client_id, client_secret, engine)
    elif settings.slack_client_id or client_secret:
        missing = "SLACK_CLIENT_SECRET" if settings.slack_client_id else "SLACK_CLIENT_ID"
        raise ConfigError(f"{missing}: required together with the other for OAuth installs")
    if bot_token is None and oauth is None:
        return None
    return SlackAdapter(
        dispatch=dispatch,
        commands=commands,
        bot_token=bot_token,
        signing_secret=_secret(settings.slack_signing_secret),
        app_token=_secret(settings.slack_app_token),
        api_url=settings.slack_api_url,
        oauth=oauth,
        connect=settings.holds_connection("slack"),
    )


def _secret(value: Any) -> str | None:
    if value is None:
        return None
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
    return text.strip() or None
