"""Shared set-up for the Discord adapter tests: the contract's command table and a recording dispatch."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from bot.chat.discord import endpoints
from bot.chat.discord.adapter import DiscordAdapter
from bot.chat.messages import Reply
from handlers import COMMANDS  # the real table; dispatch is injected, so handlers never run
from handlers.base import CommandRequest
from tests.fakes.discord_fake import FakeDiscord

T = TypeVar("T", bound=Callable[..., Any])
COMPANIES = ["Amazon", "Anthropic", "Apple", "Meta", "OpenAI"]


class Recorder:
    """A dispatch that records requests and answers with text that tries to ping everyone.

    With a `gate`, answers only once the test opens it (a slow handler, without timing guesses).
    """

    def __init__(self, gate: asyncio.Event | None = None) -> None:
        self.requests: list[CommandRequest] = []
        self.gate = gate

    async def __call__(self, req: CommandRequest) -> Reply:
        self.requests.append(req)
        if self.gate is not None:
            await self.gate.wait()
        return Reply(
            text=f"ok {req.command} {req.args} @everyone <@{req.user}>", ephemeral=req.command == "talentbot"
        )


class HashBox:
    def __init__(self) -> None:
        self.value: str | None = None
        self.saves = 0

    async def load(self) -> str | None:
        return self.value

    async def save(self, value: str) -> None:
        self.value, self.saves = value, self.saves + 1


def complete(prefix: str) -> list[str]:
    return [name for name in COMPANIES if name.lower().startswith(prefix.lower())]


def bounded(seconds: float = 30.0) -> Callable[[T], T]:
    """Bound an async test's body in time (a fixture's own timeout would not cover the test's task)."""

    def wrap(test: T) -> T:
        @functools.wraps(test)
        async def run(*args: Any, **kwargs: Any) -> Any:
            async with asyncio.timeout(seconds):
                return await test(*args, **kwargs)

        return run  # type: ignore[return-value]

    return wrap


@asynccontextmanager
async def running_fake() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    previous = endpoints.configure(fake.api_url, fake.gateway_url)
    try:
        yield fake
    finally:
        endpoints.restore(previous)
        await fake.stop()


@asynccontextmanager
async def running_adapter(
    fake: FakeDiscord, dispatch: Callable[..., Any] | None = None, box: HashBox | None = None, **kwargs: Any
) -> AsyncIterator[DiscordAdapter]:
    box = box or HashBox()
    kwargs.setdefault("defer_after", 30.0)  # answer directly unless a test wants a defer
    adapter = DiscordAdapter(
        token="test-token",
        dispatch=dispatch or Recorder(),
        commands=COMMANDS,
        complete=complete,
        load_hash=box.load,
        save_hash=box.save,
        guild_ready_timeout=0.1,
        ready_timeout=5,
        **kwargs,
    )
    await adapter.start()
    try:
        yield adapter
    finally:
        await adapter.stop()
