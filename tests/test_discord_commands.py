"""Application commands through the real discord.py against the fake REST API + gateway."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.chat.discord.commands import REFUSED
from tests.fakes.discord_fake import CHANNEL_ID, GUILD_ID, USER_ID, FakeDiscord, Recorded
from tests.fakes.discord_support import HashBox, Recorder, bounded, running_adapter, running_fake

MANAGE_CHANNELS = 1 << 4


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with running_fake() as fake:
        yield fake
        assert_no_pings(fake)


def assert_no_pings(fake: FakeDiscord) -> None:
    """Every message and every message-bearing interaction response carried allowed_mentions none.

    (A deferred "thinking" response (type 5) and autocomplete choices (type 8) carry no message.)
    """
    for r in fake.requests:
        if r.method == "POST" and r.path.endswith("/messages") or r.path.startswith("/webhooks/"):
            assert r.body["allowed_mentions"] == {"parse": []}, r
        if r.path.endswith("/callback") and r.body["type"] in (4, 7):
            assert r.body["data"]["allowed_mentions"] == {"parse": []}, r


def callback(fake: FakeDiscord, iid: str) -> Recorded | None:
    found = [
        r
        for r in fake.requests
        if r.path.startswith(f"/interactions/{iid}/") and r.path.endswith("/callback")
    ]
    return found[-1] if found else None


async def run(fake: FakeDiscord, name: str, options: dict[str, str] | None = None, **kw: object) -> Recorded:
    iid = await fake.interact(name, options, **kw)  # type: ignore[arg-type]
    return await fake.wait_for(lambda f: callback(f, iid))


@bounded()
async def test_commands_synced_with_contract_options(fake: FakeDiscord) -> None:
    async with running_adapter(fake) as adapter:
        assert adapter.synced is True
    (put,) = fake.sent("PUT", r"/applications/\d+/commands$")
    commands = {c["name"]: c for c in put.body}
    assert set(commands) == {
        "talent",
        "invest",
        "subscribe",
        "unsubscribe",
        "subscriptions",
        "digest",
        "talentbot",
    }
    subscribe = {o["name"]: o for o in commands["subscribe"]["options"]}
    assert subscribe["company"]["required"] is True and subscribe["company"]["autocomplete"] is True
    assert [c["value"] for c in subscribe["kind"]["choices"]] == ["talent", "investment", "all"]
    assert subscribe["kind"].get("required", False) is False
    assert commands["talent"]["options"][0]["required"] is False
    assert commands["digest"]["options"][0]["name"] == "setting"
    assert commands["talentbot"]["options"][0] == {
        **commands["talentbot"]["options"][0],
        "name": "help",
        "type": 1,
    }
    for name in ("subscribe", "unsubscribe", "digest"):
        assert commands[name]["default_member_permissions"] in (
            MANAGE_CHANNELS,
            str(MANAGE_CHANNELS),
        )  # discord.py sends an int
    for name in ("talent", "invest", "subscriptions"):
        assert commands[name]["default_member_permissions"] is None
    assert all(
        c["contexts"] == [0] and c["dm_permission"] is False for c in commands.values()
    )  # servers only


@bounded()
async def test_sync_skipped_when_hash_unchanged(fake: FakeDiscord) -> None:
    box = HashBox()
    async with running_adapter(fake, box=box) as first:
        assert first.synced is True
    async with running_adapter(fake, box=box) as second:
        assert second.synced is False
    assert len(fake.sent("PUT", r"/commands$")) == 1 and box.saves == 1


@bounded()
async def test_test_guild_sync(fake: FakeDiscord) -> None:
    async with running_adapter(fake, test_guild=GUILD_ID):
        pass
    assert fake.sent("PUT", rf"/guilds/{GUILD_ID}/commands$") and not fake.sent(
        "PUT", r"/applications/\d+/commands$"
    )


CASES = [
    ("talent", {"company": "amazon"}, None, "amazon"),
    ("talent", {}, None, ""),
    ("invest", {"company": "AMZN"}, None, "AMZN"),
    ("subscribe", {"company": "amazon", "kind": "talent"}, None, "amazon talent"),
    ("subscribe", {"company": "amazon"}, None, "amazon"),
    ("unsubscribe", {"company": "all"}, None, "all"),
    ("subscriptions", {}, None, ""),
    ("digest", {"setting": "09:00 Europe/Berlin"}, None, "09:00 Europe/Berlin"),
    ("talentbot", {}, "help", "help"),
]


@bounded()
async def test_each_command_reaches_dispatch(fake: FakeDiscord) -> None:
    recorder = Recorder()
    async with running_adapter(fake, dispatch=recorder):
        for name, options, sub, args in CASES:
            response = await run(fake, name, options, subcommand=sub, permissions=MANAGE_CHANNELS)
            req = recorder.requests[-1]
            assert (req.platform, req.workspace, req.channel, req.user) == (
                "discord", str(GUILD_ID), str(CHANNEL_ID), str(USER_ID),
            )  # fmt: skip
            assert (req.command, req.args, req.options) == (name, args, options)
            assert response.body["type"] == 4
            data = response.body["data"]
            assert data["content"].startswith(f"ok {name}") and "@everyone" not in data["content"]
            assert bool(data.get("flags", 0) & 64) is (name == "talentbot")  # help is ephemeral


@bounded()
async def test_autocomplete_answers_from_registry(fake: FakeDiscord) -> None:
    async with running_adapter(fake):
        response = await run(fake, "subscribe", {"company": "a"}, focused="company")
    assert response.body["type"] == 8
    assert [c["value"] for c in response.body["data"]["choices"]] == ["Amazon", "Anthropic", "Apple"]


@bounded()
async def test_unsubscribe_autocomplete_offers_all_first(fake: FakeDiscord) -> None:
    async with running_adapter(fake):
        response = await run(fake, "unsubscribe", {"company": "a"}, focused="company")
    assert [c["value"] for c in response.body["data"]["choices"]] == ["all", "Amazon", "Anthropic", "Apple"]


@bounded()
async def test_settings_command_refused_without_manage_channels(fake: FakeDiscord) -> None:
    recorder = Recorder()
    async with running_adapter(fake, dispatch=recorder):
        response = await run(fake, "subscribe", {"company": "amazon"}, permissions=0)
        allowed = await run(fake, "talent", {"company": "amazon"}, permissions=0)
    assert response.body["data"]["content"] == REFUSED and response.body["data"]["flags"] & 64
    assert [r.command for r in recorder.requests] == ["talent"] and allowed.body["type"] == 4


@bounded()
async def test_administrator_may_change_settings(fake: FakeDiscord) -> None:
    recorder = Recorder()
    async with running_adapter(fake, dispatch=recorder):
        response = await run(fake, "digest", {"setting": "off"}, permissions=1 << 3)  # ADMINISTRATOR only
    assert response.body["data"]["content"].startswith("ok digest off")
    assert [r.command for r in recorder.requests] == ["digest"]


@bounded()
async def test_permission_check_can_be_turned_off(fake: FakeDiscord) -> None:
    async with running_adapter(fake, settings_permission=None) as adapter:
        response = await run(fake, "subscribe", {"company": "amazon"}, permissions=0)
        assert response.body["data"]["content"].startswith("ok subscribe amazon")
        payload = {c.name: c.to_dict(adapter.tree) for c in adapter.tree.get_commands()}
    assert payload["subscribe"]["default_member_permissions"] is None


@bounded()
async def test_slow_handler_is_deferred_then_followed_up(fake: FakeDiscord) -> None:
    gate = asyncio.Event()
    async with running_adapter(fake, dispatch=Recorder(gate), defer_after=0.05):
        iid = await fake.interact("talent", {"company": "amazon"})
        deferred = await fake.wait_for(lambda f: callback(f, iid))
        assert deferred.body["type"] == 5 and deferred.body["data"]["flags"] & 64  # "thinking…", ephemeral
        gate.set()  # the handler finishes only now
        followup = await fake.wait_for(lambda f: f.sent("POST", r"^/webhooks/"))
    assert followup[0].body["content"].startswith("ok talent amazon")


@bounded()
async def test_command_works_after_gateway_reconnect(fake: FakeDiscord) -> None:
    async with running_adapter(fake) as adapter:
        await fake.drop_connection()
        await fake.wait_for(lambda f: f.resumes == 1)
        response = await run(fake, "talent", {"company": "amazon"})
        assert response.body["type"] == 4 and adapter.healthy
    assert fake.identifies == 1 and len(fake.sockets) == 2
    assert fake.compressed == [True, True]  # zlib-stream frames, as from Discord
