"""The one place that wires talentbot together from settings and the config file."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.chat.console import ConsoleAdapter
from bot.chat.messages import Reply
from bot.classify.classifier import Classifier
from bot.config import Config
from bot.domain.companies import CompanyRegistry
from bot.errors import ConfigError
from bot.http import HttpServer, build_app
from bot.jobs.digest import DigestService
from bot.jobs.poll import Poller, PollStatus
from bot.jobs.scheduler import Scheduler
from bot.pipeline.deliver import Deliverer
from bot.pipeline.ingest import Ingest
from bot.settings import Settings
from bot.sources.fetch import Fetcher
from bot.sources.kinds import check_sources
from bot.sources.spec import SourceSpec
from bot.store.db import Database
from bot.store.queries import Store
from bot.store.sources import SourceDef
from handlers import COMMANDS, dispatch
from handlers.base import CommandRequest, HandlerDeps

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Options:
    console: bool = False
    http: bool = True
    dynamic_sources: bool = True  # a Google News feed per subscribed company no source covers


class App:
    def __init__(
        self,
        settings: Settings,
        config: Config,
        *,
        options: Options | None = None,
        now: Callable[[], datetime] = utcnow,
        registry: CompanyRegistry | None = None,
        console: ConsoleAdapter | None = None,
    ) -> None:
        self.settings = settings
        self.config = config
        self.options = options or Options()
        self.dynamic_sources = self.options.dynamic_sources and config.polling.google_news_for_subscriptions
        self.now = now
        self.owner = settings.instance_name or f"{socket.gethostname()}:{os.getpid()}"
        self.db = Database(settings.database_url)
        self.store = Store(
            self.db, default_digest_time=config.digest.time, default_timezone=config.digest.timezone
        )
        self.registry = registry or CompanyRegistry.load()
        self.classifier = Classifier(self.registry)
        p = config.polling
        self.fetcher = Fetcher(
            user_agent=p.user_agent, max_bytes=p.max_bytes, timeout=p.timeout, per_host=p.per_host
        )
        self.ingest = Ingest(self.store, self.classifier, config.alerts)
        self.digests = DigestService(
            self.store,
            now,
            grace=timedelta(hours=config.digest.grace_hours),
            send_empty=config.digest.send_empty,
        )
        self.console = console or (ConsoleAdapter() if self.options.console else None)
        self.adapters: dict[str, Any] = {}
        if self.console is not None:
            self.adapters["console"] = self.console
        self._add_chat_adapters()
        self.deliverer = Deliverer(
            self.store, self.adapters, owner=self.owner, now=now, max_per_hour=config.alerts.max_per_hour
        )
        self.poller = Poller(
            self.store,
            self.fetcher,
            self.ingest,
            owner=self.owner,
            now=now,
            disable_after=timedelta(hours=p.disable_after_hours),
            sec_user_agent=settings.sec_user_agent,
            on_queued=self._kick,
        )
        self.scheduler = Scheduler(
            self.store,
            self.poller,
            self.deliverer,
            self.digests,
            sync_sources=self.sync_dynamic_sources if self.dynamic_sources else None,
        )
        self.handler_deps = HandlerDeps(
            store=self.store,
            registry=self.registry,
            digests=self.digests,
            now=now,
            default_digest_time=config.digest.time,
            default_timezone=config.digest.timezone,
        )
        self.http: HttpServer | None = None
        self._check_sources()

    # ---- lifecycle -------------------------------------------------------------------------
    async def prepare(self) -> None:
        """Database ready (migrated, single instance on SQLite) and configured sources stored."""
        self.db.claim_single_instance()
        await self.db.upgrade()
        await self.store.sources.sync([_source_def(s) for s in self.config.sources], self.now())
        if not self.config.polling.google_news_for_subscriptions:  # switched off: drop earlier ones
            await self.store.sources.sync([], self.now(), dynamic=True)

    async def start(self) -> None:
        await self.prepare()
        for adapter in self.adapters.values():
            await adapter.start()
        if self.options.http:
            routes = self.adapters["slack"].routes() if "slack" in self.adapters else []
            self.http = HttpServer(
                build_app(self.health, routes), self.settings.http_host, self.settings.http_port
            )
            await self.http.start()
        await self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        if self.http is not None:
            await self.http.stop()
        for adapter in self.adapters.values():
            await adapter.stop()
        await self.fetcher.aclose()
        await self.db.dispose()

    async def close(self) -> None:
        """Release what `prepare` took, for one-shot commands that never started the scheduler."""
        await self.fetcher.aclose()
        await self.db.dispose()

    # ---- work ------------------------------------------------------------------------------
    async def poll_all(self, *, force: bool = True) -> list[PollStatus]:
        statuses = []
        for source in await self.store.sources.all():
            status = await self.poller.poll(source.name, force=force)
            if status is not None:
                statuses.append(status)
        return statuses

    async def command(self, req: CommandRequest) -> Reply:
        return await dispatch(req, self.handler_deps)

    async def sync_dynamic_sources(self) -> None:
        covered = {s.company for s in self.config.sources if s.company}
        wanted = sorted((await self.store.channels.subscribed_companies()) - covered)
        defs = [SourceDef(f"Google News: {c}", "google_news", "", 900, company=c) for c in wanted]
        await self.store.sources.sync(defs, self.now(), dynamic=True)

    async def health(self) -> dict[str, bool]:
        checks = {"database": await self.store.ping(), "scheduler": self.scheduler.running}
        for name, adapter in self.adapters.items():
            checks[name] = bool(adapter.healthy)
        return checks

    def _add_chat_adapters(self) -> None:
        """Slack when a bot token or OAuth app is configured, Discord when a token is."""
        from bot.chat.discord import build_discord_adapter
        from bot.chat.slack.factory import build_slack_adapter

        slack = build_slack_adapter(self.settings, self.command, COMMANDS, engine=self.db.engine)
        if slack is not None:
            self.adapters["slack"] = slack
        if self.settings.discord_token is not None:
            self.adapters["discord"] = build_discord_adapter(
                self.settings,
                dispatch=self.command,
                commands=COMMANDS,
                complete=self.registry.complete,
                store=self.store,
            )

    def _kick(self) -> None:
        self.scheduler.kick()

    def _check_sources(self) -> None:
        """Fail at start (exit 2), not at the first poll: e.g. an edgar source without a SEC contact."""
        try:
            specs = [
                SourceSpec(s.name, s.kind, url=s.url, query=s.query, interval=s.interval_s, company=s.company)
                for s in self.config.sources
            ]
            check_sources(specs, self.settings.sec_user_agent)
        except ValueError as exc:
            raise ConfigError(f"sources: {exc}") from None


def _source_def(s: Any) -> SourceDef:
    return SourceDef(
        name=s.name, kind=s.kind, url=s.url or "", interval_s=s.interval_s, query=s.query, company=s.company
    )


__all__ = ["App", "Options", "COMMANDS"]
