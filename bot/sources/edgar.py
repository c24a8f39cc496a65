"""Kind `edgar`: SEC EDGAR submissions of one company (by CIK) → officer changes and private rounds.

8-K filings whose items include 5.02 (departure/appointment of directors or officers) are talent
news straight from the source; Form D is a notice of an exempt private placement (a funding round).
SEC asks every client for a User-Agent naming a contact, so it is required, not defaulted.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.domain.models import FeedItem
from bot.errors import ConfigError, SourceError
from bot.sources.fetch import Fetcher
from bot.sources.rss import fetch_parsed
from bot.sources.spec import PollOutcome, SourceSpec, Validators

SUBMISSIONS_URL = "https://data.sec.gov/submissions/CIK{cik}.json"
ARCHIVE_URL = "https://www.sec.gov/Archives/edgar/data/{cik}/{folder}/{accession}-index.htm"
MAX_FILINGS = 40  # newest matching filings per poll; older ones were seen by earlier polls


def require_user_agent(value: str | None) -> str:
    if not value or not value.strip():
        raise ConfigError("TALENTBOT_SEC_USER_AGENT: required when an edgar source is configured")
    return value.strip()


def pad_cik(cik: str) -> str:
    digits = cik.strip().upper().removeprefix("CIK")
    if not digits.isdigit() or len(digits) > 10:
        raise ConfigError(f"edgar source: CIK {cik!r} is not a number of up to 10 digits")
    return digits.zfill(10)


def _headline(company: str, form: str, items: str) -> str | None:
    if form == "8-K" and "5.02" in {i.strip() for i in items.split(",")}:
        return f"{company} files 8-K Item 5.02: departure/appointment of officers"
    if form == "D":
        return f"{company} files Form D (private placement)"
    return None


def _when(accepted: Any, filed: Any) -> datetime | None:
    for value in (accepted, filed):
        if isinstance(value, str) and value:
            try:
                dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return None


def parse_submissions(body: bytes, company: str | None = None) -> list[FeedItem]:
    try:
        doc = json.loads(body)
        recent = doc["filings"]["recent"]
        columns = {k: recent[k] for k in ("accessionNumber", "filingDate", "form")}
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise SourceError("not an EDGAR submissions document") from None
    name = company or str(doc.get("name") or "").strip() or "Company"
    cik = str(int(doc.get("cik") or 0)) if str(doc.get("cik") or "").isdigit() else ""
    n = len(columns["accessionNumber"])
    items_col = recent.get("items") or [""] * n
    accepted_col = recent.get("acceptanceDateTime") or [None] * n
    out: list[FeedItem] = []
    for i in range(n):
        accession = str(columns["accessionNumber"][i])
        headline = _headline(name, str(columns["form"][i]), str(items_col[i] if i < len(items_col) else ""))
        if headline is None:
            continue
        filer = cik or accession.split("-", 1)[0].lstrip("0")
        link = ARCHIVE_URL.format(cik=filer, folder=accession.replace("-", ""), accession=accession)
        out.append(
            FeedItem(
                guid=f"edgar:{accession}",
                link=link,
                title=headline,
                summary=f"SEC filing {accession}, filed {columns['filingDate'][i]}.",
                published=_when(accepted_col[i] if i < len(accepted_col) else None, columns["filingDate"][i]),
                outlet="SEC EDGAR",
            )
        )
        if len(out) >= MAX_FILINGS:
            break  # EDGAR lists newest first
    return out


async def poll(
    fetcher: Fetcher, source: SourceSpec, state: Validators, *, sec_user_agent: str | None = None, **_: object
) -> PollOutcome:
    agent = require_user_agent(sec_user_agent)
    url = source.url or SUBMISSIONS_URL.format(cik=pad_cik(source.query or ""))
    return await fetch_parsed(
        fetcher,
        url,
        state,
        lambda body, _url: parse_submissions(body, source.company),
        headers={"User-Agent": agent},
    )
