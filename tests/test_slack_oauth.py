"""Installs for many workspaces: the OAuth flow through slack-bolt, installations in our database."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.chat.slack.adapter import SlackAdapter, SlackOAuth
from bot.chat.slack.installations import SqlInstallationStore, SqlOAuthStateStore
from bot.domain.models import ChannelRef
from bot.errors import DeliveryError
from bot.store.db import Database, upgrade_sync
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_app import (
    COMMANDS,
    SECRET,
    LocalServer,
    RecordingDispatch,
    alert,
    command_payload,
    form,
    signed_headers,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    url = f"sqlite:///{tmp_path / 'slack.db'}"
    await asyncio.to_thread(upgrade_sync, url)  # migrations 0001 + 0002
    database = Database(url)
    yield database
    await database.dispose()


async def get(url: str, cookie: str = "") -> tuple[int, str, str]:
    headers = {"Cookie": cookie} if cookie else {}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as resp:
        return resp.status, await resp.text(), resp.headers.get("Set-Cookie", "")


async def test_oauth_install_is_stored_and_its_token_used_for_that_workspace(
    fake: FakeSlack, db: Database
) -> None:
    dispatch = RecordingDispatch()
    adapter = SlackAdapter(
        dispatch=dispatch,
        commands=COMMANDS,
        signing_secret=SECRET,
        api_url=fake.api_url,
        oauth=SlackOAuth("111.222", "client-secret", db.engine),
    )
    async with asyncio.timeout(15):
        await adapter.start()
        async with LocalServer(adapter.routes()) as server:
            status, page, set_cookie = await get(f"{server.url}/slack/install")
            assert status == 200 and "slack.com/oauth/v2/authorize" in page
            state = re.search(r"slack-app-oauth-state=([^;]+)", set_cookie).group(1)  # type: ignore[union-attr]
            assert f"state={state}" in page and "scope=chat%3Awrite" in page.replace(":", "%3A")

            status, _, _ = await get(
                f"{server.url}/slack/oauth_redirect?code=good-code&state={state}",
                cookie=f"slack-app-oauth-state={state}",
            )
            assert status == 200
            assert fake.called("oauth.v2.access")[0].params["code"] == "good-code"

            # The stored workspace's own token posts to its channels...
            ts = await adapter.post_alert(
                ChannelRef(platform="slack", workspace="T2", channel="C2"),
                alert(),
                thread=None,
                key="alert:1",
            )
            assert fake.called("chat.postMessage")[-1].token == "xoxb-installed" and ts
            # ...and answers its slash commands.
            body = form(command_payload("subscribe", "amazon", fake.response_url(), team="T2"))
            async with aiohttp.ClientSession() as session:
                async with session.post(
                    f"{server.url}/slack/events", data=body, headers=signed_headers(body)
                ) as r:
                    assert r.status == 200
            await fake.wait_for(lambda: fake.responses)
            assert dispatch.requests[0].workspace == "T2"

            # A workspace that never installed the app has no token: the channel is gone for us.
            with pytest.raises(DeliveryError) as caught:
                await adapter.post_alert(
                    ChannelRef(platform="slack", workspace="T9", channel="C9"),
                    alert(),
                    thread=None,
                    key="alert:2",
                )
            assert caught.value.channel_gone

            # Uninstalling removes the installation.
            store = adapter.installations
            assert store is not None
            deleted = asyncio.Event()
            delete_all = store.async_delete_all

            async def delete_and_tell(**ids: str | None) -> None:
                await delete_all(**ids)  # type: ignore[arg-type]
                deleted.set()

            store.async_delete_all = delete_and_tell  # type: ignore[method-assign]
            event = json.dumps(
                {
                    "type": "event_callback",
                    "team_id": "T2",
                    "api_app_id": "A1",
                    "event": {"type": "app_uninstalled"},
                    "event_id": "Ev1",
                    "event_time": int(time.time()),
                }
            )
            headers = {**signed_headers(event), "Content-Type": "application/json"}
            async with aiohttp.ClientSession() as session:
                async with session.post(f"{server.url}/slack/events", data=event, headers=headers) as r:
                    assert r.status == 200
            await deleted.wait()
            assert await store.async_find_bot(enterprise_id=None, team_id="T2") is None
        await adapter.stop()


async def test_oauth_redirect_with_a_bad_state_stores_nothing(fake: FakeSlack, db: Database) -> None:
    adapter = SlackAdapter(
        dispatch=RecordingDispatch(),
        commands=COMMANDS,
        signing_secret=SECRET,
        api_url=fake.api_url,
        oauth=SlackOAuth("111.222", "client-secret", db.engine),
    )
    async with asyncio.timeout(10), LocalServer(adapter.routes()) as server:
        status, _, _ = await get(
            f"{server.url}/slack/oauth_redirect?code=good-code&state=forged",
            cookie="slack-app-oauth-state=forged",
        )
    assert status in (400, 401)  # bolt refuses the callback
    assert fake.called("oauth.v2.access") == []
    async with db.engine.connect() as conn:
        assert (await conn.execute(sa.text("select count(*) from slack_installations"))).scalar() == 0


async def test_installation_store_round_trip(db: Database) -> None:
    store = SqlInstallationStore(db.engine)
    older = Installation(team_id="T5", user_id="U1", bot_token="xoxb-old", bot_id="B5", installed_at=1000.0)
    newer = Installation(
        team_id="T5",
        user_id="U2",
        bot_token="xoxb-new",
        bot_id="B5",
        bot_scopes="chat:write",
        installed_at=2000.0,
    )
    await store.async_save(older)
    await store.async_save(newer)
    bot = await store.async_find_bot(enterprise_id=None, team_id="T5")
    assert bot is not None and bot.bot_token == "xoxb-new" and bot.bot_scopes == ["chat:write"]
    found = await store.async_find_installation(enterprise_id=None, team_id="T5", user_id="U1")
    assert found is not None and found.bot_token == "xoxb-old"
    await store.async_delete_installation(enterprise_id=None, team_id="T5", user_id="U2")
    bot = await store.async_find_bot(enterprise_id=None, team_id="T5")
    assert bot is not None and bot.bot_token == "xoxb-old"
    await store.async_delete_all(enterprise_id=None, team_id="T5")
    assert await store.async_find_bot(enterprise_id=None, team_id="T5") is None


async def test_oauth_states_are_single_use(db: Database) -> None:
    states = SqlOAuthStateStore(db.engine)
    state = await states.async_issue()
    assert await states.async_consume(state)
    assert not await states.async_consume(state)
    expired = SqlOAuthStateStore(db.engine, expiration_seconds=-1)
    assert not await expired.async_consume(await expired.async_issue())


def test_migration_0002_downgrades_cleanly(tmp_path: Path) -> None:
    from alembic import command

    from bot.store.db import alembic_config

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade_sync(url)
    command.downgrade(alembic_config(url), "0001")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        assert not {"slack_installations", "slack_oauth_states"} & set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    upgrade_sync(url)


async def test_with_oauth_on_the_bot_token_still_answers_its_own_workspace(
    fake: FakeSlack, db: Database
) -> None:
    dispatch = RecordingDispatch()
    adapter = SlackAdapter(
        dispatch=dispatch,
        commands=COMMANDS,
        bot_token="xoxb-test",
        signing_secret=SECRET,
        api_url=fake.api_url,
        oauth=SlackOAuth("111.222", "client-secret", db.engine),
    )
    async with asyncio.timeout(10):
        await adapter.start()
        await adapter.start()  # a restart does not store it twice
        async with LocalServer(adapter.routes()) as server, aiohttp.ClientSession() as session:
            body = form(command_payload("talent", "", fake.response_url(), team="T1"))
            async with session.post(
                f"{server.url}/slack/events", data=body, headers=signed_headers(body)
            ) as r:
                assert r.status == 200
            await fake.wait_for(lambda: fake.responses)
        await adapter.stop()
    assert [r.workspace for r in dispatch.requests] == ["T1"]
    async with db.engine.connect() as conn:
        assert (await conn.execute(sa.text("select count(*) from slack_installations"))).scalar() == 1
