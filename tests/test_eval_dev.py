"""The acceptance bar on ../shared/eval/dev.jsonl (skips without the shared folder)."""

from __future__ import annotations

from pathlib import Path

from bot.classify import Classifier
from bot.classify.evaluate import evaluate, format_report


def test_dev_set_bar(shared_dir: Path) -> None:
    lines = (shared_dir / "eval/dev.jsonl").read_text().splitlines()
    report = evaluate(lines, Classifier.load())
    text = format_report(report)
    assert report.items == len([line for line in lines if line.strip()])
    assert report.talent.f1 >= 0.95, text
    assert report.investment.f1 >= 0.95, text
    assert report.companies.f1 >= 0.92, text
    assert report.false_alert_rate <= 0.02, text
