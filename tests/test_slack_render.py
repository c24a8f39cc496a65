"""Block Kit rendering: content, Slack's limits, and hostile feed text neutralised."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat.messages import AlertMessage, DigestMessage, EventLine, Reply
from bot.chat.slack.mrkdwn import cut, escape, safe_url
from bot.chat.slack.render import render_alert, render_digest, render_notice, render_reply

WHEN = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)


def alert(**changes: object) -> AlertMessage:
    base: dict[str, object] = dict(
        alert_id=1,
        event_id=7,
        kinds=("talent",),
        event_type="departure",
        headline="OpenAI research lead joins Amazon",
        url="https://news.example.com/a?id=1&ref=rss",
        summary="The researcher will lead a new AGI group.",
        source="Example News",
        published=WHEN,
        companies=("Amazon", "OpenAI"),
        people=("Jane Doe",),
        why="'joins' near a company name",
    )
    base.update(changes)
    return AlertMessage(**base)  # type: ignore[arg-type]


def line(i: int = 1, **changes: object) -> EventLine:
    base: dict[str, object] = dict(
        event_id=i,
        headline=f"Headline {i}",
        url=f"https://news.example.com/{i}",
        source="Example News",
        published=WHEN,
        companies=("Amazon",),
        kinds=("talent",),
        outlets=3,
    )
    base.update(changes)
    return EventLine(**base)  # type: ignore[arg-type]


def texts(payload: object) -> list[str]:
    """Every string in the payload, keys excluded."""
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, dict):
        return [s for v in payload.values() for s in texts(v)]
    if isinstance(payload, list | tuple):
        return [s for v in payload for s in texts(v)]
    return []


def assert_within_limits(payload: dict) -> None:
    blocks = payload["blocks"]
    assert 0 < len(payload["text"]) <= 4000
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        elif block["type"] == "section":
            if "text" in block:
                assert len(block["text"]["text"]) <= 3000
            for field in block.get("fields", []):
                assert len(field["text"]) <= 2000
        elif block["type"] == "context":
            assert 0 < len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])


def test_alert_blocks_carry_headline_link_summary_context_and_why() -> None:
    payload = render_alert(alert())
    header, *rest = payload["blocks"]
    assert header["type"] == "header"
    assert "Departure" in header["text"]["text"] and "Amazon, OpenAI" in header["text"]["text"]
    body = json.dumps(rest, ensure_ascii=False)
    assert "<https://news.example.com/a?id=1&amp;ref=rss|OpenAI research lead joins Amazon>" in body
    assert "new AGI group" in body and "Jane Doe" in body and "Example News" in body
    assert "Why: 'joins' near a company name" in body
    assert "<!date^" in body
    assert_within_limits(payload)


def test_fallback_text_has_headline_and_url() -> None:
    payload = render_alert(alert(url="https://example.com/story"))
    assert "OpenAI research lead joins Amazon" in payload["text"]
    assert "https://example.com/story" in payload["text"]


def test_fallback_keeps_url_when_headline_is_huge() -> None:
    payload = render_alert(alert(headline="word " * 3000, url="https://example.com/long"))
    assert payload["text"].endswith("https://example.com/long")
    assert_within_limits(payload)


def test_followup_is_short_and_names_the_source() -> None:
    payload = render_alert(alert(followup=True, source="Other Outlet"))
    assert len(payload["blocks"]) == 2
    assert payload["blocks"][0]["text"]["text"].startswith("Also reported by *Other Outlet*: <https://")
    assert "https://news.example.com/a?id=1&amp;ref=rss" in payload["text"]


def test_unsafe_url_is_not_linked() -> None:
    payload = render_alert(alert(url="javascript:alert(1)"))
    body = json.dumps(payload)
    assert "javascript:" not in body


def test_url_specials_are_encoded() -> None:
    assert safe_url("http://evil.com/|bank.com>x") == "http://evil.com/%7Cbank.com%3Ex"
    assert safe_url("https://a.com/x y") == "https://a.com/x%20y"
    assert safe_url("ftp://a.com") is None and safe_url("http://") is None


def test_cut_never_splits_an_entity() -> None:
    assert cut(escape("a&b"), 4) == "a…"
    assert cut("abcdef", 4) == "abc…"


def test_digest_sections_and_limits() -> None:
    many = tuple(line(i, headline="x" * 400) for i in range(400))
    digest = DigestMessage(title="Daily digest", sections=(("Talent", many), ("Investment", (line(9),))))
    payload = render_digest(digest)
    assert payload["blocks"][0]["text"]["text"] == "Daily digest"
    assert "more." in json.dumps(payload["blocks"][-1])
    assert_within_limits(payload)


def test_empty_digest_says_so() -> None:
    payload = render_digest(DigestMessage(title="Daily digest", sections=()))
    assert "No new events." in json.dumps(payload)


def test_reply_with_items() -> None:
    reply = Reply(text="Recent AI-talent events for Amazon:", items=(line(1), line(2)))
    payload = render_reply(reply)
    body = json.dumps(payload)
    assert "<https://news.example.com/1|Headline 1>" in body
    assert "3 outlets" in body
    assert "https://news.example.com/2" in payload["text"]
    assert_within_limits(payload)


def test_notice_is_escaped() -> None:
    assert render_notice("<!channel> hi")["text"] == "&lt;!channel&gt; hi"


# --- hostile feed text -------------------------------------------------------------------------

HOSTILE_PARTS = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U024BE7LH>",
    "<!subteam^S123|@team>",
    "<#C024BE7LR>",
    "<http://evil.com|bank.com>",
    "<https://evil.com>",
    "@here",
    "@channel",
    "@everyone",
    "@Everyone",
    "&lt;!channel&gt;",
    "&amp;",
    "&",
    "<",
    ">",
    "|",
    "\n",
    "*bold*",
    "`x`",
    "<!date^1^{date}|x>",
]
hostile = st.lists(st.sampled_from(HOSTILE_PARTS) | st.text(max_size=20), max_size=12).map("".join)
hostile_url = st.sampled_from(
    [
        "https://ok.example.com/a?b=1&c=2",
        "http://evil.com|bank.com",
        "http://evil.com/><!channel>",
        "javascript:alert(1)",
        "https://x.com/<@U1>|y",
        "mailto:a@b.c",
        "",
    ]
) | st.text(max_size=40)

OUR_LINK = re.compile(r"<(https?://[^\s<>|]+)\|[^<>]*>")
OUR_DATE = re.compile(r"<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>]*>")


def assert_neutral(payload: dict, urls: list[str]) -> None:
    allowed_targets = {safe_url(u) for u in urls} - {None}
    for text in texts(payload):
        for match in OUR_LINK.finditer(text):
            assert match.group(1) in allowed_targets  # only the story's own URL is ever a link
        rest = OUR_DATE.sub("", OUR_LINK.sub("", text))
        assert "<" not in rest and ">" not in rest, text
        assert not re.search(r"@(here|channel|everyone)\b", text, re.IGNORECASE), text
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text  # no raw or half entities


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headline=hostile,
    summary=hostile,
    source=hostile,
    why=hostile,
    company=hostile,
    person=hostile,
    url=hostile_url,
    followup=st.booleans(),
)
def test_hostile_alert_text_is_neutralised(
    headline: str, summary: str, source: str, why: str, company: str, person: str, url: str, followup: bool
) -> None:
    message = alert(
        headline=headline,
        summary=summary,
        source=source,
        why=why,
        companies=(company,),
        people=(person,),
        amount=summary[:20],
        note=why,
        url=url,
        event_type=company or None,
        followup=followup,
    )
    payload = render_alert(message)
    assert_neutral(payload, [url])
    assert_within_limits(payload)


@settings(max_examples=75, deadline=None)
@given(text=hostile, headline=hostile, source=hostile, url=hostile_url, heading=hostile)
def test_hostile_reply_and_digest_text_is_neutralised(
    text: str, headline: str, source: str, url: str, heading: str
) -> None:
    item = line(1, headline=headline, source=source, url=url, companies=(heading,), amount=text[:10])
    digest = DigestMessage(title=heading, sections=((heading, (item,)),), note=text)
    for payload in (
        render_reply(Reply(text=text, items=(item,), digest=digest)),
        render_digest(digest),
        render_notice(text),
    ):
        assert_neutral(payload, [url])
        assert_within_limits(payload)
