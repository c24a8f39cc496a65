"""Shared fixtures: the `../shared` data folder (skips when absent) and the store backends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TALENTBOT_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the clone; data-driven tests skip on a clone without it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: data-driven test skipped")
    return SHARED
