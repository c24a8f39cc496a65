"""Slack installations (one bot token per workspace) and OAuth states, kept in our database.

Implements slack_sdk's `AsyncInstallationStore` and `AsyncOAuthStateStore` over SQLAlchemy async,
so every instance sharing the database sees every workspace that installed the app, and an OAuth
flow begun on one instance can finish on another. The whole `Installation` is kept as JSON (it
carries the bot token: protect the database like the tokens themselves); the key columns are
there to find it.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.schema import UTCDateTime, metadata

log = logging.getLogger(__name__)

slack_installations = sa.Table(
    "slack_installations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("enterprise_id", sa.String(32)),
    sa.Column("team_id", sa.String(32), index=True),
    sa.Column("user_id", sa.String(32)),
    sa.Column("is_enterprise_install", sa.Boolean, nullable=False, default=False),
    sa.Column("installed_at", UTCDateTime, nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # Installation.to_dict_for_copying() as JSON
)

slack_oauth_states = sa.Table(
    "slack_oauth_states",
    metadata,
    sa.Column("state", sa.String(64), primary_key=True),
    sa.Column("expires_at", UTCDateTime, nullable=False),
)


class SqlInstallationStore(AsyncInstallationStore):
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        row = {
            "enterprise_id": installation.enterprise_id,
            "team_id": installation.team_id,
            "user_id": installation.user_id,
            "is_enterprise_install": bool(installation.is_enterprise_install),
            "installed_at": datetime.fromtimestamp(installation.installed_at, UTC),
            "data": json.dumps(installation.to_dict_for_copying(), default=_json_default),
        }
        async with self.engine.begin() as conn:
            await conn.execute(slack_installations.insert().values(**row))
        log.info("slack installation saved", extra={"team": installation.team_id})

    async def async_save_bot(self, bot: Bot) -> None:
        # Bot-only saves happen on token rotation, which this app does not enable; an installation
        # row already carries the bot, so there is nothing separate to keep.
        return None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        query = _match(enterprise_id, team_id, is_enterprise_install)
        if user_id is not None:
            query = query.where(slack_installations.c.user_id == user_id)
        async with self.engine.connect() as conn:
            row = (await conn.execute(query.limit(1))).first()
        return _installation(row.data) if row is not None else None

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        installation = await self.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if installation is None or not installation.bot_token:
            return None
        return installation.to_bot()

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._delete(enterprise_id, team_id, None)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self._delete(enterprise_id, team_id, user_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._delete(enterprise_id, team_id, None)  # one statement: bot and installers alike

    async def _delete(self, enterprise_id: str | None, team_id: str | None, user_id: str | None) -> None:
        condition = _where(enterprise_id, team_id, is_enterprise_install=team_id is None)
        if user_id is not None:
            condition = sa.and_(condition, slack_installations.c.user_id == user_id)
        async with self.engine.begin() as conn:
            await conn.execute(slack_installations.delete().where(condition))


class SqlOAuthStateStore(AsyncOAuthStateStore):
    """One-time `state` values for the OAuth redirect, shared by every instance."""

    def __init__(self, engine: AsyncEngine, *, expiration_seconds: int = 600) -> None:
        self.engine = engine
        self.expiration = timedelta(seconds=expiration_seconds)

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        async with self.engine.begin() as conn:
            await conn.execute(slack_oauth_states.delete().where(slack_oauth_states.c.expires_at < now))
            await conn.execute(
                slack_oauth_states.insert().values(state=state, expires_at=now + self.expiration)
            )
        return state

    async def async_consume(self, state: str) -> bool:
        table = slack_oauth_states
        async with self.engine.begin() as conn:
            done = await conn.execute(
                table.delete().where(table.c.state == state, table.c.expires_at >= datetime.now(UTC))
            )
        return bool(done.rowcount)  # deleting it makes the state single-use, even across instances


def _where(enterprise_id: str | None, team_id: str | None, *, is_enterprise_install: bool | None) -> Any:
    t = slack_installations.c
    if is_enterprise_install or team_id is None:
        # An org-wide install covers every workspace of the Enterprise Grid org.
        return sa.and_(t.enterprise_id == enterprise_id, t.is_enterprise_install.is_(True))
    # Team ids are unique across Slack, so a channel's workspace id alone finds its install.
    condition = t.team_id == team_id
    if enterprise_id is not None:
        condition = sa.and_(condition, t.enterprise_id == enterprise_id)
    return condition


def _match(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> sa.Select:
    where = _where(enterprise_id, team_id, is_enterprise_install=is_enterprise_install)
    t = slack_installations.c
    return sa.select(t.data).where(where).order_by(t.installed_at.desc(), t.id.desc())


def _installation(data: str) -> Installation:
    return Installation(**json.loads(data))


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")
