"""`talentbot run` as a real process: SIGTERM while it delivers to a slow Slack finishes the work in
flight and exits 0; a second instance on the same SQLite file refuses to start; JSON logs on stderr
never carry the token."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.models import ChannelRef
from bot.store.db import Database
from bot.store.queries import Store
from tests.fakes.slack_api import FakeSlack
from tests.test_faults import queue, subscribed

TOKEN = "xoxb-1111111111-2222222222-SoakSoakSoakSoakSoakSoak"
TALENTBOT = Path(sys.executable).with_name("talentbot")


class SlowSlack(FakeSlack):
    """Each chat.postMessage takes 0.3 s: SIGTERM arrives while posts are in flight."""

    async def _chat_postMessage(self, token: str, params: dict) -> dict:  # type: ignore[override]
        await asyncio.sleep(0.3)
        return await super()._chat_postMessage(token, params)


@pytest.fixture
async def slack() -> AsyncIterator[SlowSlack]:
    server = SlowSlack(tokens={TOKEN: "T1"})
    await server.start()
    yield server
    await server.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(tmp_path: Path, slack: FakeSlack) -> dict[str, str]:
    config = tmp_path / "talentbot.toml"
    # One source that "covers" Amazon (so no Google News source is added); nothing listens on port 9.
    config.write_text(
        '[[sources]]\nname = "wire"\nurl = "http://127.0.0.1:9/feed"\ncompany = "Amazon"\ninterval = "1h"\n'
        "[alerts]\nmax_per_hour = 100\n"
    )
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TALENTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "TALENTBOT_CONFIG": str(config),
        "TALENTBOT_HTTP_PORT": str(free_port()),
        "TALENTBOT_LOG_FORMAT": "json",
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": "signing-secret",
        "SLACK_API_URL": slack.api_url,
    }


async def talentbot(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(TALENTBOT),
        "run",
        *args,
        env=env,
        cwd=env["HOME"],
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_sigterm_mid_delivery_finishes_in_flight_work_and_exits_0(
    tmp_path: Path, slack: SlowSlack
) -> None:
    env = environment(tmp_path, slack)
    db = Database(env["TALENTBOT_DATABASE_URL"])
    await db.upgrade()
    store = Store(db)
    cid = await subscribed(store, ChannelRef(platform="slack", workspace="T1", channel="C1"))
    await queue(store, cid, 8)
    await db.dispose()

    async with asyncio.timeout(60):
        bot = await talentbot(env)
        await slack.wait_for(lambda: len(slack.posted.get("C1", [])) >= 1, within=30)

        in_flight = len(slack.posted["C1"])
        bot.terminate()  # SIGTERM while the batch is being posted
        _, stderr = await bot.communicate()
        assert bot.returncode == 0, stderr.decode()[-2000:]
        assert len(slack.posted["C1"]) > in_flight  # the batch in flight was finished

        again = await talentbot(env, "--once")  # whatever is left (nothing, or a retry) goes now
        _, again_err = await again.communicate()
        assert again.returncode == 0, again_err.decode()[-2000:]

    keys = Counter(m["metadata"]["event_payload"]["key"] for m in slack.posted["C1"])
    assert len(keys) == 8 and max(keys.values()) == 1, keys
    db = Database(env["TALENTBOT_DATABASE_URL"])
    assert await Store(db).outbox.depth() == 0
    await db.dispose()

    lines = [line for line in stderr.decode().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # JSON logs: one object per line
    assert any(r["msg"] == "shutting down" for r in records)
    for output in (stderr, again_err):
        assert TOKEN.encode() not in output


async def test_a_second_instance_on_the_same_sqlite_file_exits_2_with_a_clear_message(
    tmp_path: Path, slack: SlowSlack
) -> None:
    env = environment(tmp_path, slack)
    async with asyncio.timeout(60):
        first = await talentbot(env)
        try:
            await slack.wait_for(lambda: slack.called("auth.test"), within=30)  # it is up
            second = await talentbot({**env, "TALENTBOT_HTTP_PORT": str(free_port())})
            _, second_err = await second.communicate()
        finally:
            first.terminate()
            await first.communicate()
    assert second.returncode == 2
    assert second_err.decode().strip().splitlines()[-1] == (
        f"talentbot: TALENTBOT_DATABASE_URL: {tmp_path / 'bot.db'} is in use by another talentbot "
        "instance; SQLite serves one instance, use PostgreSQL to run several"
    )
    assert first.returncode == 0
