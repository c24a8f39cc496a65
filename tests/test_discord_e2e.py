"""The Discord adapter wired to the real handlers, company registry and store (as bot/app.py will)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.chat.discord import build_discord_adapter
from bot.chat.discord.adapter import DiscordAdapter
from bot.domain.companies import CompanyRegistry
from bot.jobs.digest import DigestService
from bot.settings import Settings
from handlers import COMMANDS, dispatch
from handlers.base import CommandRequest, HandlerDeps
from tests.fakes.discord_fake import FakeDiscord
from tests.fakes.discord_support import bounded, running_fake
from tests.test_discord_commands import MANAGE_CHANNELS, assert_no_pings, run

NOW = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def registry() -> CompanyRegistry:
    return CompanyRegistry.load()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with running_fake() as fake:
        yield fake
        assert_no_pings(fake)


def build(fake: FakeDiscord, store: object, registry: CompanyRegistry) -> DiscordAdapter:
    deps = HandlerDeps(
        store=store, registry=registry, digests=DigestService(store, lambda: NOW), now=lambda: NOW
    )  # type: ignore[arg-type]

    async def bound(req: CommandRequest):  # type: ignore[no-untyped-def]
        return await dispatch(req, deps)

    settings = Settings(DISCORD_TOKEN="t", DISCORD_API_URL=fake.api_url, DISCORD_GATEWAY_URL=fake.gateway_url)
    adapter = build_discord_adapter(
        settings,
        dispatch=bound,
        commands=COMMANDS,
        complete=registry.complete,
        store=store,  # type: ignore[arg-type]
    )
    adapter.client._connection.guild_ready_timeout = 0.1  # type: ignore[attr-defined]  # no 2 s wait for guilds
    return adapter


@bounded()
async def test_real_handlers_answer_discord_commands(
    fake: FakeDiscord, store: object, registry: CompanyRegistry
) -> None:
    adapter = build(fake, store, registry)
    await adapter.start()
    try:
        subscribed = await run(
            fake, "subscribe", {"company": "aws", "kind": "talent"}, permissions=MANAGE_CHANNELS
        )
        listing = await run(fake, "subscriptions", {})
        unknown = await run(fake, "talent", {"company": "@everyone"})
        choices = await run(fake, "talent", {"company": "amaz"}, focused="company")
        helped = await run(fake, "talentbot", {}, subcommand="help")
        digest_set = await run(
            fake, "digest", {"setting": "09:00 Europe/Berlin"}, permissions=MANAGE_CHANNELS
        )
        digest_now = await run(fake, "digest", {"setting": "now"}, permissions=MANAGE_CHANNELS)
    finally:
        await adapter.stop()
    assert subscribed.body["data"]["content"] == "Subscribed this channel to Amazon: AI-talent news."
    assert "Amazon: AI-talent news" in listing.body["data"]["content"]
    assert "@everyone" not in unknown.body["data"]["content"] and unknown.body["data"]["flags"] & 64
    assert choices.body["data"]["choices"][0]["value"] == "Amazon"
    assert "/subscribe" in helped.body["data"]["content"] and helped.body["data"]["flags"] & 64
    assert digest_set.body["data"]["content"] == "Daily digest set for 09:00 Europe/Berlin."
    assert digest_now.body["type"] == 4 and digest_now.body["data"]["allowed_mentions"] == {"parse": []}


@bounded()
async def test_command_hash_kept_in_the_store(
    fake: FakeDiscord, store: object, registry: CompanyRegistry
) -> None:
    for _ in range(2):
        adapter = build(fake, store, registry)
        await adapter.start()
        await adapter.stop()
    assert len(fake.sent("PUT", r"/commands$")) == 1
    assert await store.get_state("discord.commands_hash")  # type: ignore[attr-defined]
