"""Neutral messages → Discord embeds. Pure: no I/O, no client; the only place that escapes and
enforces Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import discord

from bot.chat.discord.escape import ELLIPSIS, escape, fit, link, safe_url
from bot.chat.messages import AlertMessage, DigestMessage, EventLine, Reply

TITLE, DESCRIPTION, FIELD_NAME, FIELD_VALUE, FOOTER, AUTHOR = 256, 4096, 256, 1024, 2048, 256
MAX_FIELDS, MESSAGE_TOTAL, MAX_EMBEDS, CONTENT = 25, 6000, 10, 2000
SUMMARY = 700  # an alert's description is a short summary, not the article
# Per-part caps well under Discord's own, so the whole alert stays under 6000 characters by design.
FACT, WHY, NOTE = 400, 1000, 300
THREAD_NAME = 100

TALENT_COLOUR = discord.Colour(0x5865F2)  # blurple
INVESTMENT_COLOUR = discord.Colour(0x57F287)  # green
BOTH_COLOUR = discord.Colour(0xFEE75C)  # yellow: a move that is also an investment
OTHER_COLOUR = discord.Colour(0x99AAB5)


def colour_for(kinds: Sequence[str]) -> discord.Colour:
    talent, investment = "talent" in kinds, "investment" in kinds
    if talent and investment:
        return BOTH_COLOUR
    if talent:
        return TALENT_COLOUR
    return INVESTMENT_COLOUR if investment else OTHER_COLOUR


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _stamp(moment: datetime, style: str = "f") -> str:
    return f"<t:{int(_utc(moment).timestamp())}:{style}>"


def alert_embed(alert: AlertMessage) -> discord.Embed:
    """One alert: title = headline, url = story URL, colour by kind, facts as inline fields."""
    description = fit(alert.summary, SUMMARY) if alert.summary else ""
    if alert.note:
        description = (description + "\n\n" if description else "") + "*" + fit(alert.note, NOTE) + "*"
    embed = discord.Embed(
        title=fit(alert.headline, TITLE) or "(untitled)",
        url=safe_url(alert.url),
        description=description or None,
        colour=colour_for(alert.kinds),
        timestamp=_utc(alert.published),
    )
    facts = [
        ("Companies", ", ".join(alert.companies)),
        ("People", ", ".join(alert.people)),
        ("Amount", alert.amount),
        ("Source", alert.source),
    ]
    for name, value in facts:
        if value:
            embed.add_field(name=name, value=fit(value, FACT), inline=True)
    embed.add_field(name="Published", value=_stamp(alert.published), inline=True)
    if alert.why:
        embed.set_footer(text=fit(f"Why: {alert.why}", WHY))
    return _within_total(embed)


def thread_name(alert: AlertMessage) -> str:
    """Name of the follow-up thread started from the first alert's message (Discord allows 100)."""
    return fit(alert.headline, THREAD_NAME, escaped=False) or "Follow-ups"


def event_line(line: EventLine, limit: int = 400) -> str:
    date = _stamp(line.published, "d")
    extra = f" · {line.outlets} outlets" if line.outlets > 1 else ""
    amount = f" · {fit(line.amount, 40)}" if line.amount else ""
    tail = f" — {fit(line.source, 60)}, {date}{amount}{extra}"
    return "• " + link(line.headline, line.url, max(limit - len(tail) - 2, 20)) + tail


def lines_embed(
    title: str, lines: Sequence[EventLine], *, colour: discord.Colour, budget: int
) -> discord.Embed:
    """An embed listing events, cut (with "…and N more") to fit `budget` total characters."""
    head = fit(title, TITLE) if title else ""
    room = min(DESCRIPTION, budget - len(head))
    body: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        text = event_line(line)
        more = f"{ELLIPSIS}and {len(lines) - index - 1} more" if index < len(lines) - 1 else ""
        if used + len(text) + 1 + len(more) + 1 > room:
            body.append(f"{ELLIPSIS}and {len(lines) - index} more")
            break
        body.append(text)
        used += len(text) + 1
    return discord.Embed(title=head or None, description="\n".join(body) or "Nothing yet.", colour=colour)


def digest_embeds(digest: DigestMessage) -> list[discord.Embed]:
    """A digest: one embed per section under Discord's 10-embed and 6000-character message limits."""
    header = discord.Embed(title=fit(digest.title, TITLE), colour=OTHER_COLOUR)
    if digest.note:
        header.description = fit(digest.note, 500)
    embeds = [header]
    budget = MESSAGE_TOTAL - len(header)
    sections = list(digest.sections)
    for index, (heading, events) in enumerate(sections):
        if len(embeds) == MAX_EMBEDS or budget < 200:
            rest = sum(len(ev) for _, ev in sections[index:])
            header.set_footer(text=f"{ELLIPSIS}and {rest} more events in {len(sections) - index} sections")
            break
        kinds = {kind for event in events for kind in event.kinds}
        embed = lines_embed(heading, events, colour=colour_for(sorted(kinds)), budget=min(budget, 1500))
        embeds.append(embed)
        budget -= len(embed)
    if not sections:
        header.description = (header.description + "\n" if header.description else "") + "No events."
    return embeds


def reply_payload(reply: Reply) -> tuple[str | None, list[discord.Embed]]:
    """Content and embeds for a slash-command answer (text escaped: it may echo what users typed)."""
    content = fit(reply.text, CONTENT) if reply.text else None
    embeds: list[discord.Embed] = []
    if reply.items:
        embeds.append(lines_embed("", reply.items, colour=colour_for(_kinds(reply.items)), budget=4000))
    if reply.digest is not None:
        room = MAX_EMBEDS - len(embeds)
        embeds.extend(digest_embeds(reply.digest)[:room])
        while embeds and sum(len(e) for e in embeds) > MESSAGE_TOTAL:
            embeds.pop()
    if content is None and not embeds:
        content = "Done."
    return content, embeds


def notice_content(text: str) -> str:
    return fit(text, CONTENT)


def _kinds(lines: Sequence[EventLine]) -> list[str]:
    return sorted({kind for line in lines for kind in line.kinds})


def _within_total(embed: discord.Embed) -> discord.Embed:
    """Last guard for the 6000-character total (the caps above keep alerts far below it)."""
    if len(embed) > MESSAGE_TOTAL:
        embed.remove_footer()
    if len(embed) > MESSAGE_TOTAL:
        embed.description = None
    return embed


__all__ = [
    "alert_embed",
    "digest_embeds",
    "escape",
    "event_line",
    "notice_content",
    "reply_payload",
    "thread_name",
]
