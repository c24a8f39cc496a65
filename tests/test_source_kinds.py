"""Source kinds (rss, google_news, hn, edgar), SourceSpec and intervals; served from 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import web

from bot.errors import ConfigError, SourceError
from bot.sources import edgar, google_news, hn
from bot.sources.fetch import Fetcher
from bot.sources.kinds import check_sources, poll_kind
from bot.sources.spec import SourceSpec, Validators, parse_interval

DATA = Path(__file__).parent / "data"
HN_FIXTURE = "feeds/real/json/hn-algolia-search_by_date-nodejs_2017-09-27__SiukAlator-HackersNews.json"

GOOGLE_NEWS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator>
<title>"Amazon" (AI OR "artificial intelligence") - Google News</title><link>https://news.google.com/search</link>
<item><title>Amazon names new head of AGI lab - Reuters</title>
<link>https://news.google.com/rss/articles/CBMiAAA?oc=5</link><guid isPermaLink="false">CBMiAAA</guid>
<pubDate>Tue, 10 Mar 2026 15:04:00 GMT</pubDate>
<description>&lt;a href="https://news.google.com/rss/articles/CBMiAAA?oc=5" target="_blank"&gt;Amazon names new head of AGI lab&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;Reuters&lt;/font&gt;</description>
<source url="https://www.reuters.com">Reuters</source></item>
<item><title>Q&amp;A - what AI - really - means for retail - The Verge</title>
<link>https://news.google.com/rss/articles/CBMiBBB?oc=5</link><guid isPermaLink="false">CBMiBBB</guid>
<pubDate>Mon, 09 Mar 2026 09:00:00 GMT</pubDate></item>
</channel></rss>"""

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>One</title><link>https://example.com/1</link></item></channel></rss>"""


@pytest.fixture
async def server() -> AsyncIterator[Callable[[str, bytes, str], str]]:
    """Register a path with a body; returns the URL. Request headers are kept in `seen`."""
    routes: dict[str, tuple[bytes, str]] = {}
    seen: list[dict[str, str]] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        body, ctype = routes[request.path]
        return web.Response(body=body, content_type=ctype)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]

    def add(path: str, body: bytes, ctype: str = "application/xml") -> str:
        routes[path] = (body, ctype)
        return f"http://127.0.0.1:{port}{path}"

    add.seen = seen  # type: ignore[attr-defined]
    yield add
    await runner.cleanup()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    f = Fetcher(user_agent="talentbot-test", timeout=5, retries=0)
    yield f
    await f.aclose()


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("5m", 300), ("1h", 3600), ("1s", 1), (" 2h ", 7200)])
def test_parse_interval(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["0s", "-5m", "5", "5d", "m", "1.5h", "", "5 minutes"])
def test_parse_interval_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="positive number followed by s, m or h"):
        parse_interval(text)


def test_source_spec_validation() -> None:
    SourceSpec(name="a", kind="rss", url="https://x.com/feed")
    with pytest.raises(ValueError, match="needs a url"):
        SourceSpec(name="a", kind="rss")
    with pytest.raises(ValueError, match="not one of"):
        SourceSpec(name="a", kind="atom")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="CIK"):
        SourceSpec(name="a", kind="edgar")


async def test_rss_poll_new_then_unchanged(fetcher: Fetcher, server) -> None:
    spec = SourceSpec(name="r", kind="rss", url=server("/feed", RSS))
    first = await poll_kind(fetcher, spec, Validators())
    assert first.status == "new" and [i.title for i in first.items] == ["One"]
    second = await poll_kind(fetcher, spec, first.validators)
    assert second.status == "unchanged" and second.items == []


async def test_rss_poll_of_a_non_feed_is_a_source_error(fetcher: Fetcher, server) -> None:
    spec = SourceSpec(name="r", kind="rss", url=server("/page", b"<html><body>hi</body></html>", "text/html"))
    with pytest.raises(SourceError, match="not a feed"):
        await poll_kind(fetcher, spec, Validators())


def test_google_news_search_url() -> None:
    url = google_news.search_url(google_news.company_query("Amazon"))
    assert url.startswith("https://news.google.com/rss/search?q=")
    assert url.endswith("&hl=en-US&gl=US&ceid=US%3Aen")
    assert parse_qs(urlsplit(url).query)["q"] == ['"Amazon" (AI OR "artificial intelligence")']


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Amazon names new head of AGI lab - Reuters", ("Amazon names new head of AGI lab", "Reuters")),
        ("Q&A - what AI - really - means - The Verge", ("Q&A - what AI - really - means", "The Verge")),
        ("No outlet here", ("No outlet here", "")),
        (" - Reuters", (" - Reuters", "")),
    ],
)
def test_google_news_split_title(title: str, expected: tuple[str, str]) -> None:
    assert google_news.split_title(title) == expected


async def test_google_news_poll_unwraps_titles(fetcher: Fetcher, server) -> None:
    spec = SourceSpec(name="g", kind="google_news", company="Amazon", url=server("/gn", GOOGLE_NEWS.encode()))
    outcome = await poll_kind(fetcher, spec, Validators())
    first, second = outcome.items
    assert (first.title, first.outlet, first.summary) == ("Amazon names new head of AGI lab", "Reuters", "")
    assert first.published == datetime(2026, 3, 10, 15, 4, tzinfo=UTC)
    assert (second.title, second.outlet) == ("Q&A - what AI - really - means for retail", "The Verge")


def test_hn_parse_real_response(shared_dir: Path) -> None:
    items = hn.parse((shared_dir / HN_FIXTURE).read_bytes())
    assert len(items) == 4  # the other 16 hits are comments
    first = items[0]
    assert first.title == "Node8’s util.promisify is so freakin’ awesome"
    assert first.guid == "hn:15353234" and first.outlet == "medium.com"
    assert first.published == datetime(2017, 9, 27, 23, 17, 7, tzinfo=UTC)
    assert all(i.link.startswith("http") for i in items)


def test_hn_ask_story_links_to_discussion() -> None:
    body = b'{"hits": [{"title": "Ask HN: Who is hiring?", "url": null, "objectID": "42", "created_at_i": 1700000000, "story_text": "<p>Hiring &amp; more</p>"}]}'
    (item,) = hn.parse(body)
    assert item.link == "https://news.ycombinator.com/item?id=42" and item.outlet == "Hacker News"
    assert item.summary == "Hiring & more"
    with pytest.raises(SourceError, match="not an HN search answer"):
        hn.parse(b"<html></html>")


def test_hn_search_url_is_stable_within_the_hour() -> None:
    spec = SourceSpec(name="h", kind="hn", query="OpenAI hires")
    a, b = hn.url_for(spec, now=1_700_000_100), hn.url_for(spec, now=1_700_000_900)
    assert a == b
    q = parse_qs(urlsplit(a).query)
    assert q["query"] == ["OpenAI hires"] and q["tags"] == ["story"]
    assert q["numericFilters"][0].startswith("created_at_i>")
    assert a.startswith("https://hn.algolia.com/api/v1/search_by_date?")


async def test_hn_poll(fetcher: Fetcher, server, shared_dir: Path) -> None:
    url = server("/hn", (shared_dir / HN_FIXTURE).read_bytes(), "application/json")
    outcome = await poll_kind(fetcher, SourceSpec(name="h", kind="hn", query="x", url=url), Validators())
    assert outcome.status == "new" and len(outcome.items) == 4


def test_edgar_parse_fixture() -> None:
    items = edgar.parse_submissions((DATA / "edgar_submissions.json").read_bytes())
    assert [i.title for i in items] == [
        "Lumenfold AI, Inc. files 8-K Item 5.02: departure/appointment of officers",
        "Lumenfold AI, Inc. files Form D (private placement)",
        "Lumenfold AI, Inc. files 8-K Item 5.02: departure/appointment of officers",
        "Lumenfold AI, Inc. files 8-K Item 5.02: departure/appointment of officers",
    ]
    first, form_d = items[0], items[1]
    assert (
        first.link
        == "https://www.sec.gov/Archives/edgar/data/1987654/000198765426000031/0001987654-26-000031-index.htm"
    )
    assert first.guid == "edgar:0001987654-26-000031" and first.outlet == "SEC EDGAR"
    assert first.published == datetime(2026, 3, 12, 16, 31, 7, tzinfo=UTC)
    assert "/1987654/000119312526104455/" in form_d.link  # an agent's accession, filed under the company
    named = edgar.parse_submissions((DATA / "edgar_submissions.json").read_bytes(), "Lumenfold")
    assert named[0].title.startswith("Lumenfold files 8-K")
    with pytest.raises(SourceError, match="not an EDGAR submissions document"):
        edgar.parse_submissions(b'{"cik": "1"}')


async def test_edgar_poll_sends_the_sec_user_agent(fetcher: Fetcher, server) -> None:
    url = server("/CIK0001987654.json", (DATA / "edgar_submissions.json").read_bytes(), "application/json")
    spec = SourceSpec(name="e", kind="edgar", query="1987654", url=url)
    outcome = await poll_kind(fetcher, spec, Validators(), sec_user_agent="Talentbot ops@example.com")
    assert len(outcome.items) == 4
    assert server.seen[-1]["User-Agent"] == "Talentbot ops@example.com"


async def test_edgar_without_user_agent_is_a_config_error(fetcher: Fetcher) -> None:
    spec = SourceSpec(name="e", kind="edgar", query="320193")
    message = "TALENTBOT_SEC_USER_AGENT: required when an edgar source is configured"
    with pytest.raises(ConfigError, match=message):
        await poll_kind(fetcher, spec, Validators())
    with pytest.raises(ConfigError, match=message):
        check_sources([spec], None)
    check_sources([spec], "Talentbot ops@example.com")
    with pytest.raises(ConfigError, match="CIK"):
        check_sources([SourceSpec(name="e", kind="edgar", query="apple")], "ua")
    assert edgar.pad_cik("320193") == "0000320193" and edgar.pad_cik("CIK0000320193") == "0000320193"
