"""The company registry: canonical names, their aliases, and lookup of what users type.

`resolve` answers slash-command input (`aws`, `AMZN`, `amazn` -> Amazon) and is conservative:
a near spelling resolves only when it is close to exactly one company. `suggest` and `complete`
feed "did you mean" replies and Discord autocomplete.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from bot.domain.models import Company
from bot.errors import ConfigError
from bot.settings import REPO_ROOT

# Offered first when autocomplete has no prefix: the companies LABELS.md names, in its order.
_PROMINENT = (
    "Amazon", "Google", "Meta", "Microsoft", "OpenAI", "Anthropic", "Apple", "Nvidia", "xAI", "Mistral AI",
    "Inflection AI", "Character.AI", "Scale AI", "Safe Superintelligence", "Thinking Machines Lab", "Cohere",
    "Perplexity", "Databricks", "Hugging Face", "Stability AI", "Tesla", "Salesforce", "Oracle", "IBM",
    "Intel", "AMD", "SoftBank", "Samsung", "Baidu", "Alibaba", "Tencent", "ByteDance", "DeepSeek",
)  # fmt: skip
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([^/\s?#]+).*$")
_TICKER = re.compile(r"^(?:\$|(?:nasdaq|nyse|otc|hkex|tse)\s*:\s*)", re.IGNORECASE)
_SUFFIX = re.compile(r"[\s,]+(?:inc|corp|corporation|co|ltd|llc|plc|group|holdings)\.?$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_FUZZY_MIN_LEN = 4


def normalize_key(text: str) -> str:
    """Lower-case, single-spaced, without a leading "the" or surrounding punctuation."""
    key = " ".join(text.casefold().split()).strip(" .,;:!?\"'()[]")
    key = key.removeprefix("the ").removeprefix("@")
    return key.replace("\u2019", "'")


def _compact(key: str) -> str:
    return _NON_ALNUM.sub("", key)


class CompanyRegistry:
    """All known companies, indexed by every name a user or a story may use for them."""

    def __init__(self, companies: Iterable[Company], source: str = "company list") -> None:
        self._companies: dict[str, Company] = {}
        self._order: list[str] = []
        self._keys: dict[str, str] = {}  # normalised name/alias/division/ticker/domain -> canonical
        self._compact: dict[str, str | None] = {}  # "characterai" -> canonical (None: ambiguous)
        self._by_cik: dict[str, str] = {}
        for company in companies:
            if company.name in self._companies:
                raise ConfigError(f"{source}: company {company.name!r} is listed twice")
            self._companies[company.name] = company
            self._order.append(company.name)
            for form in self._forms(company):
                self._add_key(form, company.name, source)
            if company.cik:
                self._by_cik[company.cik.lstrip("0")] = company.name
        self._fuzzy_keys = [k for k, name in self._keys.items() if len(k) >= 3]
        self._fuzzy_names = [self._keys[k] for k in self._fuzzy_keys]

    @staticmethod
    def _forms(company: Company) -> Iterator[str]:
        yield company.name
        yield from company.aliases
        yield from company.divisions
        yield from company.tickers
        yield from company.domains

    def _add_key(self, form: str, name: str, source: str) -> None:
        key = normalize_key(form)
        if not key:
            return
        owner = self._keys.get(key)
        if owner is not None and owner != name:
            raise ConfigError(f"{source}: alias {form!r} points to both {owner!r} and {name!r}")
        self._keys[key] = name
        compact = _compact(key)
        if compact and self._compact.get(compact, name) != name:
            self._compact[compact] = None
        else:
            self._compact.setdefault(compact, name)

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def from_companies(cls, companies: Iterable[Company]) -> CompanyRegistry:
        return cls(companies)

    @classmethod
    def load(cls, path: Path | None = None) -> CompanyRegistry:
        if path is None:
            path = REPO_ROOT / "config/companies.toml"
            if not path.exists():
                path = Path.cwd() / "config/companies.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: company registry file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        entries = data.get("company")
        if not isinstance(entries, list) or not entries:
            raise ConfigError(f"{path}: no [[company]] entries")
        companies: list[Company] = []
        for number, entry in enumerate(entries, 1):
            try:
                companies.append(Company.model_validate(entry))
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(part) for part in err["loc"]) or "entry"
                label = entry.get("name", f"#{number}") if isinstance(entry, dict) else f"#{number}"
                raise ConfigError(f"{path}: company {label}: {where}: {err['msg']}") from None
        return cls(companies, source=str(path))

    # -- lookups -------------------------------------------------------------------------------
    def get(self, name: str) -> Company | None:
        return self._companies.get(name)

    def names(self) -> list[str]:
        return list(self._order)

    def __iter__(self) -> Iterator[Company]:
        return (self._companies[name] for name in self._order)

    def __len__(self) -> int:
        return len(self._companies)

    def by_cik(self, cik: str | int) -> Company | None:
        name = self._by_cik.get(str(cik).strip().lstrip("0"))
        return self._companies[name] if name else None

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """(name as written in text, canonical name) for names, aliases and divisions."""
        for company in self:
            for form in (company.name, *company.aliases, *company.divisions):
                yield form, company.name

    def _exact(self, text: str) -> str | None:
        key = normalize_key(text)
        if not key:
            return None
        # a URL is one token: "figure technology solutions" must not shrink to "figure"
        url = _URL.sub(r"\1", key) if " " not in key else key
        for candidate in (key, _TICKER.sub("", key), url, _SUFFIX.sub("", key)):
            name = self._keys.get(candidate)
            if name:
                return name
        return self._compact.get(_compact(key))

    def exact(self, text: str) -> Company | None:
        """Like `resolve` without near spellings: for names found in news text."""
        name = self._exact(text)
        return self._companies[name] if name else None

    def resolve(self, text: str) -> Company | None:
        """The company a user means, or None; near spellings only when unambiguous."""
        name = self._exact(text)
        if name:
            return self._companies[name]
        key = normalize_key(text)
        if len(key) < _FUZZY_MIN_LEN:
            return None
        cutoff = 85.0 if len(key) <= 6 else 80.0
        hits = process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=8)
        if not hits:
            return None
        best = self._fuzzy_names[hits[0][2]]
        rivals = {self._fuzzy_names[i] for _, score, i in hits if score >= hits[0][1] - 3}
        return self._companies[best] if rivals == {best} else None

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """Canonical names close to `text`, best first, for "did you mean" replies."""
        key = normalize_key(text)
        if not key or limit <= 0:
            return []
        out: list[str] = []
        exact = self._exact(text)
        if exact:
            out.append(exact)
        hits = process.extract(key, self._fuzzy_keys, scorer=fuzz.WRatio, score_cutoff=60, limit=limit * 6)
        for _, _, index in hits:
            name = self._fuzzy_names[index]
            if name not in out:
                out.append(name)
            if len(out) >= limit:
                break
        return out

    def complete(self, prefix: str, limit: int = 25) -> list[str]:
        """Autocomplete: names/aliases starting with `prefix`, then containing it, then fuzzy."""
        key = normalize_key(prefix)
        if not key:
            rank = {name: i for i, name in enumerate(_PROMINENT)}
            return sorted(self._order, key=lambda n: rank.get(n, len(rank)))[:limit]
        best: dict[str, int] = {}  # canonical -> 0 name prefix, 1 alias prefix, 2 word prefix, 3 substring
        for form, name in self._keys.items():
            if form.startswith(key):
                tier = 0 if form == normalize_key(name) else 1
            elif any(word.startswith(key) for word in form.split()):
                tier = 2
            elif key in form:
                tier = 3
            else:
                continue
            best[name] = min(tier, best.get(name, 9))
        position = {name: i for i, name in enumerate(self._order)}
        out = sorted(best, key=lambda n: (best[n], position[n]))
        if len(out) < limit and len(key) >= 2:
            out += [n for n in self.suggest(key, limit) if n not in out]
        return out[:limit]
