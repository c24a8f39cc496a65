"""The store: one object the app passes around, holding a repository per concern."""

from __future__ import annotations

import sqlalchemy as sa

from bot.store.channels import ChannelRepo
from bot.store.db import Database
from bot.store.outbox import OutboxRepo
from bot.store.schema import app_state
from bot.store.sources import SourceRepo
from bot.store.stories import StoryRepo


class Store:
    def __init__(
        self, db: Database, *, default_digest_time: str = "09:00", default_timezone: str = "UTC"
    ) -> None:
        self.db = db
        self.stories = StoryRepo(db)
        self.channels = ChannelRepo(db, default_time=default_digest_time, default_tz=default_timezone)
        self.outbox = OutboxRepo(db)
        self.sources = SourceRepo(db)

    async def get_state(self, key: str) -> str | None:
        async with self.db.engine.connect() as conn:
            row = (await conn.execute(sa.select(app_state.c.value).where(app_state.c.key == key))).first()
        return row.value if row is not None else None

    async def set_state(self, key: str, value: str) -> None:
        async with self.db.engine.begin() as conn:
            done = await conn.execute(app_state.update().where(app_state.c.key == key).values(value=value))
            if not done.rowcount:
                await conn.execute(self.db.insert_ignore(app_state).values(key=key, value=value))

    async def ping(self) -> bool:
        try:
            async with self.db.engine.connect() as conn:
                await conn.execute(sa.text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - health checks report, they don't raise
            return False
