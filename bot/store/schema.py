"""Tables. Unique keys make every pipeline step idempotent, so a race or a retry is a no-op:
a story by its key (canonical URL or GUID), an outbox row by its dedupe key (one alert per
channel and event, one follow-up per channel and story, one digest per channel and local date).

Migrations in `migrations/versions/` create these; keep both in step.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which keeps naive text) and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("url", sa.Text, nullable=False, default=""),  # empty: the kind's default endpoint
    sa.Column("query", sa.Text),  # google_news / hn search words, edgar CIK
    sa.Column("company", sa.String(120)),  # per-company feeds (google_news added for a subscription)
    sa.Column("interval_s", sa.Integer, nullable=False),
    sa.Column("dynamic", sa.Boolean, nullable=False, default=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("body_hash", sa.String(64)),
    sa.Column("primed", sa.Boolean, nullable=False, default=False),  # first good poll done
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("last_error", sa.Text),
    sa.Column("failing_since", UTCDateTime),
    sa.Column("last_polled_at", UTCDateTime),
    sa.Column("last_ok_at", UTCDateTime),
    sa.Column("next_due_at", UTCDateTime, nullable=False),
    sa.Column("disabled_at", UTCDateTime),
    sa.Column("lease_owner", sa.String(80)),
    sa.Column("lease_until", UTCDateTime),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("summary", sa.Text, nullable=False, default=""),
    sa.Column("published_at", UTCDateTime, nullable=False),
    sa.Column("first_seen_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.Column("story_count", sa.Integer, nullable=False, default=1),
    sa.Column("talent", sa.Boolean, nullable=False),
    sa.Column("investment", sa.Boolean, nullable=False),
    sa.Column("classification", sa.JSON, nullable=False),  # Classification of the first story
    sa.Column("fingerprint", sa.JSON, nullable=False),  # what clustering compares later stories with
    sa.Index("ix_events_first_seen_at", "first_seen_at"),
)

event_companies = sa.Table(
    "event_companies",
    metadata,
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("company", sa.String(120), primary_key=True),
    sa.Index("ix_event_companies_company_event", "company", "event_id"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.Text, nullable=False, unique=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="SET NULL")),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False, default=""),
    sa.Column("published_at", UTCDateTime, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    sa.Column("relevant", sa.Boolean, nullable=False),
    sa.Column("classification", sa.JSON, nullable=False),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="SET NULL")),
    sa.Index("ix_stories_event_id", "event_id"),
    sa.Index("ix_stories_seen_at", "seen_at"),
)

channels = sa.Table(
    "channels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("workspace", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("digest_enabled", sa.Boolean, nullable=False, default=True),
    sa.Column("digest_time", sa.String(5), nullable=False),
    sa.Column("digest_tz", sa.String(64), nullable=False),
    sa.Column("paused_at", UTCDateTime),
    sa.Column("paused_reason", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("platform", "workspace", "channel"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("channel_id", sa.Integer, sa.ForeignKey("channels.id", ondelete="CASCADE"), nullable=False),
    sa.Column("company", sa.String(120), nullable=False),
    sa.Column("kinds", sa.String(12), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("channel_id", "company"),
    # Covering for matching (ChannelRepo.subscribers): no table lookup per subscriber row.
    sa.Index("ix_subscriptions_company_channel_kinds", "company", "channel_id", "kinds"),
)

# The outbox: every message to a channel is a row here before it is sent.
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("dedupe_key", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(12), nullable=False),  # alert | followup | digest | notice
    sa.Column("channel_id", sa.Integer, sa.ForeignKey("channels.id", ondelete="CASCADE"), nullable=False),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="SET NULL")),
    sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="SET NULL")),
    sa.Column("payload", sa.JSON, nullable=False),  # the neutral message, as rendered at enqueue time
    sa.Column("status", sa.String(10), nullable=False),  # pending | sent | held | failed | dropped
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("message_id", sa.String(64)),  # the platform's id, for threading follow-ups
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime),
    sa.Column("lease_owner", sa.String(80)),
    sa.Column("lease_until", UTCDateTime),
    sa.Index("ix_deliveries_status_next", "status", "next_attempt_at"),
    sa.Index("ix_deliveries_channel_event", "channel_id", "event_id"),
)

app_state = sa.Table(
    "app_state",
    metadata,
    sa.Column("key", sa.String(120), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
