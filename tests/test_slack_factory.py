"""Which Slack adapter the settings ask for."""

from __future__ import annotations

import pytest

from bot.chat.slack.factory import build_slack_adapter
from bot.errors import ConfigError
from bot.settings import Settings
from tests.fakes.slack_app import COMMANDS, RecordingDispatch


def settings(**env: str) -> Settings:
    return Settings(_env_file=None, **env)  # type: ignore[call-arg]


def build(**env: str):  # type: ignore[no-untyped-def]
    return build_slack_adapter(settings(**env), RecordingDispatch(), COMMANDS, engine=object())


def test_no_slack_settings_no_adapter() -> None:
    assert build() is None


def test_http_mode_needs_the_signing_secret() -> None:
    with pytest.raises(ConfigError, match="^SLACK_SIGNING_SECRET: "):
        build(SLACK_BOT_TOKEN="xoxb-1")
    adapter = build(
        SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", SLACK_API_URL="http://127.0.0.1:1/api"
    )
    assert adapter is not None and adapter.mode == "http"
    assert adapter.client.base_url == "http://127.0.0.1:1/api/"
    assert [r.path for r in adapter.routes()] == ["/slack/events"]


def test_socket_mode_when_the_app_token_is_set() -> None:
    adapter = build(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1")
    assert adapter is not None and adapter.mode == "socket" and adapter.routes() == []


def test_oauth_adds_the_install_routes() -> None:
    adapter = build(SLACK_CLIENT_ID="1.2", SLACK_CLIENT_SECRET="c", SLACK_SIGNING_SECRET="s")
    assert adapter is not None
    assert [r.path for r in adapter.routes()] == ["/slack/events", "/slack/install", "/slack/oauth_redirect"]


def test_half_an_oauth_config_is_refused() -> None:
    with pytest.raises(ConfigError, match="^SLACK_CLIENT_SECRET: "):
        build(SLACK_CLIENT_ID="1.2", SLACK_SIGNING_SECRET="s")


def test_instance_without_the_slack_connection_does_not_connect() -> None:
    adapter = build(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1", TALENTBOT_CONNECTIONS="discord")
    assert adapter is not None and adapter.connect is False
