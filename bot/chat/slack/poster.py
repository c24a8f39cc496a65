"""Posting to Slack channels: the outbound half of the ChatAdapter, one bot token per workspace."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.chat.messages import AlertMessage, DigestMessage
from bot.chat.slack.errors import delivery_error, error_code
from bot.chat.slack.render import Payload, render_alert, render_digest, render_notice
from bot.domain.models import ChannelRef
from bot.errors import DeliveryError

log = logging.getLogger(__name__)

METADATA_EVENT = "talentbot_alert"
HISTORY_LIMIT = 50


class SlackPoster:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        bot_token: str | None = None,
        installations: AsyncInstallationStore | None = None,
    ) -> None:
        self.client = client
        self.bot_token = bot_token
        self.installations = installations
        self.team_id: str | None = None  # the single-workspace token's team, once auth.test answered

    async def post_alert(
        self, channel: ChannelRef, alert: AlertMessage, *, thread: str | None, key: str
    ) -> str:
        return await self._post(channel, render_alert(alert), key=key, thread=thread)

    async def post_digest(self, channel: ChannelRef, digest: DigestMessage, *, key: str) -> str:
        return await self._post(channel, render_digest(digest), key=key)

    async def post_notice(self, channel: ChannelRef, text: str, *, key: str) -> str:
        return await self._post(channel, render_notice(text), key=key)

    async def find_posted(self, channel: ChannelRef, key: str, *, thread: str | None = None) -> str | None:
        """Our message with `key` among the channel's latest top-level messages (or the replies in
        `thread`, where follow-ups go), if any."""
        token = await self.token_for(channel)
        method = "conversations.replies" if thread else "conversations.history"
        try:
            if thread:
                answer = await self.client.conversations_replies(
                    token=token,
                    channel=channel.channel,
                    ts=thread,
                    limit=HISTORY_LIMIT,
                    include_all_metadata=True,
                )
            else:
                answer = await self.client.conversations_history(
                    token=token, channel=channel.channel, limit=HISTORY_LIMIT, include_all_metadata=True
                )
        except SlackApiError as exc:
            if error_code(exc) in ("missing_scope", "not_in_channel"):
                # chat:write.public lets us post where we cannot read; not knowing is not a lost channel.
                log.warning(
                    "cannot read channel history; assuming not posted",
                    extra={"channel": str(channel), "error": error_code(exc)},
                )
                return None
            raise delivery_error(exc, method=method) from exc
        except Exception as exc:
            raise delivery_error(exc, method=method) from exc
        for message in answer.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT and payload.get("key") == key:
                return str(message["ts"])
        return None

    async def token_for(self, channel: ChannelRef) -> str:
        """The bot token of the channel's workspace (ChannelRef.workspace is the Slack team id)."""
        if self.installations is not None:
            try:
                bot = await self.installations.async_find_bot(enterprise_id=None, team_id=channel.workspace)
            except Exception as exc:
                raise DeliveryError(f"slack installation lookup failed: {type(exc).__name__}") from exc
            if bot is not None:
                return bot.bot_token
        if self.bot_token and (self.team_id is None or channel.workspace in ("", self.team_id)):
            return self.bot_token
        raise DeliveryError(f"slack: app not installed in workspace {channel.workspace}", channel_gone=True)

    async def _post(
        self, channel: ChannelRef, payload: Payload, *, key: str, thread: str | None = None
    ) -> str:
        token = await self.token_for(channel)
        try:
            answer = await self.client.chat_postMessage(
                token=token,
                channel=channel.channel,
                text=payload["text"],
                blocks=payload["blocks"],
                thread_ts=thread,
                # Our blocks already show the story; an unfurl would repeat it with the site's own text.
                unfurl_links=False,
                unfurl_media=False,
                link_names=False,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"key": key}},
            )
        except Exception as exc:
            error = delivery_error(exc, method="chat.postMessage")
            log.warning(
                "slack post failed", extra={"channel": str(channel), "key": key, "reason": str(error)}
            )
            raise error from exc
        return str(answer["ts"])
