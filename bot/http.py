"""The bot's HTTP server: GET /healthz, GET /metrics, and routes adapters add (Slack HTTP mode)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

HealthCheck = Callable[[], Awaitable[dict[str, bool]]]


def build_app(health: HealthCheck, extra_routes: Iterable[web.RouteDef] = ()) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        checks = await health()
        ok = all(checks.values())
        body = {
            "status": "ok" if ok else "degraded",
            "checks": {k: "ok" if v else "down" for k, v in checks.items()},
        }
        return web.json_response(body, status=200 if ok else 503)

    async def metrics(_request: web.Request) -> web.Response:
        response = web.Response(body=generate_latest())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    app = web.Application(client_max_size=1 << 20)
    app.add_routes([web.get("/healthz", healthz), web.get("/metrics", metrics), *extra_routes])
    return app


class HttpServer:
    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.runner = web.AppRunner(app, access_log=None)
        self.host = host
        self.port = port

    async def start(self) -> None:
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # tests ask for any free port; aiohttp has no public accessor for it
            for address in self.runner.addresses:
                self.port = address[1]
                break

    async def stop(self) -> None:
        await self.runner.cleanup()
