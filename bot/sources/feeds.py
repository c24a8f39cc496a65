"""Feed document (bytes) → FeedItems: RSS 0.9x/1.0/2.0, Atom, JSON Feed.

fastfeedparser first (≈50× faster); feedparser when the document is not well-formed XML or the fast
parser gives up, because feedparser's loose mode recovers what fastfeedparser drops. Both only
ever get bytes — handed a str that looks like a URL, either one would fetch it.

Entity declarations are refused before any parser sees the document: a DOCTYPE that declares
entities is how billion-laughs (expansion bombs) and XXE (external entities reading files or URLs)
are delivered, and no news feed needs them. lxml (under fastfeedparser and our well-formedness
check) runs with resolve_entities=False and no network; feedparser keeps only "safe" literal
entities, but we do not rely on that.
"""

from __future__ import annotations

import hashlib
import pyexpat
import re
import time as _time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import fastfeedparser
import feedparser
from lxml import etree

from bot.domain.models import FeedItem
from bot.errors import SourceError
from bot.sources.normalize import clean_text, clean_title

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
# A feed dated more than this far ahead has a broken clock or time zone; treat as undated.
_FUTURE_SLACK = timedelta(days=2)
# The classifier and alerts use the lede; whole articles in <description> are cut to this.
SUMMARY_CHARS = 1000


def _one_line(reason: object, limit: int = 200) -> str:
    return " ".join(str(reason).split())[:limit] or "unknown error"


def refuse_entity_declarations(body: bytes) -> None:
    """Raise SourceError when a document with a DOCTYPE declares entities anywhere after it.

    Deliberately blunt: finding where a DOCTYPE's internal subset really ends means parsing it
    (quoted "]>" inside declarations, padding before it), and a feed with both a DOCTYPE and the
    text "<!ENTITY" in a CDATA section is rarer than an attack.
    """
    if b"\x00" in body[:4]:
        body = body.replace(b"\x00", b"")  # UTF-16/UTF-32: their ASCII is ASCII plus NULs
    doctype = _DOCTYPE.search(body)
    if doctype is not None and _ENTITY_DECL.search(body, doctype.start()):
        raise SourceError("refused: document declares XML entities (possible entity-expansion or XXE attack)")


def _strict_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


_STRICT = _strict_parser()


def _well_formed(body: bytes) -> bool:
    """Strict XML check. expat without handlers is ~3x faster than building an lxml tree; lxml
    decides only for encodings expat does not know (windows-1252 and the like). Neither loads
    external DTDs or entities here, and entity declarations were refused before."""
    parser = pyexpat.ParserCreate()
    try:
        parser.Parse(body, True)
    except pyexpat.ExpatError as e:
        if e.code != pyexpat.errors.codes[pyexpat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return False
    except (LookupError, ValueError):
        pass  # an encoding name Python does not know: let lxml judge
    else:
        return True
    try:
        etree.fromstring(body, _STRICT)
    except (etree.XMLSyntaxError, ValueError):
        return False
    return True


def _utc(value: Any) -> datetime | None:
    """ISO string (fastfeedparser) or struct_time in UTC (feedparser) → aware UTC datetime."""
    if not value:
        return None
    try:
        if isinstance(value, str):
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
            dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
        elif isinstance(value, _time.struct_time):
            dt = datetime(*value[:6], tzinfo=UTC)
        else:
            return None
    except (ValueError, OverflowError, TypeError):
        return None
    if dt > datetime.now(UTC) + _FUTURE_SLACK or dt.year < 1995:
        return None
    return dt


def _item(*, guid: Any, link: Any, title: Any, summary: Any, published: Any, base: str) -> FeedItem | None:
    title_text = clean_title(title if isinstance(title, str) else "")
    link_text = link.strip() if isinstance(link, str) else ""
    if link_text and not link_text.startswith(("https://", "http://")):
        link_text = urljoin(base, link_text)
    summary_text = clean_text(summary if isinstance(summary, str) else "", SUMMARY_CHARS)
    if not title_text and not link_text:
        return None  # nothing to show or to key on
    if not title_text:
        title_text = summary_text[:200] or link_text
    guid_text = guid.strip() if isinstance(guid, str) else ""
    if not guid_text:
        guid_text = link_text or "sha1:" + hashlib.sha1(title_text.encode()).hexdigest()
    return FeedItem(
        guid=guid_text,
        link=link_text,
        title=title_text,
        summary=summary_text,
        published=_utc(published),
    )


def _from_fast(body: bytes, url: str) -> list[FeedItem] | None:
    try:
        parsed = fastfeedparser.parse(
            body, include_content=False, include_tags=False, include_media=False, include_enclosures=False
        )
    except Exception:  # noqa: BLE001 - any failure means "try the tolerant parser"
        return None
    return _items(parsed.get("entries") or [], url, summary="description", dates=("published", "updated"))


def _items(entries: list[Any], url: str, *, summary: str, dates: tuple[str, str]) -> list[FeedItem]:
    """Entries of either parser to items; the two name the summary and date fields differently."""
    items = []
    for e in entries:
        it = _item(
            guid=e.get("id"),
            link=e.get("link"),
            title=e.get("title"),
            summary=e.get(summary),
            published=e.get(dates[0]) or e.get(dates[1]),
            base=url,
        )
        if it is not None:
            items.append(it)
    return items


def _from_feedparser(body: bytes, url: str) -> list[FeedItem]:
    try:
        # sanitize_html off: we reduce HTML to text ourselves; resolve_relative_uris needs a base we
        # give explicitly instead of letting feedparser see a URL.
        parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except Exception as e:  # noqa: BLE001 - feedparser promises never to raise; be sure
        raise SourceError(f"not a feed: {_one_line(e)}") from None
    entries = parsed.get("entries") or []
    if not entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS, Atom or JSON Feed structure found"
        raise SourceError(f"not a feed: {_one_line(reason)}")
    return _items(entries, url, summary="summary", dates=("published_parsed", "updated_parsed"))


def parse_feed(body: bytes, url: str) -> list[FeedItem]:
    """Parse a feed document. `url` only resolves relative links; it is never fetched.

    Raises SourceError (one line) when the document is empty, declares entities, or holds no feed.
    """
    if not body or not body.strip():
        raise SourceError("empty document")
    # Whitespace before the XML declaration makes a document not well-formed; it is common
    # (templates emit a newline first) and harmless, so drop it rather than take the slow path.
    if body[:1] in b" \t\r\n":
        body = body.lstrip(b" \t\r\n")
    if body[:1] in (b"{", b"["):
        items = _from_fast(body, url)
        if items is None:
            raise SourceError("not a feed: JSON document is not a JSON Feed")
        return items
    refuse_entity_declarations(body)
    if _well_formed(body):
        items = _from_fast(body, url)
        if items is not None:
            return items
        return _from_feedparser(body, url)
    # Not well-formed: feedparser's loose parser is the faithful one, but it gives up on some
    # breakage (e.g. a comment before the XML declaration) that lxml's recovery gets through.
    failure: SourceError | None = None
    try:
        tolerant = _from_feedparser(body, url)
    except SourceError as e:
        tolerant, failure = [], e
    recovered = _from_fast(body, url)
    if recovered and len(recovered) > len(tolerant):
        return recovered
    if failure is not None:
        raise failure
    return tolerant
