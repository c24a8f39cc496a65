"""Neutral messages → Slack Block Kit payloads (`{"text", "blocks"}`), as pure functions.

Every piece of feed text goes through `mrkdwn` (escaping, cutting); the limits below are Slack's
documented ones, so a long or hostile story still yields a message Slack accepts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.chat.messages import AlertMessage, DigestMessage, EventLine, Reply
from bot.chat.slack.mrkdwn import cut, date, escape, fit, link, one_line, safe_url

MAX_BLOCKS = 50
HEADER_CHARS = 150
SECTION_CHARS = 3000
FIELD_CHARS = 2000
CONTEXT_CHARS = 2000
CONTEXT_ELEMENTS = 10
TEXT_CHARS = 4000

Block = dict[str, Any]
Payload = dict[str, Any]

_KIND_LABELS = {"talent": "AI talent", "investment": "AI investment"}
_KIND_ICONS = {"talent": "🧠", "investment": "💰"}


def render_alert(alert: AlertMessage) -> Payload:
    if alert.followup:
        return render_followup(alert)
    title = _title(alert)
    headline = one_line(alert.headline) or "(untitled story)"
    blocks: list[Block] = [
        _header(title),
        _section(f"*{link(alert.url, headline, SECTION_CHARS - 2)}*"),
    ]
    if alert.summary.strip():
        blocks.append(_section(fit(alert.summary.strip(), SECTION_CHARS)))
    fields = []
    if alert.people:
        fields.append(_mrkdwn(f"*People*\n{fit(', '.join(alert.people), FIELD_CHARS - 12)}"))
    if alert.amount:
        fields.append(_mrkdwn(f"*Amount*\n{fit(alert.amount, FIELD_CHARS - 12)}"))
    if fields:
        blocks.append({"type": "section", "fields": fields})
    blocks.append(_context([_source_and_date(alert.source, alert)]))
    if alert.why.strip():
        blocks.append(_context([f"Why: {fit(one_line(alert.why), CONTEXT_CHARS - 5)}"]))
    if alert.note.strip():
        blocks.append(_context([fit(alert.note.strip(), CONTEXT_CHARS)]))
    return {"text": _fallback(title, headline, alert.url), "blocks": blocks}


def render_followup(alert: AlertMessage) -> Payload:
    """A short threaded reply: another outlet reported the same event."""
    source = fit(one_line(alert.source) or "another outlet", 200)
    headline = one_line(alert.headline) or "(untitled story)"
    line = f"Also reported by *{source}*: {link(alert.url, headline, SECTION_CHARS - 240)}"
    blocks = [_section(line), _context([date(alert.published)])]
    return {
        "text": _fallback(
            f"Also reported by {one_line(alert.source) or 'another outlet'}", headline, alert.url
        ),
        "blocks": blocks,
    }


def render_digest(digest: DigestMessage) -> Payload:
    blocks: list[Block] = [_header(digest.title or "Digest")]
    budget = MAX_BLOCKS - 2  # room for a "more" line and the note
    shown = total = 0
    for heading, events in digest.sections:
        total += len(events)
        if len(blocks) >= budget or not events:
            continue
        blocks.append(_section(f"*{fit(one_line(heading) or 'Events', 200)}*"))
        for chunk in _line_chunks(events):
            if len(blocks) >= budget:
                break
            blocks.append(_section(chunk.text))
            shown += chunk.count
    if total == 0:
        blocks.append(_section("No new events."))
    elif shown < total:
        blocks.append(_context([f"…and {total - shown} more."]))
    if digest.note.strip():
        blocks.append(_context([fit(digest.note.strip(), CONTEXT_CHARS)]))
    lines = [escape(one_line(digest.title or "Digest"))]
    lines += [_line_fallback(e) for _, events in digest.sections for e in events]
    return {"text": cut("\n".join(lines), TEXT_CHARS), "blocks": blocks}


def render_reply(reply: Reply) -> Payload:
    """A slash-command answer. The caller decides ephemeral vs in_channel."""
    text = reply.text.strip()
    blocks: list[Block] = [_section(fit(text, SECTION_CHARS))] if text else []
    for chunk in _line_chunks(reply.items):
        if len(blocks) >= MAX_BLOCKS - 1:
            blocks.append(_context([f"…and {len(reply.items) - chunk.first} more."]))
            break
        blocks.append(_section(chunk.text))
    if reply.digest is not None:
        room = MAX_BLOCKS - len(blocks)
        digest_blocks = render_digest(reply.digest)["blocks"]
        blocks += digest_blocks[:room]
    fallback = [escape(text)] if text else []
    fallback += [_line_fallback(e) for e in reply.items]
    return {"text": cut("\n".join(fallback) or "talentbot", TEXT_CHARS), "blocks": blocks}


def render_notice(text: str) -> Payload:
    return {
        "text": fit(text, TEXT_CHARS).strip() or "talentbot",
        "blocks": [_section(fit(text, SECTION_CHARS))],
    }


def event_line(event: EventLine) -> str:
    """`• <url|headline>` and a second line with date, source, companies, outlets, amount."""
    details = [date(event.published), fit(one_line(event.source), 100)]
    if event.companies:
        details.append(fit(", ".join(event.companies), 300))
    if event.outlets > 1:
        details.append(f"{event.outlets} outlets")
    if event.amount:
        details.append(fit(one_line(event.amount), 60))
    headline = one_line(event.headline) or "(untitled story)"
    return f"• {link(event.url, headline, 1500)}\n      {' · '.join(details)}"


class _Chunk:
    def __init__(self, text: str, first: int, count: int) -> None:
        self.text, self.first, self.count = text, first, count


def _line_chunks(events: Iterable[EventLine]) -> Iterable[_Chunk]:
    """Event lines packed into section texts of at most SECTION_CHARS."""
    lines: list[str] = []
    first = 0
    for index, event in enumerate(events):
        line = event_line(event)
        if lines and len("\n".join([*lines, line])) > SECTION_CHARS:
            yield _Chunk("\n".join(lines), first, len(lines))
            lines, first = [], index
        lines.append(line)
    if lines:
        yield _Chunk("\n".join(lines), first, len(lines))


def _title(alert: AlertMessage) -> str:
    kind = alert.kinds[0] if alert.kinds else ""
    icon = _KIND_ICONS.get(kind, "📰")
    label = alert.event_type.replace("_", " ").capitalize() if alert.event_type else ""
    label = label or " & ".join(_KIND_LABELS.get(k, k) for k in alert.kinds) or "AI news"
    companies = ", ".join(alert.companies)
    return one_line(f"{icon} {label}" + (f" · {companies}" if companies else ""))


def _fallback(title: str, headline: str, url: str) -> str:
    """Notification text: the headline and the story URL, whatever the length of either."""
    target = safe_url(url) or ""
    room = TEXT_CHARS - len(target) - 1
    return (cut(f"{escape(title)}: {escape(headline)}", room) + " " + target).strip()


def _line_fallback(event: EventLine) -> str:
    return f"• {fit(one_line(event.headline), 300)} {safe_url(event.url) or ''}".rstrip()


def _source_and_date(source: str, alert: AlertMessage) -> str:
    name = fit(one_line(source), 200)
    return f"{name} · {date(alert.published)}" if name else date(alert.published)


def _header(text: str) -> Block:
    text = fit(text, HEADER_CHARS).strip() or "talentbot"
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _context(texts: list[str]) -> Block:
    return {"type": "context", "elements": [_mrkdwn(t) for t in texts[:CONTEXT_ELEMENTS]]}


def _mrkdwn(text: str) -> dict[str, str]:
    # verbatim: Slack must not turn bare "#channel" or URLs in feed text into links or mentions.
    # Slack rejects empty text objects, so an empty feed field still renders as a dash.
    return {"type": "mrkdwn", "text": text if text.strip() else "—", "verbatim": True}
