"""Canonical URLs and clean text: the same story must get the same key from every feed.

`canonical_url` is the story dedupe key, so it errs on the side of merging variants of one page
(AMP, mobile host, tracking parameters, trailing slash) and never merges two different pages that
differ in a meaningful query parameter (those are kept, only sorted).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

if TYPE_CHECKING:
    from bot.domain.models import FeedItem

# Parameters that only say who sent the reader; never part of what the page is.
_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "referrer", "cmpid", "cmp", "icid",
        "ncid", "sr_share", "smid", "smtyp", "guccounter", "guce_referrer",
        "guce_referrer_sig", "ito", "mkt_tok", "_hsenc", "_hsmi", "hsctatracking", "spm",
        "outputtype", "amp", "feedtype", "taid", "at_medium", "at_campaign",
        "xtor", "s_cid", "soc_src", "soc_trk", "trk", "trkcampaign", "src", "via", "tpcc",
        "_ga", "_gl", "oly_anon_id", "oly_enc_id", "vero_id", "wt.mc_id", "mbid", "ocid",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "__twitter", "ga_", "itm_")
_MOBILE_HOST_PREFIXES = ("amp.", "m.", "mobile.")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HIDDEN_TAG = re.compile(r"<(?:script|style|noscript|iframe|template)\b", re.IGNORECASE)
_SLASHES = re.compile(r"/{2,}")
_AMP_SEGMENT = re.compile(r"/amp(?=/|$)|\.amp(?=\.html?$|$)")


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k in _TRACKING_EXACT or k.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str, base: str | None = None) -> str:
    """One spelling per page: see the module docstring. Non-HTTP values come back stripped."""
    url = (url or "").strip()
    if base:
        url = urljoin(base, url)
    return _canonical(url)


@lru_cache(maxsize=16384)  # every poll of a changed feed sees mostly the links of the last one
def _canonical(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    for prefix in _MOBILE_HOST_PREFIXES:
        # keep hosts like "m.com" whose rest is not itself a domain with a dot
        if host.startswith(prefix) and "." in host[len(prefix) :]:
            host = host[len(prefix) :]
            break
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = parts.path
    if "amp" in path:
        path = _AMP_SEGMENT.sub("", path)
    if "//" in path:
        path = _SLASHES.sub("/", path)
    path = path.rstrip("/") or "/"
    if not parts.query:
        return f"{scheme}://{host}{path}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    if not query:
        return f"{scheme}://{host}{path}"
    query.sort()
    return f"{scheme}://{host}{path}?{urlencode(query)}"


def clean_text(markup: str, limit: int | None = None) -> str:
    """HTML fragment → plain text: no script/style, entities decoded, whitespace collapsed.

    limit: cut the result to about this many characters (at a word). Feeds that put whole
    articles in <description> would otherwise cost time and memory for text nobody reads.
    """
    if not markup:
        return ""
    if limit is not None:
        markup = markup[: limit * 8]  # markup is rarely more than 8x its text
    if "<" not in markup:
        return _cut(" ".join(html.unescape(html.unescape(markup)).split()), limit)
    tree = HTMLParser(markup)
    if _HIDDEN_TAG.search(markup):  # most summaries have none; the CSS query is not free
        for node in tree.css("script, style, noscript, iframe, template"):
            node.decompose()
    root = tree.body or tree.root
    text = root.text(separator=" ") if root is not None else ""
    # selectolax decodes entities once; a second pass catches feeds that double-escape (&amp;amp;)
    return _cut(" ".join(html.unescape(text).split()), limit)


def _cut(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head) + "…"


def clean_title(title: str) -> str:
    """A headline as one line of text; titles sometimes arrive with markup or CDATA-escaped tags."""
    return clean_text(title)


def story_key(item: FeedItem) -> str:
    """The story dedupe key: the canonical link, or the GUID when the item has no usable link."""
    if item.link:
        key = canonical_url(item.link)
        if key.startswith(("https://", "http://")):
            return key
    return f"guid:{item.guid}"
