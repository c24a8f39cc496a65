"""Shared fixtures: the `../shared` data folder (skips when absent) and the store backends."""

from __future__ import annotations

import asyncio
import os
import uuid
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


# ---- store backends -------------------------------------------------------------------------

PG_URL = os.environ.get("TALENTBOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _pg_reachable() -> bool:
    import asyncpg

    async def probe() -> bool:
        try:
            conn = await asyncpg.connect(PG_URL, timeout=3)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            return False
        await conn.close()
        return True

    return asyncio.run(probe())


@pytest.fixture(scope="session")
def pg_database() -> str:
    """A fresh PostgreSQL database for this test session, migrated; dropped afterwards.

    Outside CI the PostgreSQL tests skip when the server is not reachable; in CI they fail."""
    import asyncpg

    if not _pg_reachable():
        message = f"PostgreSQL not reachable at {PG_URL} (set TALENTBOT_TEST_PG_URL)"
        if IN_CI:
            pytest.fail(message + " — CI must run the PostgreSQL store tests")
        pytest.skip(message)
    name = f"talentbot_test_{uuid.uuid4().hex[:10]}"
    base, _, _ = PG_URL.rpartition("/")

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(PG_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = f"{base}/{name}"
    from bot.store.db import upgrade_sync

    upgrade_sync(url)
    yield url
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _truncate_pg(url: str) -> None:
    import asyncpg

    from bot.store.schema import metadata

    async def run() -> None:
        conn = await asyncpg.connect(url)
        try:
            tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            await conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database URL, once per backend."""
    if request.param == "sqlite":
        from bot.store.db import upgrade_sync

        url = f"sqlite:///{tmp_path / 'test.db'}"
        upgrade_sync(url)
        return url
    url = request.getfixturevalue("pg_database")
    _truncate_pg(url)
    return url


@pytest.fixture
async def store(db_url: str):
    from bot.store.db import Database
    from bot.store.queries import Store

    db = Database(db_url)
    yield Store(db)
    await db.dispose()
