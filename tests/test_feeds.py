"""Feed parsing: every real and broken document parses or fails with one line; no entity tricks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.errors import SourceError
from bot.sources.feeds import parse_feed

BASE = "https://example.com/feed"


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(("LICENSE", "INDEX")))


def _parse_or_one_line(path: Path) -> list | None:
    try:
        return parse_feed(path.read_bytes(), BASE)
    except SourceError as e:
        assert str(e) and "\n" not in str(e), path
        return None


def test_real_feeds_parse_with_the_indexed_item_counts(shared_dir: Path) -> None:
    index = {f["file"]: f for f in json.loads((shared_dir / "feeds/real/INDEX.json").read_text())["feeds"]}
    for path in _files(shared_dir / "feeds/real"):
        if path.suffix == ".json":
            continue
        items = parse_feed(path.read_bytes(), BASE)
        assert len(items) == index[path.name]["items"], path.name
        for it in items:
            assert it.title and it.guid
            assert it.published is None or it.published.tzinfo is UTC
        if index[path.name]["item_dates"]:
            assert all(it.published is not None for it in items), path.name


def test_malformed_corpus_parses_or_raises_one_line_source_error(shared_dir: Path) -> None:
    files = _files(shared_dir / "feeds/malformed")
    assert files
    for path in files:
        _parse_or_one_line(path)  # any other exception fails the test


def test_wellformed_samples_parse(shared_dir: Path) -> None:
    refused = []
    for path in _files(shared_dir / "feeds/wellformed"):
        if _parse_or_one_line(path) is None:
            refused.append(path.name)
    # only the two samples that declare entities in their DOCTYPE are refused, by policy
    assert sorted(refused) == ["doctype_contains_entity_decl.xml", "entity_in_doctype.xml"]


def test_comment_before_xml_declaration_still_yields_items(shared_dir: Path) -> None:
    # feedparser gives up on this one; lxml's recovery (through fastfeedparser) does not
    path = (
        shared_dir
        / "feeds/malformed/real_world/dylanharris-arts-and-ego-invalid-xml-decl_2026-02-17__kagi-fastfeedparser.xml"
    )
    assert len(parse_feed(path.read_bytes(), BASE)) == 35


def test_truncated_real_feed_keeps_the_items_before_the_cut(shared_dir: Path) -> None:
    path = (
        shared_dir
        / "feeds/malformed/real_world/reddit-artificialinteligence-truncated_2026-03-17__openclaw.xml"
    )
    items = _parse_or_one_line(path)
    assert items, "feedparser's fallback recovers the complete entries"


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.com/</link>
<item><title>OpenAI hires &lt;b&gt;former&lt;/b&gt; Meta researcher</title>
<link>/2026/03/openai-hire?utm_source=rss</link>
<description><![CDATA[<p>The <b>lab</b> &amp; its rival.</p><script>alert(1)</script>]]></description>
<pubDate>Tue, 10 Mar 2026 14:00:00 +0100</pubDate><guid isPermaLink="false">abc-1</guid></item>
<item><title>No date here</title><link>https://example.com/b</link></item>
</channel></rss>"""


def test_rss_item_fields_are_clean_text_and_utc() -> None:
    first, second = parse_feed(RSS, BASE)
    assert first.title == "OpenAI hires former Meta researcher"
    assert first.link == "https://example.com/2026/03/openai-hire?utm_source=rss"
    assert first.summary == "The lab & its rival."
    assert first.published == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    assert first.guid == "abc-1"
    assert second.published is None and second.guid == "https://example.com/b"


def test_atom_and_rdf() -> None:
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><id>tag:x,2026:1</id><title type="html">Anthropic raises $2B</title>
    <link rel="alternate" href="https://x.com/a"/><updated>2026-02-01T10:00:00Z</updated>
    <summary>Round led by someone.</summary></entry></feed>"""
    (item,) = parse_feed(atom, BASE)
    assert (item.title, item.link, item.guid) == ("Anthropic raises $2B", "https://x.com/a", "tag:x,2026:1")
    assert item.published == datetime(2026, 2, 1, 10, tzinfo=UTC)
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.com/"><title>R</title></channel>
    <item rdf:about="https://x.com/1"><title>RDF item</title><link>https://x.com/1</link></item></rdf:RDF>"""
    assert [i.title for i in parse_feed(rdf, BASE)] == ["RDF item"]


def test_json_feed() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {
                "id": "1",
                "url": "https://x.com/j1",
                "title": "Mistral names new CTO",
                "content_html": "<p>Hello &amp; welcome</p>",
                "date_published": "2026-01-05T08:30:00-05:00",
            }
        ],
    }
    (item,) = parse_feed(json.dumps(doc).encode(), BASE)
    assert item.title == "Mistral names new CTO" and item.link == "https://x.com/j1"
    assert item.published == datetime(2026, 1, 5, 13, 30, tzinfo=UTC)
    with pytest.raises(SourceError, match="not a feed"):
        parse_feed(b'{"hello": "world"}', BASE)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://x.com/1</link></item></channel></rss>"""


def _xxe(target: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "' + target + b'"> ]>\n'
        b'<rss version="2.0"><channel><title>t</title><item><title>&xxe;</title>'
        b"<link>https://x.com/1</link></item></channel></rss>"
    )


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(SourceError, match="refused"):
        parse_feed(BILLION_LAUGHS, BASE)
    # the same bomb in UTF-16 must not slip past the byte scan
    with pytest.raises(SourceError, match="refused"):
        parse_feed(
            BILLION_LAUGHS.decode().replace('"1.0"?>', '"1.0" encoding="utf-16"?>').encode("utf-16"), BASE
        )


def test_entity_declarations_hidden_behind_padding_or_quotes_are_refused() -> None:
    padded = BILLION_LAUGHS.replace(b"<!DOCTYPE", b"<!--" + b" " * 100_000 + b"-->\n<!DOCTYPE", 1)
    quoted = BILLION_LAUGHS.replace(b"<!DOCTYPE rss [", b'<!DOCTYPE rss [ <!ATTLIST rss x CDATA "]><y">', 1)
    for doc in (padded, quoted):
        with pytest.raises(SourceError, match="refused"):
            parse_feed(doc, BASE)


def test_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    for target in (secret.as_uri().encode(), b"http://127.0.0.1:9/x"):
        with pytest.raises(SourceError, match="refused"):
            parse_feed(_xxe(target), BASE)
    parameter = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "' + secret.as_uri().encode() + b'"> %p;]>'
        b'<rss version="2.0"><channel><title>t</title></channel></rss>'
    )
    with pytest.raises(SourceError, match="refused"):
        parse_feed(parameter, BASE)


def test_external_dtd_without_entities_is_not_fetched(tmp_path: Path) -> None:
    # RSS 0.91 feeds reference Netscape's DTD; it must neither be loaded nor break parsing
    doc = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://127.0.0.1:9/rss-0.91.dtd">\n<rss version="0.91"><channel><title>t</title>'
        b"<item><title>Old style</title><link>https://x.com/o</link></item></channel></rss>"
    )
    assert [i.title for i in parse_feed(doc, BASE)] == ["Old style"]


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<!doctype html><html><body><p>Not a feed</p></body></html>", "not a feed"),
        (b"\x00\x01\x02garbage", "not a feed"),
        (b"<rss", "not a feed"),
    ],
)
def test_non_feeds_raise_one_line(body: bytes, reason: str) -> None:
    with pytest.raises(SourceError, match=reason) as info:
        parse_feed(body, BASE)
    assert "\n" not in str(info.value)
