"""The console adapter: alerts, digests and command replies as coloured terminal output.

Used by `talentbot demo` and `talentbot run --console`; a real `ChatAdapter`, so the outbox,
threading and the noise budget behave exactly as they do for Slack and Discord.
"""

from __future__ import annotations

import itertools
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from bot.chat.messages import AlertMessage, DigestMessage, EventLine, Reply
from bot.domain.models import ChannelRef

KIND_STYLE = {"talent": "bold magenta", "investment": "bold green"}


class ConsoleAdapter:
    platform = "console"

    def __init__(self, stream: IO[str] | None = None, *, color: bool | None = None) -> None:
        self.console = Console(
            file=stream, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True
        )
        self._ids = itertools.count(1)
        self.posted: dict[str, str] = {}  # idempotency key -> message id, for find_posted
        self.healthy = True

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def post_alert(
        self, channel: ChannelRef, alert: AlertMessage, *, thread: str | None, key: str
    ) -> str:
        message_id = self._next(key)
        if alert.followup:
            self.console.print(
                f"    [dim]↳ in thread of #{escape(thread or '?')}[/dim] also reported by "
                f"[bold]{escape(alert.source)}[/bold]: {escape(alert.headline)}  [blue underline]{escape(alert.url)}[/]"
            )
            return message_id
        self.console.print(
            Text.assemble(
                ("● ", "bold yellow"),
                *_kind_labels(alert.kinds),
                (f"  #{message_id}  ", "dim"),
                (str(channel), "dim"),
            )
        )
        self.console.print(f"  [bold]{escape(alert.headline)}[/bold]")
        self.console.print(f"  [blue underline]{escape(alert.url)}[/]")
        facts = [f"companies: {', '.join(alert.companies)}"]
        if alert.people:
            facts.append(f"people: {', '.join(alert.people)}")
        if alert.amount:
            facts.append(f"amount: {alert.amount}")
        facts.append(f"{alert.source}, {alert.published:%Y-%m-%d %H:%M} UTC")
        self.console.print("  " + escape(" · ".join(facts)), style="cyan")
        if alert.why:
            self.console.print(f"  [dim]why: {escape(alert.why)}[/dim]")
        if alert.note:
            self.console.print(f"  [yellow]{escape(alert.note)}[/yellow]")
        return message_id

    async def post_digest(self, channel: ChannelRef, digest: DigestMessage, *, key: str) -> str:
        message_id = self._next(key)
        self.print_digest(digest, str(channel))
        return message_id

    async def post_notice(self, channel: ChannelRef, text: str, *, key: str) -> str:
        message_id = self._next(key)
        self.console.print(f"[yellow]notice[/yellow] [dim]{escape(str(channel))}[/dim] {escape(text)}")
        return message_id

    async def find_posted(self, channel: ChannelRef, key: str, *, thread: str | None = None) -> str | None:
        return self.posted.get(key)

    def print_reply(self, reply: Reply) -> None:
        style = "dim italic" if reply.ephemeral else ""
        self.console.print(escape(reply.text), style=style)
        for line in reply.items:
            self.console.print(event_line(line))
        if reply.digest is not None:
            self.print_digest(reply.digest)

    def print_digest(self, digest: DigestMessage, where: str = "") -> None:
        self.console.rule(f"[bold]{escape(digest.title)}[/bold] [dim]{escape(where)}[/dim]")
        for heading, lines in digest.sections:
            self.console.print(f"[bold underline]{escape(heading)}[/]")
            for line in lines:
                self.console.print(event_line(line))
        if digest.note:
            self.console.print(escape(digest.note), style="dim")
        self.console.rule()

    def _next(self, key: str) -> str:
        message_id = str(next(self._ids))
        self.posted[key] = message_id
        return message_id


def event_line(line: EventLine) -> str:
    outlets = f" · {line.outlets} outlets" if line.outlets > 1 else ""
    amount = f" · {line.amount}" if line.amount else ""
    return (
        f"  • {line.published:%Y-%m-%d} [bold]{escape(line.headline)}[/bold] — {escape(line.source)}{outlets}{amount}"
        f" [cyan]({escape(', '.join(line.companies))})[/cyan]\n    [blue underline]{escape(line.url)}[/]"
    )


def _kind_labels(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f"{k.upper()} ", KIND_STYLE.get(k, "bold")) for k in kinds]
