"""Slash commands through the real slack-bolt: HTTP mode (signed requests) and Socket Mode."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.chat.slack.adapter import SlackAdapter
from bot.chat.slack.commands import SORRY
from bot.errors import UsageError
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_app import (
    COMMANDS,
    NAMES,
    SECRET,
    LocalServer,
    RecordingDispatch,
    command_payload,
    form,
    signed_headers,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


def http_adapter(fake: FakeSlack, dispatch: RecordingDispatch) -> SlackAdapter:
    return SlackAdapter(
        dispatch=dispatch,
        commands=COMMANDS,
        bot_token="xoxb-test",
        signing_secret=SECRET,
        api_url=fake.api_url,
    )


async def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as resp:
        return resp.status, await resp.text()


@pytest.mark.parametrize("name", NAMES)
async def test_http_command_acks_then_answers_through_response_url(fake: FakeSlack, name: str) -> None:
    dispatch = RecordingDispatch()
    adapter = http_adapter(fake, dispatch)
    async with asyncio.timeout(10):
        await adapter.start()
        async with LocalServer(adapter.routes()) as server:
            body = form(command_payload(name, " amazon ", fake.response_url()))
            status, text = await post(f"{server.url}/slack/events", body, signed_headers(body))
            assert status == 200 and text == ""  # an empty ack: the answer follows via response_url
            await fake.wait_for(lambda: fake.responses)
        await adapter.stop()
    [request] = dispatch.requests
    assert (request.platform, request.workspace, request.channel, request.user) == ("slack", "T1", "C1", "U1")
    assert (request.command, request.args) == (name, "amazon")
    [answer] = fake.responses
    assert f"ok {name} amazon" in answer["text"]
    assert answer["response_type"] == ("ephemeral" if name == "talentbot" else "in_channel")
    assert "<https://news.example.com/1|Amazon hires OpenAI lead>" in json.dumps(answer["blocks"])


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: signed_headers(body, secret="wrong"), id="forged"),
        pytest.param(lambda body: signed_headers(body, ts=int(time.time()) - 6 * 60), id="stale"),
        pytest.param(lambda body: {"Content-Type": "application/x-www-form-urlencoded"}, id="unsigned"),
    ],
)
async def test_bad_signature_is_refused_and_nothing_runs(fake: FakeSlack, headers) -> None:  # type: ignore[no-untyped-def]
    dispatch = RecordingDispatch()
    adapter = http_adapter(fake, dispatch)
    async with asyncio.timeout(10), LocalServer(adapter.routes()) as server:
        body = form(command_payload("subscribe", "amazon", fake.response_url()))
        status, _ = await post(f"{server.url}/slack/events", body, headers(body))
        await asyncio.sleep(0.2)  # give a wrongly started listener the chance to show itself
    assert status == 401
    assert dispatch.requests == [] and fake.responses == []


async def test_handler_exception_gets_a_polite_ephemeral_answer(
    fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    adapter = http_adapter(fake, RecordingDispatch(raises=RuntimeError("db down")))
    async with asyncio.timeout(10), LocalServer(adapter.routes()) as server:
        body = form(command_payload("talent", "amazon", fake.response_url()))
        with caplog.at_level(logging.ERROR):
            status, _ = await post(f"{server.url}/slack/events", body, signed_headers(body))
            await fake.wait_for(lambda: fake.responses)
    assert status == 200
    [answer] = fake.responses
    assert answer["text"] == SORRY and answer["response_type"] == "ephemeral"
    record = next(r for r in caplog.records if r.getMessage() == "slash command failed")
    assert record.command == "talent" and record.channel == "C1"  # type: ignore[attr-defined]
    assert "legacy-verification-token" not in caplog.text


async def test_usage_error_is_shown_to_the_caller_only(fake: FakeSlack) -> None:
    adapter = http_adapter(fake, RecordingDispatch(raises=UsageError("Unknown company <!channel>.")))
    async with asyncio.timeout(10), LocalServer(adapter.routes()) as server:
        body = form(command_payload("subscribe", "zzz", fake.response_url()))
        await post(f"{server.url}/slack/events", body, signed_headers(body))
        await fake.wait_for(lambda: fake.responses)
    [answer] = fake.responses
    assert answer["response_type"] == "ephemeral"
    assert answer["text"] == "Unknown company &lt;!channel&gt;."


@pytest.mark.parametrize("name", NAMES)
async def test_socket_mode_command(fake: FakeSlack, name: str) -> None:
    dispatch = RecordingDispatch()
    adapter = SlackAdapter(
        dispatch=dispatch,
        commands=COMMANDS,
        bot_token="xoxb-test",
        app_token="xapp-1-test",
        api_url=fake.api_url,
    )
    async with asyncio.timeout(15):
        await adapter.start()
        try:
            assert adapter.healthy
            assert adapter.routes() == []  # nothing to mount in Socket Mode
            ack = await fake.send_envelope(
                "slash_commands", command_payload(name, "aws", fake.response_url()), envelope_id=f"env-{name}"
            )
            await fake.wait_for(lambda: fake.responses)
        finally:
            await adapter.stop()
    assert ack == {"envelope_id": f"env-{name}"}
    assert fake.called("apps.connections.open")[0].token == "xapp-1-test"  # through SLACK_API_URL
    assert [r.command for r in dispatch.requests] == [name]
    assert f"ok {name} aws" in fake.responses[0]["text"]
    assert not adapter.healthy


async def test_rejected_app_token_is_a_config_error(fake: FakeSlack) -> None:
    from bot.errors import ConfigError

    adapter = SlackAdapter(
        dispatch=RecordingDispatch(),
        commands=COMMANDS,
        bot_token="xoxb-test",
        app_token="bad",
        api_url=fake.api_url,
    )
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        async with asyncio.timeout(10):
            await adapter.start()
    await adapter.stop()


async def test_rejected_bot_token_is_a_config_error(fake: FakeSlack) -> None:
    from bot.errors import ConfigError

    adapter = SlackAdapter(
        dispatch=RecordingDispatch(),
        commands=COMMANDS,
        bot_token="xoxb-nope",
        signing_secret=SECRET,
        api_url=fake.api_url,
    )
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN: rejected by Slack \\(invalid_auth\\)"):
        async with asyncio.timeout(10):
            await adapter.start()
