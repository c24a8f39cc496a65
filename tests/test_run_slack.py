"""Issue 5, end to end: the real `talentbot run` in Slack HTTP mode against a fake Slack.

A signed `/subscribe amazon` is answered; the next Amazon talent story on the polled feed is posted
to that channel; forged requests get 401 and change nothing; SIGTERM ends the process with 0.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_app import SECRET, command_payload, form, signed_headers
from tests.run_support import FeedServer, Story, talentbot_run

CHANNEL = "C1"  # command_payload's channel
HEADLINE = "Amazon hires OpenAI research lead to run its AGI lab"
STORY_URL = "http://127.0.0.1/news/amazon-hires-openai-research-lead"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


async def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as resp:
        return resp.status, await resp.text()


def alerts_with(fake: FakeSlack, text: str) -> list[dict]:
    return [m for m in fake.posted.get(CHANNEL, []) if text in str(m.get("text", ""))]


async def test_talentbot_run_answers_subscribe_then_posts_the_next_amazon_story(
    fake: FakeSlack, tmp_path: Path
) -> None:
    async with FeedServer() as feed:
        feed.stories.append(
            Story("Local bakery wins award for sourdough", "http://127.0.0.1/news/bakery", "Bread.")
        )
        async with asyncio.timeout(120):
            async with talentbot_run(
                tmp_path,
                feed.url,
                SLACK_BOT_TOKEN="xoxb-test",
                SLACK_SIGNING_SECRET=SECRET,
                SLACK_API_URL=fake.api_url,
            ) as bot:
                events = f"{bot.url}/slack/events"

                body = form(command_payload("subscribe", "amazon", fake.response_url("subscribe")))
                status, ack = await post(events, body, signed_headers(body))
                assert status == 200, ack
                await fake.wait_for(lambda: fake.responses, within=30)
                reply = fake.responses[0]
                # The ack is empty; the confirmation follows through response_url, in the channel.
                assert "Subscribed this channel to Amazon" in ack + reply["text"], (ack, reply)

                # Forged and stale requests: 401, and no command runs (an /unsubscribe that ran
                # would stop the alert below from ever arriving).
                forged = form(command_payload("unsubscribe", "all", fake.response_url("forged")))
                status, _ = await post(events, forged, signed_headers(forged, secret="wrong"))
                assert status == 401
                status, _ = await post(events, forged, signed_headers(forged, ts=1_700_000_000))
                assert status == 401

                # The source's first poll is silent by contract: the story appears after it.
                async with asyncio.timeout(30):
                    await feed.wait_served(1)
                feed.stories.append(
                    Story(
                        HEADLINE,
                        STORY_URL,
                        "Amazon has hired a senior OpenAI researcher to lead its artificial "
                        "general intelligence team.",
                    )
                )
                await fake.wait_for(lambda: alerts_with(fake, STORY_URL), within=30)

                code = await bot.terminate()
            assert code == 0, bot.log()
    assert bot.source_names() == ["Local AI news"]  # no Google News feed for the subscription

    [alert] = alerts_with(fake, STORY_URL)
    assert HEADLINE in alert["text"]
    assert fake.called("chat.postMessage")[0].token == "xoxb-test"
    assert [r["text"] for r in fake.responses] == [reply["text"]]  # nothing answered the forgeries
    assert all(HEADLINE not in str(m.get("text")) for m in fake.posted[CHANNEL] if m is not alert)
    log = bot.log()
    assert "Traceback" not in log
    assert log.count("slack request refused") == 2 and "legacy-verification-token" not in log
