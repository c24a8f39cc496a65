"""Where discord.py sends REST calls and opens the gateway.

discord.py reads both from class attributes (`discord.http.Route.BASE`,
`discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`), not from the client, so they are
process-wide: every Discord client in this process uses the last values set here. talentbot runs
one Discord adapter per process, so that is fine; tests restore the previous values afterwards.
Interaction callbacks and follow-up webhooks are built from the same `Route`, so they follow too.
"""

from __future__ import annotations

from dataclasses import dataclass

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


@dataclass(frozen=True)
class Endpoints:
    api_url: str
    gateway_url: yarl.URL


def current() -> Endpoints:
    return Endpoints(api_url=Route.BASE, gateway_url=DiscordWebSocket.DEFAULT_GATEWAY)


def configure(api_url: str | None, gateway_url: str | None) -> Endpoints:
    """Point discord.py at `api_url` (e.g. `https://discord.com/api/v10`) and `gateway_url`.

    None keeps what is set. Returns the previous endpoints so a caller can `restore` them.
    A plain (unsharded) client dials the gateway URL directly; a sharded client with an explicit
    shard count does too, while one without a count asks `GET /gateway/bot` for its URL.
    """
    previous = current()
    if api_url:
        Route.BASE = api_url.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    return previous


def restore(endpoints: Endpoints) -> None:
    Route.BASE = endpoints.api_url
    DiscordWebSocket.DEFAULT_GATEWAY = endpoints.gateway_url
