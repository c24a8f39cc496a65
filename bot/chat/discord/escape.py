"""Make feed text inert in Discord: no pings, no disguised links, no stray formatting.

Discord renders markdown, masked links (`[bank.com](http://evil)`) and mentions in embed
descriptions, field values and message content. Feed text is untrusted, so every piece of it goes
through `escape` before it reaches a payload, and through `fit` so limits never cut an escape in half.
`allowed_mentions={"parse": []}` already stops pings; escaping also stops a mention *rendering* as one.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
ELLIPSIS = "…"

# Backslash-escaped anywhere: inline markdown and the brackets of masked links.
_INLINE = re.compile(r"([\\*_~`|\[\]])")
# Only meaningful at the start of a line (headings, quotes, lists).
_LINE_START = re.compile(r"(?m)^(\s*)([#>\-+]|\d+\.)")
# `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `<t:…>`, `</cmd:id>`, `<a:emoji:id>`: break every `<…>` form.
_ANGLE = re.compile(r"<")
_BROADCAST = re.compile(r"@(everyone|here)", re.IGNORECASE)


def escape(text: str) -> str:
    """Escape raw feed text for any Discord text field (content, title, description, fields, footer)."""
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    text = _ANGLE.sub("<" + ZWSP, text)
    return _BROADCAST.sub(lambda m: "@" + ZWSP + m.group(1), text)


def fit(raw: str, limit: int, *, escaped: bool = True) -> str:
    """`escape(raw)` cut to `limit` characters, with … only when something was cut.

    Cutting happens on the raw text, so an escape sequence is never split (a lone trailing
    backslash would escape the ellipsis, a half `<@` + ZWSP could turn back into a mention).
    """
    render = escape if escaped else (lambda s: s)
    out = render(raw)
    if len(out) <= limit:
        return out
    lo, hi = 0, len(raw)
    while lo < hi:  # longest raw prefix whose rendering plus … fits
        mid = (lo + hi + 1) // 2
        if len(render(raw[:mid].rstrip())) + 1 <= limit:
            lo = mid
        else:
            hi = mid - 1
    return render(raw[:lo].rstrip()) + ELLIPSIS


def safe_url(url: str) -> str | None:
    """The URL when Discord accepts it as a link (http/https); None otherwise (e.g. `javascript:`)."""
    url = url.strip()
    if re.match(r"(?i)^https?://[^\s<>]+$", url):
        return url
    return None


def link(label: str, url: str, limit: int) -> str:
    """A masked link we build ourselves from an escaped label and a trusted URL, or the label alone."""
    target = safe_url(url)
    if target is None:
        return fit(label, limit)
    # Parentheses and spaces in the URL would end the link early; percent-encode them.
    target = target.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    room = limit - len(target) - 4
    if room < 8:
        return fit(label, limit)
    return f"[{fit(label, room)}]({target})"
