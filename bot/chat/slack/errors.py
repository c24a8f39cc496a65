"""Slack Web API failures → `DeliveryError`, telling the outbox whether and when to retry.

slack_sdk's retry handlers have already retried 429s (honouring Retry-After) and dropped
connections by the time an error reaches this module, so what arrives here is what they gave up on.
"""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import DeliveryError

# The bot lost the channel or the whole workspace: retrying cannot help, pause the subscriptions.
CHANNEL_GONE = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "account_inactive",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "team_access_not_granted",
        "team_not_found",
        "not_installed",  # our own code: no installation stored for the workspace
    }
)
# The same request will fail again: a payload or permission problem, not a transient one.
PERMANENT = frozenset(
    {
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_arguments",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "too_many_attachments",
        "missing_scope",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "cannot_reply_to_message",
        "thread_not_found",
        "not_allowed_token_type",
        "ekm_access_denied",
        "as_user_not_supported",
        "duplicate_channel_not_found",
        "slack_connect_file_link_sharing_blocked",
    }
)


def error_code(exc: SlackApiError) -> str:
    data = exc.response.data if exc.response is not None else None
    return str(data.get("error", "")) if isinstance(data, dict) else ""


def delivery_error(exc: BaseException, *, method: str) -> DeliveryError:
    """Classify one failed Web API call (`method` only names it in the message)."""
    if isinstance(exc, SlackApiError):
        code = error_code(exc)
        status = exc.response.status_code if exc.response is not None else 0
        if status == 429 or code == "ratelimited":
            return DeliveryError(f"{method}: rate limited", retry_after=_retry_after(exc))
        if code in CHANNEL_GONE:
            return DeliveryError(f"{method}: {code}", channel_gone=True)
        if code in PERMANENT:
            return DeliveryError(f"{method}: {code}", permanent=True)
        return DeliveryError(f"{method}: {code or f'HTTP {status}'}")
    if isinstance(exc, asyncio.TimeoutError | aiohttp.ClientError | SlackClientError | OSError):
        return DeliveryError(f"{method}: {type(exc).__name__}: {exc}"[:300])
    return DeliveryError(f"{method}: unexpected {type(exc).__name__}")


def _retry_after(exc: SlackApiError) -> float:
    headers = exc.response.headers if exc.response is not None else {}
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(float(raw), 1.0)
            except (TypeError, ValueError):
                break
    return 30.0  # Slack always sends Retry-After; this only guards against a proxy that strips it
