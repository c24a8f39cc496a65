"""`talentbot poll`: every source once, with progress while it runs and a status table after."""

from __future__ import annotations

import asyncio

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bot.config import Config
from bot.jobs.poll import PollStatus
from bot.settings import Settings

STATUS_STYLE = {
    "new": "green",
    "not_modified": "cyan",
    "unchanged": "cyan",
    "error": "red",
    "disabled": "red",
}


async def poll_with_progress(settings: Settings, config: Config) -> int:
    from bot.app import App, Options

    app = App(settings, config, options=Options(http=False, dynamic_sources=False))
    await app.prepare()
    out = Console()
    statuses: list[PollStatus] = []
    try:
        sources = await app.store.sources.all()
        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("polling", total=len(sources))

            async def one(name: str) -> None:
                status = await app.poller.poll(name, force=True)
                if status is not None:
                    statuses.append(status)
                progress.advance(task)

            await asyncio.gather(*(one(s.name) for s in sources))
    finally:
        await app.close()
    out.print(status_table(statuses))
    return 0


def status_table(statuses: list[PollStatus]) -> Table:
    table = Table(title="Sources", title_justify="left")
    for column in ("source", "kind", "status", "items", "new", "alerts", "error"):
        table.add_column(column, justify="right" if column in ("items", "new", "alerts") else "left")
    for s in sorted(statuses, key=lambda s: s.name):
        style = STATUS_STYLE.get(s.status, "")
        table.add_row(
            s.name, s.kind, f"[{style}]{s.status}[/]", str(s.items), str(s.new), str(s.queued), s.error
        )
    return table
