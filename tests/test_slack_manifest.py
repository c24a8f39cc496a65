"""The app manifest declares every slash command, pointed at the events URL, and our scopes."""

from __future__ import annotations

import re
from pathlib import Path

from bot.chat.slack.adapter import SCOPES
from handlers import COMMANDS

MANIFEST = Path(__file__).resolve().parents[1] / "config" / "slack-manifest.yaml"


def test_every_command_and_scope_is_in_the_manifest() -> None:
    # PyYAML is not a dependency; the manifest's shape is simple enough to check line by line.
    text = MANIFEST.read_text()
    commands = re.findall(r"^\s+- command: /(\w+)\n\s+url: (\S+)$", text, re.MULTILINE)
    assert sorted(name for name, _ in commands) == sorted(COMMANDS)
    assert {url.rsplit("/", 2)[-2:] == ["slack", "events"] for _, url in commands} == {True}
    bot_scopes = re.findall(
        r"^      - ([\w:.]+)", text.split("scopes:")[1].split("settings:")[0], re.MULTILINE
    )
    assert sorted(bot_scopes) == sorted(SCOPES)
    assert "/slack/oauth_redirect" in text and "app_uninstalled" in text
