"""Slash commands: ack at once, build the neutral request, answer through `response_url`.

Slack gives a command 3 seconds to be acknowledged; the handlers may query the database for
longer, so the ack carries nothing and the answer follows through `respond()`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.chat.messages import Reply
from bot.chat.slack.render import render_reply
from bot.errors import UsageError
from handlers.base import Command, CommandRequest

log = logging.getLogger(__name__)

Dispatch = Callable[[CommandRequest], Awaitable[Reply]]

SORRY = "Sorry, something went wrong on our side. Please try again in a minute."
HELP_COMMANDS = frozenset({"talentbot"})  # help is for the caller only, never the channel


def register_commands(app: AsyncApp, commands: Mapping[str, Command], dispatch: Dispatch) -> None:
    for name in commands:
        app.command(f"/{name}")(_listener(name, dispatch))


def command_request(name: str, body: Mapping[str, Any]) -> CommandRequest:
    return CommandRequest(
        platform="slack",
        workspace=str(body.get("team_id", "")),
        channel=str(body.get("channel_id", "")),
        user=str(body.get("user_id", "")),
        command=name,
        args=str(body.get("text", "")).strip(),
    )


async def answer(name: str, body: Mapping[str, Any], dispatch: Dispatch) -> tuple[Reply, bool]:
    """Run the command; return the reply and whether it is for the caller only."""
    request = command_request(name, body)
    try:
        reply = await dispatch(request)
    except UsageError as exc:
        reply = Reply(text=str(exc), ephemeral=True)
    except Exception:
        # Never the raw body in logs: it carries the (legacy) verification token.
        log.exception(
            "slash command failed",
            extra={
                "command": name,
                "team": request.workspace,
                "channel": request.channel,
                "user": request.user,
            },
        )
        reply = Reply(text=SORRY, ephemeral=True)
    return reply, reply.ephemeral or name in HELP_COMMANDS


def _listener(name: str, dispatch: Dispatch) -> Callable[..., Awaitable[None]]:
    async def on_command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        reply, ephemeral = await answer(name, body, dispatch)
        payload = render_reply(reply)
        try:
            await respond(
                text=payload["text"],
                blocks=payload["blocks"],
                response_type="ephemeral" if ephemeral else "in_channel",
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception:
            log.exception(
                "could not answer a slash command", extra={"command": name, "team": body.get("team_id")}
            )

    on_command.__name__ = f"slack_command_{name}"
    return on_command
