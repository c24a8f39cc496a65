"""Escaping and cutting for Slack's mrkdwn: the only way feed text enters a Slack message.

Slack parses `<…>` for mentions (`<!channel>`, `<@U…>`, `<!subteam^…>`), channel links (`<#C…>`)
and links (`<url|label>`), and decodes only `&amp;`, `&lt;`, `&gt;`. Escaping those three characters
in every piece of feed text means no `<` from a feed ever reaches Slack, so feed text cannot open
any of those constructs; the only `<…>` in our messages are the links and dates we build here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

ELLIPSIS = "…"

_BROADCAST = re.compile(r"@(?=here|channel|everyone)", re.IGNORECASE)  # no \b: a cut can end the word
_SPACES = re.compile(r"\s+")
# Characters that may not appear raw inside `<url|…>`: they end the URL, start the label, break
# the link at whitespace, or are not valid in a URL at all (controls).
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f<>|\"`{}\\^\u2028\u2029]")


def escape(text: str) -> str:
    """Feed text → mrkdwn that shows the same characters and can mention nobody."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Plain "@here" is not a mention unless link_names is on (we never turn it on); a word joiner
    # after the @ keeps it inert even if a client or a later setting would parse it.
    return _BROADCAST.sub("@\u2060", out)


def one_line(text: str) -> str:
    """Collapse whitespace (headlines and names go on one line)."""
    return _SPACES.sub(" ", text).strip()


def safe_url(url: str) -> str | None:
    """The URL as it may appear inside `<…|…>`, or None when it is not an http(s) URL."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    encoded = _URL_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), url)
    return encoded.replace("&", "&amp;")


def cut(mrkdwn: str, limit: int) -> str:
    """Shorten already-escaped text to `limit` characters with …, never splitting an entity."""
    if len(mrkdwn) <= limit:
        return mrkdwn
    head = mrkdwn[: max(limit - 1, 0)]
    amp = head.rfind("&", max(len(head) - 4, 0))
    if amp != -1 and ";" not in head[amp:]:
        head = head[:amp]  # a half entity such as "&am" would show as garbage
    return head + ELLIPSIS


def fit(text: str, limit: int) -> str:
    """Escape feed text and cut it to `limit` characters."""
    return cut(escape(text), limit)


def link(url: str, label: str, limit: int = 3000) -> str:
    """`<url|label>` within `limit` characters; just the escaped label when the URL is unsafe."""
    label = one_line(label) or url
    target = safe_url(url)
    if target is None or len(target) > limit // 2:
        return fit(label, limit)
    return f"<{target}|{fit(label, limit - len(target) - 3)}>"


def date(when: datetime) -> str:
    """A date Slack shows in the reader's time zone, with a UTC fallback for old clients."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    fallback = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"
