"""Posting through the real AsyncWebClient: alerts, threads, metadata, retries and error mapping."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from bot.chat.messages import DigestMessage, EventLine
from bot.chat.slack.adapter import SlackAdapter
from bot.domain.models import ChannelRef
from bot.errors import DeliveryError
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_app import COMMANDS, SECRET, WHEN, RecordingDispatch, alert

CHANNEL = ChannelRef(platform="slack", workspace="T1", channel="C1")


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


@pytest.fixture
async def adapter(fake: FakeSlack) -> AsyncIterator[SlackAdapter]:
    slack = SlackAdapter(
        dispatch=RecordingDispatch(),
        commands=COMMANDS,
        bot_token="xoxb-test",
        signing_secret=SECRET,
        api_url=fake.api_url,
        rate_limit_retries=1,
    )
    async with asyncio.timeout(10):
        await slack.start()
    yield slack
    await slack.stop()


async def test_alert_posted_with_url_in_text_metadata_and_no_unfurls(
    fake: FakeSlack, adapter: SlackAdapter
) -> None:
    async with asyncio.timeout(10):
        ts = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    [message] = fake.posted["C1"]
    assert ts == message["ts"]
    assert "https://news.example.com/story?id=1" in message["text"]
    assert "OpenAI research lead joins Amazon" in message["text"]
    assert message["blocks"][0]["type"] == "header"
    assert message["metadata"] == {"event_type": "talentbot_alert", "event_payload": {"key": "alert:1"}}
    assert message["unfurl_links"] is False and message["unfurl_media"] is False
    assert message["link_names"] is False
    assert "thread_ts" not in message
    assert fake.called("chat.postMessage")[0].token == "xoxb-test"


async def test_followup_is_threaded_under_the_first_alert(fake: FakeSlack, adapter: SlackAdapter) -> None:
    async with asyncio.timeout(10):
        first = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
        await adapter.post_alert(
            CHANNEL,
            alert(followup=True, source="Other", url="https://other.example/x"),
            thread=first,
            key="followup:2",
        )
    second = fake.posted["C1"][1]
    assert second["thread_ts"] == first
    assert second["text"].startswith("Also reported by Other:")
    assert "https://other.example/x" in second["text"]


async def test_digest_and_notice_are_posted(fake: FakeSlack, adapter: SlackAdapter) -> None:
    line = EventLine(
        event_id=1,
        headline="H",
        url="https://e.example/1",
        source="S",
        published=WHEN,
        companies=(),
        kinds=(),
    )
    async with asyncio.timeout(10):
        await adapter.post_digest(
            CHANNEL, DigestMessage(title="Daily", sections=(("Talent", (line,)),)), key="d:1"
        )
        await adapter.post_notice(CHANNEL, "Paused <!here>", key="n:1")
    digest, notice = fake.posted["C1"]
    assert "<https://e.example/1|H>" in json.dumps(digest["blocks"])
    assert notice["text"] == "Paused &lt;!here&gt;"


async def test_rate_limit_is_retried_by_slack_sdk(fake: FakeSlack, adapter: SlackAdapter) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=0)
    async with asyncio.timeout(10):
        ts = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    assert len(fake.called("chat.postMessage")) == 2
    assert [m["ts"] for m in fake.posted["C1"]] == [ts]


async def test_rate_limit_past_the_retries_reports_retry_after(
    fake: FakeSlack, adapter: SlackAdapter
) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=0)
    fake.fail("chat.postMessage", status=429, retry_after=0)  # one retry allowed: still limited
    async with asyncio.timeout(10):
        with pytest.raises(DeliveryError) as caught:
            await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    assert caught.value.retry_after == 1.0  # "0" means "now"; the outbox waits at least a second
    assert not caught.value.permanent and not caught.value.channel_gone


@pytest.mark.parametrize(
    "code", ["not_in_channel", "channel_not_found", "is_archived", "account_inactive", "invalid_auth"]
)
async def test_lost_channel_errors_mean_channel_gone(
    fake: FakeSlack, adapter: SlackAdapter, code: str
) -> None:
    fake.fail("chat.postMessage", error=code)
    async with asyncio.timeout(10):
        with pytest.raises(DeliveryError) as caught:
            await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    assert caught.value.channel_gone and code in str(caught.value)


async def test_payload_errors_are_permanent_and_server_errors_retryable(
    fake: FakeSlack, adapter: SlackAdapter
) -> None:
    fake.fail("chat.postMessage", error="invalid_blocks")
    fake.fail("chat.postMessage", status=502, error="bad_gateway")
    async with asyncio.timeout(10):
        with pytest.raises(DeliveryError) as payload:
            await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
        with pytest.raises(DeliveryError) as server:
            await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    assert payload.value.permanent and not payload.value.channel_gone
    assert not server.value.permanent and server.value.retry_after is None


async def test_unreachable_slack_is_retryable() -> None:
    slack = SlackAdapter(
        dispatch=RecordingDispatch(),
        commands=COMMANDS,
        bot_token="xoxb-test",
        signing_secret=SECRET,
        api_url="http://127.0.0.1:9/api/",  # discard port: connection refused
    )
    async with asyncio.timeout(20):
        with pytest.raises(DeliveryError) as caught:
            await slack.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    assert not caught.value.permanent


async def test_find_posted_finds_the_key_in_recent_history(fake: FakeSlack, adapter: SlackAdapter) -> None:
    async with asyncio.timeout(10):
        ts = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
        await adapter.post_notice(CHANNEL, "other", key="notice:5")
        assert await adapter.find_posted(CHANNEL, "alert:1") == ts
        assert await adapter.find_posted(CHANNEL, "alert:2") is None
    history = fake.called("conversations.history")[0].params
    assert str(history["include_all_metadata"]).lower() in ("1", "true") and int(history["limit"]) == 50


async def test_find_posted_looks_for_follow_ups_in_their_thread(
    fake: FakeSlack, adapter: SlackAdapter
) -> None:
    async with asyncio.timeout(10):
        root = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
        reply = await adapter.post_alert(CHANNEL, alert(followup=True), thread=root, key="followup:2")
        assert await adapter.find_posted(CHANNEL, "followup:2") is None  # not a top-level message
        assert await adapter.find_posted(CHANNEL, "followup:2", thread=root) == reply
    assert fake.called("conversations.replies")[0].params["ts"] == root


async def test_find_posted_maps_a_lost_channel(fake: FakeSlack, adapter: SlackAdapter) -> None:
    fake.fail("conversations.history", error="channel_not_found")
    async with asyncio.timeout(10):
        with pytest.raises(DeliveryError) as caught:
            await adapter.find_posted(CHANNEL, "alert:1")
    assert caught.value.channel_gone


async def test_single_workspace_token_is_not_used_for_another_workspace(adapter: SlackAdapter) -> None:
    other = ChannelRef(platform="slack", workspace="T9", channel="C9")
    with pytest.raises(DeliveryError) as caught:
        await adapter.post_alert(other, alert(), thread=None, key="alert:1")
    assert caught.value.channel_gone


async def test_find_posted_without_read_access_cannot_tell(fake: FakeSlack, adapter: SlackAdapter) -> None:
    fake.fail("conversations.history", error="not_in_channel")  # public channel, posted via chat:write.public
    async with asyncio.timeout(10):
        assert await adapter.find_posted(CHANNEL, "alert:1") is None


async def test_long_retry_after_goes_back_to_the_outbox_without_waiting(
    fake: FakeSlack, adapter: SlackAdapter
) -> None:
    fake.fail("chat.postMessage", status=429, retry_after=30)
    async with asyncio.timeout(10):  # slack_sdk would otherwise sleep the full 30 s
        with pytest.raises(DeliveryError) as caught:
            await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    assert caught.value.retry_after == 30.0
    assert len(fake.called("chat.postMessage")) == 1
