"""Pure functions behind `talentbot classify` and `talentbot eval` (CONTRACT.md formats).

Company names are compared after mapping both sides through the registry, so a gold "Thrive
Capital" and a predicted "Thrive" (LABELS.md drops "Capital") count as the same company.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.domain.companies import CompanyRegistry
from bot.domain.models import Classification


class _Classifies(Protocol):
    registry: CompanyRegistry

    def classify(self, title: str, summary: str = "") -> Classification: ...


@dataclass(frozen=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class EvalReport:
    items: int
    talent: PRF
    investment: PRF
    companies: PRF
    negatives: int  # items labelled neither
    false_alerts: int  # of those, flagged talent or investment
    errors: int = 0  # lines that could not be read
    mistakes: tuple[str, ...] = field(default=())  # one line per wrong item, for the report

    @property
    def false_alert_rate(self) -> float:
        return self.false_alerts / self.negatives if self.negatives else 0.0


def _parse(line: str) -> dict[str, Any]:
    item = json.loads(line)
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    if not isinstance(item.get("title"), str):
        raise ValueError('missing string field "title"')
    summary = item.get("summary") or ""
    if not isinstance(summary, str):
        raise ValueError('"summary" is not a string')
    return item


def classify_lines(lines: Iterable[str], classifier: _Classifies) -> Iterator[str]:
    """JSON Lines in, JSON Lines out, same order; a bad line yields a line with an "error" field."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = _parse(line)
        except ValueError as exc:  # JSONDecodeError is a ValueError
            item_id = None
            try:
                raw = json.loads(line)
                item_id = raw.get("id") if isinstance(raw, dict) else None
            except ValueError:
                pass
            yield json.dumps({"id": item_id, "error": f"line {number}: {exc}"}, ensure_ascii=False)
            continue
        result = classifier.classify(item["title"], item.get("summary") or "")
        out = {
            "id": item.get("id"),
            "talent": result.talent,
            "investment": result.investment,
            "companies": list(result.companies),
            "people": list(result.people),
            "confidence": result.confidence,
            "why": result.why,
        }
        yield json.dumps(out, ensure_ascii=False)


def _canonical(names: Iterable[str], registry: CompanyRegistry) -> set[str]:
    out: set[str] = set()
    for name in names:
        company = registry.exact(name)
        out.add(company.name if company else " ".join(name.casefold().split()))
    return out


def evaluate(items: Iterable[dict[str, Any] | str], classifier: _Classifies) -> EvalReport:
    """Score labelled items (dicts or JSON lines with LABELS.md fields)."""
    talent = investment = companies = PRF()
    count = negatives = false_alerts = errors = 0
    mistakes: list[str] = []
    for raw in items:
        try:
            item = _parse(raw) if isinstance(raw, str) else raw
            if isinstance(raw, str) and not raw.strip():
                continue
        except ValueError:
            errors += 1
            continue
        count += 1
        got = classifier.classify(item["title"], item.get("summary") or "")
        want_t, want_i = bool(item.get("talent")), bool(item.get("investment"))
        talent += PRF(want_t and got.talent, got.talent and not want_t, want_t and not got.talent)
        investment += PRF(
            want_i and got.investment, got.investment and not want_i, want_i and not got.investment
        )
        gold = _canonical(item.get("companies") or (), classifier.registry)
        pred = _canonical(got.companies, classifier.registry)
        companies += PRF(len(gold & pred), len(pred - gold), len(gold - pred))
        if not (want_t or want_i):
            negatives += 1
            false_alerts += got.relevant
        if (want_t, want_i) != (got.talent, got.investment) or gold != pred:
            flag = lambda t, i: ("T" if t else "-") + ("I" if i else "-")  # noqa: E731
            mistakes.append(
                f"{item.get('id', '?')}: want {flag(want_t, want_i)} {sorted(gold)} got "
                f"{flag(got.talent, got.investment)} {sorted(pred)} | {item['title'][:70]}"
            )
    return EvalReport(count, talent, investment, companies, negatives, false_alerts, errors, tuple(mistakes))


def format_report(report: EvalReport, max_mistakes: int = 20) -> str:
    rows = [
        f"items: {report.items}   negatives: {report.negatives}   unreadable lines: {report.errors}",
        "",
        f"{'label':<12}{'precision':>10}{'recall':>9}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    for label, prf in (
        ("talent", report.talent),
        ("investment", report.investment),
        ("companies", report.companies),
    ):
        rows.append(
            f"{label:<12}{prf.precision:>10.3f}{prf.recall:>9.3f}{prf.f1:>8.3f}{prf.tp:>6}{prf.fp:>6}{prf.fn:>6}"
        )
    rows += ["", f"false alerts: {report.false_alerts}/{report.negatives} = {report.false_alert_rate:.1%}"]
    if report.mistakes and max_mistakes:
        rows += ["", f"mistakes ({len(report.mistakes)}):"]
        rows += [f"  {m}" for m in report.mistakes[:max_mistakes]]
    return "\n".join(rows)
