"""The database connection: one async code path for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import fcntl
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.errors import ConfigError

MIGRATIONS = Path(__file__).with_name("migrations")


def async_url(url: str) -> str:
    """Map the contract's URLs to SQLAlchemy async driver URLs."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url.removeprefix(prefix)
    raise ConfigError(f'TALENTBOT_DATABASE_URL: not a sqlite:/// or postgresql:// URL: "{url}"')


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    rest = url.removeprefix("sqlite:///")
    return None if rest in ("", ":memory:") else Path(rest)


class Database:
    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        self.url = url
        self.path = sqlite_path(url)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # WAL lets the scheduler read while the outbox writes; the timeout rides out short locks.
            self.engine: AsyncEngine = create_async_engine(
                async_url(url), connect_args={"timeout": 30}, pool_size=1, max_overflow=0
            )
            sa.event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            # pool_pre_ping replaces connections killed by a database restart instead of failing on them.
            self.engine = create_async_engine(
                async_url(url), pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
            )
        self.dialect = self.engine.dialect.name
        self._lock_fd: int | None = None

    def insert_ignore(self, table: sa.Table) -> Any:
        """INSERT … ON CONFLICT DO NOTHING, the dialect's way; with RETURNING it yields only new rows."""
        module = sqlite if self.dialect == "sqlite" else postgresql
        return module.insert(table).on_conflict_do_nothing()

    async def upgrade(self) -> None:
        """Apply pending Alembic migrations (Alembic's env runs its own loop, so in a thread)."""
        await asyncio.to_thread(upgrade_sync, self.url)

    def claim_single_instance(self) -> None:
        """SQLite is for one instance: a second one on the same file refuses to start."""
        if self.path is None or self._lock_fd is not None:  # nothing to hold, or held already
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ConfigError(
                f"TALENTBOT_DATABASE_URL: {self.path} is in use by another talentbot instance; "
                "SQLite serves one instance, use PostgreSQL to run several"
            ) from None
        self._lock_fd = fd

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", async_url(url).replace("%", "%%"))
    return cfg


def upgrade_sync(url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), "head")
