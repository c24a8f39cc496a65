"""The Discord renderer: limits, fields, and feed text that can never ping or disguise a link."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.discord import render
from bot.chat.discord.escape import fit
from bot.chat.messages import AlertMessage, DigestMessage, EventLine, Reply

WHEN = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
NASTY = [
    "@everyone", "@here", "@EVERYONE", "<@123>", "<@!45>", "<@&6>", "<#7>", "</cmd:9>",
    "[bank.com](http://evil)", "[x]( http://evil )", "\\", "\\\\", "*", "_", "`", "|", "~", "[", "]",
    "(", ")", "\n# ", "\n> ", "\n- ", "@", "<", ">", " ",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=30).map("".join)


def alert(**changes: object) -> AlertMessage:
    base = dict(
        alert_id=1, event_id=2, kinds=("talent",), event_type="hire",
        headline="Amazon hires OpenAI researcher", url="https://news.example/a",
        summary="A short summary.", source="TechCrunch", published=WHEN,
        companies=("Amazon", "OpenAI"), people=("Ada Lovelace",), why="hires: 'joins Amazon'",
    )  # fmt: skip
    base.update(changes)
    return AlertMessage(**base)  # type: ignore[arg-type]


def line(i: int, headline: str = "Story", url: str = "https://news.example/s") -> EventLine:
    return EventLine(
        event_id=i, headline=f"{headline} {i}", url=f"{url}{i}", source="Reuters",
        published=WHEN, companies=("Amazon",), kinds=("investment",),
    )  # fmt: skip


def strings(payload: object) -> list[str]:
    """Every string in a JSON payload (keys excluded)."""
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, dict):
        return [s for v in payload.values() for s in strings(v)]
    if isinstance(payload, list):
        return [s for v in payload for s in strings(v)]
    return []


def active_links(text: str) -> list[str]:
    """Targets of masked links Discord would render: `[..](..)` whose brackets are not escaped."""
    found, i, depth, after_close = [], 0, 0, -1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
            after_close = i + 1
        elif ch == "(" and i == after_close:
            end = text.find(")", i)
            found.append(text[i + 1 : end if end > 0 else len(text)])
        i += 1
    return found


def assert_inert(text: str, allowed_links: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    assert not re.search(r"@(everyone|here)", text, re.IGNORECASE), text
    assert not re.search(r"<[@#/:a]", text), text
    assert set(active_links(text)) <= allowed_links, text


def test_alert_embed_fields() -> None:
    embed = render.alert_embed(alert(amount="$2B")).to_dict()
    assert embed["title"] == "Amazon hires OpenAI researcher"
    assert embed["url"] == "https://news.example/a"
    assert embed["color"] == render.TALENT_COLOUR.value
    assert embed["description"] == "A short summary."
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Companies"] == "Amazon, OpenAI"
    assert fields["People"] == "Ada Lovelace"
    assert fields["Amount"] == "$2B"
    assert fields["Source"] == "TechCrunch"
    assert fields["Published"] == f"<t:{int(WHEN.timestamp())}:f>"
    assert embed["timestamp"].startswith("2026-11-27T12:00:00")
    assert embed["footer"]["text"] == "Why: hires: 'joins Amazon'"


def test_colour_by_kind() -> None:
    assert render.alert_embed(alert(kinds=("investment",))).colour == render.INVESTMENT_COLOUR
    assert render.alert_embed(alert(kinds=("talent", "investment"))).colour == render.BOTH_COLOUR


def test_title_cut_only_past_256() -> None:
    exact = "H" * 256
    assert render.alert_embed(alert(headline=exact)).title == exact
    cut = render.alert_embed(alert(headline="H" * 300)).title
    assert cut is not None and len(cut) == 256 and cut.endswith("…")


def test_non_http_url_is_dropped() -> None:
    assert render.alert_embed(alert(url="javascript:alert(1)")).url is None


def test_alert_within_limits_when_everything_is_huge() -> None:
    big = "x" * 9000
    embed = render.alert_embed(
        alert(
            headline=big,
            summary=big,
            why=big,
            source=big,
            amount=big,
            people=(big,),
            companies=(big,),
            note=big,
        )
    )
    d = embed.to_dict()
    assert len(d["title"]) <= 256 and len(d["description"]) <= 4096
    assert len(d["footer"]["text"]) <= 2048 and len(d["fields"]) <= 25
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in d["fields"])
    assert len(embed) <= 6000


def test_digest_within_message_limits() -> None:
    sections = tuple((f"Section {s}", tuple(line(i, "H" * 200) for i in range(40))) for s in range(15))
    embeds = render.digest_embeds(DigestMessage(title="Daily digest", sections=sections))
    assert 1 < len(embeds) <= 10
    assert sum(len(e) for e in embeds) <= 6000
    assert all(len(e.description or "") <= 4096 for e in embeds)
    assert "more" in json.dumps([e.to_dict() for e in embeds])


def test_reply_lists_events_as_links() -> None:
    content, embeds = render.reply_payload(Reply(text="2 talent events for Amazon", items=(line(1), line(2))))
    assert content == "2 talent events for Amazon"
    description = embeds[0].description or ""
    assert active_links(description) == ["https://news.example/s1", "https://news.example/s2"]


def test_fit_never_splits_an_escape() -> None:
    out = fit("\\" * 50, 11)
    assert out.endswith("…") and len(out) <= 11
    assert (len(out) - 1) % 2 == 0  # whole escaped pairs only, never a lone backslash before …


@settings(max_examples=300, deadline=None)
@given(headline=texts, summary=texts, why=texts, person=texts, source=texts, note=texts)
def test_feed_text_in_alerts_is_inert(
    headline: str, summary: str, why: str, person: str, source: str, note: str
) -> None:
    embed = render.alert_embed(
        alert(
            headline=headline,
            summary=summary,
            why=why,
            people=(person,),
            source=source,
            note=note,
            amount=person,
        )
    )
    for text in strings(embed.to_dict()):
        if text != "https://news.example/a":
            assert_inert(text)


@settings(max_examples=200, deadline=None)
@given(headline=texts, text=texts, heading=texts)
def test_feed_text_in_replies_and_digests_is_inert(headline: str, text: str, heading: str) -> None:
    items = (line(1, headline), line(2, headline, url="javascript:"))
    digest = DigestMessage(title=heading, sections=((heading, items),), note=text)
    content, embeds = render.reply_payload(Reply(text=text, items=items, digest=digest))
    allowed = {"https://news.example/s1"}
    for value in strings([content, [e.to_dict() for e in embeds]]):
        assert_inert(value, allowed)
    assert_inert(render.notice_content(text))
