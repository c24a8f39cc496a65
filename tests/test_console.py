"""The console adapter: commands typed as on Slack, alerts and replies as readable text."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from bot.chat.console import ConsoleAdapter
from bot.chat.console_input import parse_line
from bot.chat.messages import AlertMessage, Reply
from bot.domain.models import ChannelRef

CHANNEL = ChannelRef(platform="console", workspace="local", channel="console")
ALERT = AlertMessage(
    alert_id=1,
    event_id=7,
    kinds=("talent",),
    event_type="departure",
    headline="AWS vice president [bold]Vasi Philomin[/bold] leaves Amazon",
    url="https://news.example/aws-vp",
    summary="",
    source="Wire",
    published=datetime(2026, 6, 20, 9, 30, tzinfo=UTC),
    companies=("Amazon",),
    people=("Vasi Philomin",),
    why='talent/departure: "leaves Amazon"',
)


def test_commands_parse_like_slash_commands() -> None:
    req = parse_line("/subscribe  amazon talent \n")
    assert req is not None
    assert (req.command, req.args, req.platform, req.channel) == (
        "subscribe",
        "amazon talent",
        "console",
        "console",
    )
    assert parse_line("   ") is None


async def test_alerts_show_headline_link_companies_and_why_and_threads() -> None:
    out = io.StringIO()
    adapter = ConsoleAdapter(out, color=False)
    root = await adapter.post_alert(CHANNEL, ALERT, thread=None, key="alert:1")
    followup = ALERT.model_copy(
        update={"followup": True, "source": "Ledger", "url": "https://ledger.example/x"}
    )
    await adapter.post_alert(CHANNEL, followup, thread=root, key="followup:2")
    text = out.getvalue()
    assert "[bold]Vasi Philomin[/bold]" in text  # feed text is printed literally, never as markup
    assert "https://news.example/aws-vp" in text
    assert "companies: Amazon" in text and "people: Vasi Philomin" in text
    assert 'why: talent/departure: "leaves Amazon"' in text
    assert f"in thread of #{root}" in text and "https://ledger.example/x" in text
    assert await adapter.find_posted(CHANNEL, "alert:1") == root


def test_replies_print_their_items() -> None:
    out = io.StringIO()
    ConsoleAdapter(out, color=False).print_reply(
        Reply(text="No AI-talent events involving Nvidia in the last 30 days.")
    )
    assert "No AI-talent events involving Nvidia" in out.getvalue()
