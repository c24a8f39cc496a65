"""canonical_url, clean_text and story_key: one key per page, clean one-line text."""

from __future__ import annotations

import pytest

from bot.domain.models import FeedItem
from bot.sources.normalize import canonical_url, clean_text, clean_title, story_key


@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("HTTPS://Example.COM:443/a/b/?utm_source=x&utm_medium=y#frag", "https://example.com/a/b"),
        ("http://example.com:80/x", "http://example.com/x"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://www.example.com/story/", "https://example.com/story"),
        ("https://example.com/?b=2&a=1&fbclid=z&gclid=q", "https://example.com/?a=1&b=2"),
        ("https://example.com/p?id=7&mc_cid=1&mc_eid=2&ref=hn&cmpid=rss", "https://example.com/p?id=7"),
        ("https://amp.example.com/news/x", "https://example.com/news/x"),
        ("https://m.example.com/news/x", "https://example.com/news/x"),
        ("https://mobile.example.co.uk/news/x", "https://example.co.uk/news/x"),
        ("https://example.com/news/x/amp/", "https://example.com/news/x"),
        ("https://example.com/amp/news/x", "https://example.com/news/x"),
        ("https://example.com/news/x?outputType=amp", "https://example.com/news/x"),
        ("https://example.com/news/x.amp.html", "https://example.com/news/x.html"),
        ("https://example.com//double//slash", "https://example.com/double/slash"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_canonical_url_keeps_meaningful_parts() -> None:
    # a path segment merely containing "amp" and a host merely starting with "m" are left alone
    assert canonical_url("https://example.com/campus/ampere") == "https://example.com/campus/ampere"
    assert canonical_url("https://mit.edu/news") == "https://mit.edu/news"
    assert canonical_url("https://m.com/x") == "https://m.com/x"
    assert canonical_url("https://example.com/watch?v=abc") == "https://example.com/watch?v=abc"


def test_canonical_url_relative_and_odd_inputs() -> None:
    assert canonical_url("/a/b?utm_campaign=1", base="https://Example.com/feed") == "https://example.com/a/b"
    assert canonical_url("mailto:x@example.com") == "mailto:x@example.com"
    assert canonical_url("  ") == ""
    assert canonical_url("http://[::1]:bad/") == "http://[::1]:bad/"  # unparseable port: as given


def test_canonical_url_is_idempotent() -> None:
    for url in ("https://M.Example.com/a/amp/?b=1&a=2&utm_x=1", "http://www.x.org:80/"):
        once = canonical_url(url)
        assert canonical_url(once) == once


def test_clean_text() -> None:
    assert (
        clean_text("<p>Hello&nbsp;<b>world</b></p><script>evil()</script><style>p{}</style>") == "Hello world"
    )
    assert clean_text("Fish &amp;amp; chips") == "Fish & chips"
    assert clean_text("a\n\n  b\t c") == "a b c"
    assert clean_text("") == ""
    assert clean_text("word " * 100, limit=20).endswith("…")
    assert len(clean_text("word " * 100, limit=20)) <= 21


def test_clean_title() -> None:
    assert (
        clean_title("  Nvidia &lt;em&gt;invests&lt;/em&gt; in\n startup ")
        == "Nvidia <em>invests</em> in startup"
    )
    assert clean_title("<em>Nvidia</em> invests") == "Nvidia invests"


def test_story_key() -> None:
    a = FeedItem(guid="g1", link="https://www.x.com/a/?utm_source=rss", title="t")
    b = FeedItem(guid="g2", link="https://x.com/a", title="t")
    assert story_key(a) == story_key(b) == "https://x.com/a"
    assert story_key(FeedItem(guid="urn:1", link="", title="t")) == "guid:urn:1"
