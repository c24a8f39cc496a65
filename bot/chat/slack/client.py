"""The Web API client every Slack call goes through: our base URL, slack_sdk's own retries."""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient


class ShortRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """Retries a 429 in place only when Slack asks for a short wait.

    slack_sdk sleeps for the whole Retry-After; a long one would hold the delivery worker, so that
    one is handed back (as DeliveryError.retry_after) for the outbox to schedule instead.
    """

    def __init__(self, max_retry_count: int = 2, max_wait: float = 5.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        for name, values in response.headers.items():
            if name.lower() == "retry-after":
                try:
                    return float(values[0]) <= self.max_wait
                except (IndexError, TypeError, ValueError):
                    return False
        return True  # no header: slack_sdk waits about a second


def build_client(
    api_url: str, token: str | None = None, *, rate_limit_retries: int = 2, max_wait: float = 5.0
) -> AsyncWebClient:
    return AsyncWebClient(
        token=token,
        base_url=api_url if api_url.endswith("/") else api_url + "/",  # method names are joined onto it
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            ShortRateLimitRetryHandler(max_retry_count=rate_limit_retries, max_wait=max_wait),
        ],
    )
