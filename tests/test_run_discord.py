"""Issue 6, end to end: the real `talentbot run` against a fake Discord (REST + gateway).

`/subscribe company:amazon` from a member with Manage Channels is answered; the next Amazon talent
story on the polled feed arrives in that channel as an embed linking the story, pinging nobody;
SIGTERM ends the process with 0.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.discord_fake import CHANNEL_ID, FakeDiscord, Recorded
from tests.run_support import FeedServer, Story, eventually, talentbot_run
from tests.test_discord_commands import MANAGE_CHANNELS, assert_no_pings, callback

HEADLINE = "Amazon poaches Google DeepMind scientist Jane Doe as head of AI research"
STORY_URL = "http://127.0.0.1/news/amazon-poaches-deepmind-scientist"


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def alerts_to(fake: FakeDiscord, url: str) -> list[Recorded]:
    return [
        r
        for r in fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages$")
        if any(e.get("url") == url for e in (r.body or {}).get("embeds") or [])
    ]


def answer_to(fake: FakeDiscord, iid: str) -> dict[str, Any] | None:
    """The interaction's answer: the response itself, or the follow-up after a deferral."""
    response = callback(fake, iid)
    if response is None:
        return None
    if response.body["type"] == 4:
        return response.body["data"]
    assert response.body["type"] == 5, response.body  # "thinking…": the handler took a while
    followups = fake.sent("POST", rf"^/webhooks/\d+/token-{iid}$")
    return followups[0].body if followups else None


async def interaction(fake: FakeDiscord, name: str, options: dict[str, str], **kw: Any) -> dict[str, Any]:
    iid = await fake.interact(name, options, **kw)
    return await eventually(lambda: fake.wait_for(lambda f: answer_to(f, iid)))


async def test_talentbot_run_answers_subscribe_then_posts_the_next_amazon_story(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    async with FeedServer() as feed:
        feed.stories.append(
            Story("Local bakery wins award for sourdough", "http://127.0.0.1/news/bakery", "Bread.")
        )
        async with asyncio.timeout(120):
            async with talentbot_run(
                tmp_path,
                feed.url,
                DISCORD_TOKEN="test-token",
                DISCORD_API_URL=fake.api_url,
                DISCORD_GATEWAY_URL=fake.gateway_url,
            ) as bot:
                assert fake.identifies >= 1  # healthy means the bot holds the gateway

                refused = await interaction(fake, "subscribe", {"company": "amazon"})
                subscribed = await interaction(
                    fake, "subscribe", {"company": "amazon"}, permissions=MANAGE_CHANNELS
                )
                assert refused["flags"] & 64  # ephemeral: the caller lacks Manage Channels
                assert "Manage Channels" in refused["content"]
                assert refused["allowed_mentions"] == subscribed["allowed_mentions"] == {"parse": []}
                assert (
                    subscribed["content"]
                    == "Subscribed this channel to Amazon: AI-talent and AI-investment news."
                )

                # The source's first poll is silent by contract: the story appears after it.
                async with asyncio.timeout(30):
                    await feed.wait_served(1)
                feed.stories.append(
                    Story(HEADLINE, STORY_URL, "Amazon has hired Jane Doe from Google DeepMind.")
                )
                await eventually(lambda: fake.wait_for(lambda f: alerts_to(f, STORY_URL)))

                code = await bot.terminate()
            assert code == 0, bot.log()
    assert bot.source_names() == ["Local AI news"]  # no Google News feed for the subscription

    [alert] = alerts_to(fake, STORY_URL)
    [embed] = alert.body["embeds"]
    assert embed["title"] == HEADLINE
    assert alert.body["allowed_mentions"] == {"parse": []}
    assert_no_pings(fake)
    posts = fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages$")
    assert posts == [alert]  # the bakery story and re-polls posted nothing
    assert "Traceback" not in bot.log()
