"""Every command through the platform-independent handlers, including bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.companies import CompanyRegistry
from bot.domain.models import Classification
from bot.jobs.digest import DigestService
from bot.store.stories import NewStory
from handlers import COMMANDS, dispatch
from handlers.base import CommandRequest, HandlerDeps

NOW = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def registry() -> CompanyRegistry:
    return CompanyRegistry.load()


@pytest.fixture
def deps(store, registry) -> HandlerDeps:
    return HandlerDeps(
        store=store, registry=registry, digests=DigestService(store, lambda: NOW), now=lambda: NOW
    )


def req(command: str, args: str = "", channel: str = "C1", **options: str) -> CommandRequest:
    return CommandRequest("slack", "T1", channel, "U1", command, args, options)


async def add_event(store, title: str, c: Classification, key: str) -> int:
    s = NewStory(key, None, "Wire", f"https://n.example/{key}", title, "", NOW - timedelta(hours=2), NOW, c)
    ids = await store.stories.insert_new([s])
    return await store.stories.create_event(ids[key], s, {})


async def test_subscribe_resolves_aliases_and_is_idempotent(deps) -> None:
    reply = await dispatch(req("subscribe", "aws"), deps)
    assert reply.text == "Subscribed this channel to Amazon: AI-talent and AI-investment news."
    again = await dispatch(req("subscribe", "AMZN"), deps)
    assert again.ephemeral and "already follows Amazon" in again.text
    kind = await dispatch(req("subscribe", "amazn talent"), deps)
    assert "Amazon: AI-talent news" in kind.text
    listing = await dispatch(req("subscriptions"), deps)
    assert "Amazon: AI-talent news" in listing.text and "Digest: daily at 09:00 UTC" in listing.text


async def test_discord_style_options_work_the_same(deps) -> None:
    reply = await dispatch(req("subscribe", company="amazon", kind="investment"), deps)
    assert reply.text == "Subscribed this channel to Amazon: AI-investment news."


@pytest.mark.parametrize(
    ("command", "args", "expected"),
    [
        ("subscribe", "", "Which company?"),
        ("subscribe", "zzqxv", "I don't know a company called “zzqxv”"),
        ("subscribe", "open ai labs", "Did you mean: OpenAI"),
        ("subscribe", "x" * 500, "too long"),
        ("talent", "Ünïcødé 🤖", "I don't know a company"),
        ("unsubscribe", "", "Which company?"),
        ("digest", "25:00", "Not a time of day"),
        ("digest", "09:00 Mars/Olympus", "Not an IANA time zone"),
        ("digest", "", "Usage: /digest"),
        ("nonsense", "", "Unknown command"),
    ],
)
async def test_bad_input_gets_a_short_sentence(deps, command: str, args: str, expected: str) -> None:
    reply = await dispatch(req(command, args), deps)
    assert expected in reply.text
    assert reply.ephemeral
    assert len(reply.text) <= 500
    assert "Traceback" not in reply.text


async def test_unsubscribe_one_and_all(deps) -> None:
    await dispatch(req("subscribe", "amazon"), deps)
    await dispatch(req("subscribe", "meta"), deps)
    assert (
        await dispatch(req("unsubscribe", "facebook"), deps)
    ).text == "Unsubscribed this channel from Meta."
    assert "not subscribed to Meta" in (await dispatch(req("unsubscribe", "meta"), deps)).text
    assert "Removed all 1 subscription" in (await dispatch(req("unsubscribe", "all"), deps)).text
    assert "no subscriptions" in (await dispatch(req("subscriptions"), deps)).text


async def test_talent_and_invest_list_recent_events(store, deps) -> None:
    await add_event(
        store, "AWS VP leaves Amazon", Classification(talent=True, companies=("Amazon",), confidence=0.9), "a"
    )
    await add_event(
        store,
        "Amazon invests in Anthropic",
        Classification(investment=True, companies=("Amazon", "Anthropic"), confidence=0.9),
        "b",
    )
    talent = await dispatch(req("talent", "amazon"), deps)
    assert [i.headline for i in talent.items] == ["AWS VP leaves Amazon"]
    assert "involving Amazon" in talent.text
    invest = await dispatch(req("invest"), deps)
    assert [i.headline for i in invest.items] == ["Amazon invests in Anthropic"]
    assert "across all companies" in invest.text
    none = await dispatch(req("talent", "nvidia"), deps)
    assert none.text.startswith("No AI-talent events involving Nvidia") and not none.items


async def test_digest_settings_and_now(store, deps) -> None:
    assert (
        await dispatch(req("digest", "8:30 Europe/Berlin"), deps)
    ).text == "Daily digest set for 08:30 Europe/Berlin."
    await dispatch(req("subscribe", "amazon"), deps)
    assert "daily at 08:30 Europe/Berlin" in (await dispatch(req("subscriptions"), deps)).text
    empty = await dispatch(req("digest", "now"), deps)
    assert empty.digest is None and "Nothing new" in empty.text
    await add_event(
        store, "AWS VP leaves Amazon", Classification(talent=True, companies=("Amazon",), confidence=0.9), "a"
    )
    now = await dispatch(req("digest", "now"), deps)
    assert now.digest is not None
    assert now.digest.sections[0][0] == "Amazon · AI talent"
    assert (await dispatch(req("digest", "off"), deps)).text == "Daily digest turned off for this channel."
    assert "Digest: off" in (await dispatch(req("subscriptions"), deps)).text


async def test_help_lists_every_command(deps) -> None:
    reply = await dispatch(req("talentbot", "help"), deps)
    for command in COMMANDS.values():
        assert command.usage in reply.text
