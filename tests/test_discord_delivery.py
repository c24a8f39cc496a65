"""Alerts, follow-up threads, digests and failures through the real discord.py against the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import discord
import pytest

from bot.chat.discord import build_discord_adapter, invite_url
from bot.chat.discord.adapter import DiscordAdapter, nonce_for
from bot.chat.messages import AlertMessage, DigestMessage, EventLine
from bot.domain.models import ChannelRef
from bot.errors import ConfigError, DeliveryError
from bot.settings import Settings
from tests.fakes.discord_fake import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.fakes.discord_support import COMMANDS, Recorder, bounded, complete, running_adapter, running_fake
from tests.test_discord_commands import assert_no_pings
from tests.test_discord_render import NASTY, assert_inert, strings

CHANNEL = ChannelRef(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))
WHEN = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def alert(headline: str = "Amazon hires OpenAI researcher @everyone", **changes: object) -> AlertMessage:
    base = dict(
        alert_id=1, event_id=7, kinds=("talent",), event_type="hire", headline=headline,
        url="https://news.example/amazon-hires", summary="Summary <@123>.", source="TechCrunch",
        published=WHEN, companies=("Amazon",), why="hires",
    )  # fmt: skip
    base.update(changes)
    return AlertMessage(**base)  # type: ignore[arg-type]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with running_fake() as fake:
        yield fake
        assert_no_pings(fake)


@pytest.fixture
async def adapter(fake: FakeDiscord) -> AsyncIterator[DiscordAdapter]:
    async with running_adapter(fake) as adapter:
        yield adapter


@bounded()
async def test_alert_posted_as_embed_with_story_url(fake: FakeDiscord, adapter: DiscordAdapter) -> None:
    message_id = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    (post,) = fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages$")
    embed = post.body["embeds"][0]
    assert embed["url"] == "https://news.example/amazon-hires"
    assert embed["title"] == "Amazon hires OpenAI researcher @\u200beveryone"
    assert post.body["nonce"] == nonce_for("alert:1") and post.body["enforce_nonce"] is True
    assert post.body["allowed_mentions"] == {"parse": []}
    assert message_id == str(fake.messages[int(message_id)]["id"])


@bounded()
async def test_feed_text_is_inert_on_the_wire(fake: FakeDiscord, adapter: DiscordAdapter) -> None:
    nasty = " ".join(NASTY)
    nasty_alert = alert(headline=nasty, summary=nasty, why=nasty, source=nasty, people=(nasty,), amount=nasty)
    await adapter.post_alert(CHANNEL, nasty_alert, thread=None, key="alert:1")
    await adapter.post_notice(CHANNEL, nasty, key="notice:1")
    for post in fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages$"):
        for text in strings(post.body):
            if text not in ("https://news.example/amazon-hires", post.body["nonce"]):
                assert_inert(text)


@bounded()
async def test_same_key_posts_once(fake: FakeDiscord, adapter: DiscordAdapter) -> None:
    first = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:9")
    again = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:9")
    assert first == again and len(fake.messages) == 1  # the fake dedupes enforced nonces like Discord


@bounded()
async def test_followups_go_into_a_thread_on_the_first_alert(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    first = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    second = await adapter.post_alert(
        CHANNEL, alert(source="Reuters", followup=True), thread=first, key="alert:2"
    )
    third = await adapter.post_alert(
        CHANNEL, alert(source="Bloomberg", followup=True), thread=first, key="alert:3"
    )
    (start,) = fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages/{first}/threads$")
    assert start.body["name"].startswith("Amazon hires OpenAI researcher")
    assert fake.threads == {int(first): CHANNEL_ID}
    in_thread = fake.sent("POST", rf"^/channels/{first}/messages$")
    assert {m.body["nonce"] for m in in_thread} >= {nonce_for("alert:2"), nonce_for("alert:3")}
    assert fake.messages[int(second)]["channel_id"] == first == fake.messages[int(third)]["channel_id"]
    assert len(fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages$")) == 1  # never a new top-level post


@bounded()
async def test_followup_when_first_alert_was_deleted_is_dropped(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    with pytest.raises(DeliveryError) as info:
        await adapter.post_alert(CHANNEL, alert(followup=True), thread="4242", key="alert:5")
    assert info.value.permanent and not info.value.channel_gone


@bounded()
async def test_forbidden_thread_drops_the_followup_without_pausing(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    first = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    await adapter.post_alert(CHANNEL, alert(followup=True), thread=first, key="alert:2")
    fake.forbidden.add(int(first))  # e.g. the thread was locked
    with pytest.raises(DeliveryError) as info:
        await adapter.post_alert(CHANNEL, alert(followup=True), thread=first, key="alert:3")
    assert info.value.permanent and not info.value.channel_gone


@bounded()
async def test_followup_when_the_channel_is_gone(fake: FakeDiscord, adapter: DiscordAdapter) -> None:
    first = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    fake.channels.discard(CHANNEL_ID)
    with pytest.raises(DeliveryError) as info:
        await adapter.post_alert(CHANNEL, alert(followup=True), thread=first, key="alert:2")
    assert info.value.channel_gone


@bounded()
async def test_429_is_retried_by_discord_py(fake: FakeDiscord, adapter: DiscordAdapter) -> None:
    fake.rate_limit_next("POST", rf"/channels/{CHANNEL_ID}/messages$", retry_after=0.05)
    message_id = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    posts = fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages$")
    assert len(posts) == 2 and posts[0].body == posts[1].body and int(message_id) in fake.messages


@bounded()
async def test_long_429_becomes_retry_after(fake: FakeDiscord, adapter: DiscordAdapter) -> None:
    fake.rate_limit_next("POST", rf"/channels/{CHANNEL_ID}/messages$", retry_after=600)
    with pytest.raises(DeliveryError) as info:
        await adapter.post_notice(CHANNEL, "hello", key="notice:1")
    assert info.value.retry_after == 600 and not info.value.permanent


@pytest.mark.parametrize(
    ("status", "code", "gone", "permanent"),
    [(403, 50001, True, True), (404, 10003, True, True), (400, 50035, False, True), (503, 0, False, False)],
)
@bounded()
async def test_failures_are_classified(
    fake: FakeDiscord, adapter: DiscordAdapter, status: int, code: int, gone: bool, permanent: bool
) -> None:
    # 503 is not among the statuses discord.py retries itself (500/502/504/524 are, with long sleeps).
    fake.fail_next("POST", r"/messages$", status, {"message": "no", "code": code})
    with pytest.raises(DeliveryError) as info:
        await adapter.post_notice(CHANNEL, "hello", key="notice:1")
    assert (info.value.channel_gone, info.value.permanent) == (gone, permanent)


@bounded()
async def test_channel_gone_for_real_missing_and_forbidden_channels(
    fake: FakeDiscord, adapter: DiscordAdapter
) -> None:
    fake.forbidden.add(CHANNEL_ID)
    for channel in (str(CHANNEL_ID), "777"):
        with pytest.raises(DeliveryError) as info:
            await adapter.post_alert(
                CHANNEL.model_copy(update={"channel": channel}), alert(), thread=None, key="a:1"
            )
        assert info.value.channel_gone


@bounded()
async def test_digest_and_notice(fake: FakeDiscord, adapter: DiscordAdapter) -> None:
    line = EventLine(
        event_id=1, headline="Anthropic raises $2B", url="https://news.example/x", source="Reuters",
        published=WHEN, companies=("Anthropic",), kinds=("investment",),
    )  # fmt: skip
    digest = DigestMessage(title="Daily digest", sections=(("Investment", (line,)),))
    await adapter.post_digest(CHANNEL, digest, key="digest:1")
    await adapter.post_notice(CHANNEL, "Paused: @here", key="notice:1")
    digest_post, notice_post = fake.sent("POST", rf"^/channels/{CHANNEL_ID}/messages$")
    assert [e["title"] for e in digest_post.body["embeds"]] == ["Daily digest", "Investment"]
    assert "(https://news.example/x)" in digest_post.body["embeds"][1]["description"]
    assert notice_post.body["content"] == "Paused: @\u200bhere"


@bounded()
async def test_delivery_without_the_gateway(fake: FakeDiscord) -> None:
    async with running_adapter(fake, hold_gateway=False) as adapter:
        assert adapter.healthy
        message_id = await adapter.post_alert(CHANNEL, alert(), thread=None, key="alert:1")
    assert int(message_id) in fake.messages
    assert fake.sockets == [] and not fake.sent("PUT", "/commands")  # no gateway, no command sync


@pytest.mark.parametrize("how", [{"shard_count": 1}, {"sharded": True}])
@bounded()
async def test_sharded_client_identifies_with_shard(fake: FakeDiscord, how: dict[str, object]) -> None:
    async with running_adapter(fake, **how) as adapter:
        assert isinstance(adapter.client, discord.AutoShardedClient) and adapter.healthy
    (identify,) = [f for f in fake.gateway_frames if f["op"] == 2]
    assert identify["d"]["shard"] == [0, 1]
    # Without a count discord.py asks Discord how many shards (and where); with one it dials directly.
    assert bool(fake.sent("GET", r"^/gateway/bot$")) is ("sharded" in how)


class StateStub:
    def __init__(self) -> None:
        self.state: dict[str, str] = {}

    async def get_state(self, key: str) -> str | None:
        return self.state.get(key)

    async def set_state(self, key: str, value: str) -> None:
        self.state[key] = value


@bounded()
async def test_factory_from_settings(fake: FakeDiscord) -> None:
    settings = Settings(
        DISCORD_TOKEN="secret-token", DISCORD_API_URL=fake.api_url, DISCORD_GATEWAY_URL=fake.gateway_url
    )
    store = StateStub()
    adapter = build_discord_adapter(
        settings,
        dispatch=Recorder(),
        commands=COMMANDS,
        complete=complete,
        store=store,  # type: ignore[arg-type]
        guild_ready_timeout=0.1,
    )
    await adapter.start()
    try:
        assert adapter.healthy and adapter.synced is True
        assert set(store.state) == {"discord.commands_hash"}
    finally:
        await adapter.stop()
    assert not adapter.healthy
    with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
        build_discord_adapter(
            settings.model_copy(update={"discord_token": None}),
            dispatch=Recorder(),
            commands=COMMANDS,
            complete=complete,
        )


def test_invite_url_asks_for_minimal_permissions() -> None:
    url = invite_url(123)
    assert "client_id=123" in url and "scope=bot+applications.commands" in url
    assert (
        "permissions=309237730304" in url
    )  # view, send, embed links, public threads, send in threads, history
