"""`[polling] google_news_for_subscriptions`: whether `talentbot run` adds a Google News feed per
subscribed company (on by default; off keeps the bot to its configured sources)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App, Options
from bot.config import Config, PollingConfig, load_config
from bot.domain.models import ChannelRef, KindFilter
from bot.errors import ConfigError
from bot.settings import load_settings

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_the_switch_is_read_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "talentbot.toml"
    path.write_text("[polling]\ngoogle_news_for_subscriptions = false\n", encoding="utf-8")
    assert load_config(path).polling.google_news_for_subscriptions is False
    path.write_text("", encoding="utf-8")
    assert load_config(path).polling.google_news_for_subscriptions is True
    path.write_text('[polling]\ngoogle_news_for_subscriptions = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"polling\.google_news_for_subscriptions"):
        load_config(path)


def app(tmp_path: Path, *, google_news: bool) -> App:
    settings = load_settings(TALENTBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}")
    config = Config(polling=PollingConfig(google_news_for_subscriptions=google_news))
    return App(settings, config, options=Options(http=False), now=lambda: NOW)


async def test_off_means_no_google_news_sources_and_drops_earlier_ones(tmp_path: Path) -> None:
    on = app(tmp_path, google_news=True)
    await on.prepare()
    try:
        assert on.scheduler.sync_sources is not None
        channel = await on.store.channels.ensure(
            ChannelRef(platform="slack", workspace="T1", channel="C1"), NOW
        )
        await on.store.channels.subscribe(channel.id, "Amazon", KindFilter.ALL, NOW)
        await on.sync_dynamic_sources()
        assert [(s.name, s.kind) for s in await on.store.sources.all()] == [
            ("Google News: Amazon", "google_news")
        ]
    finally:
        await on.close()

    off = app(tmp_path, google_news=False)
    await off.prepare()
    try:
        assert off.scheduler.sync_sources is None  # the job that would add them is not scheduled
        assert await off.store.sources.all() == []  # and the one added earlier is gone
    finally:
        await off.close()
