"""initial schema: sources, stories, events, channels, subscriptions, outbox

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.store.schema

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "app_state",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_state")),
    )
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("digest_enabled", sa.Boolean(), nullable=False),
        sa.Column("digest_time", sa.String(length=5), nullable=False),
        sa.Column("digest_tz", sa.String(length=64), nullable=False),
        sa.Column("paused_at", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("created_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint(
            "platform", "workspace", "channel", name=op.f("uq_channels_platform_workspace_channel")
        ),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("first_seen_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("story_count", sa.Integer(), nullable=False),
        sa.Column("talent", sa.Boolean(), nullable=False),
        sa.Column("investment", sa.Boolean(), nullable=False),
        sa.Column("classification", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_first_seen_at", ["first_seen_at"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=True),
        sa.Column("company", sa.String(length=120), nullable=True),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("dynamic", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=True),
        sa.Column("primed", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failing_since", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_polled_at", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_ok_at", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_due_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sa.String(length=80), nullable=True),
        sa.Column("lease_until", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("name", name=op.f("uq_sources_name")),
    )
    op.create_table(
        "event_companies",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_companies_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "company", name=op.f("pk_event_companies")),
    )
    with op.batch_alter_table("event_companies", schema=None) as batch_op:
        batch_op.create_index("ix_event_companies_company_event", ["company", "event_id"], unique=False)

    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("classification", sa.JSON(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_stories_event_id_events"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_stories_source_id_sources"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        sa.UniqueConstraint("key", name=op.f("uq_stories_key")),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index("ix_stories_event_id", ["event_id"], unique=False)
        batch_op.create_index("ix_stories_seen_at", ["seen_at"], unique=False)

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(length=120), nullable=False),
        sa.Column("kinds", sa.String(length=12), nullable=False),
        sa.Column("created_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name=op.f("fk_subscriptions_channel_id_channels"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("channel_id", "company", name=op.f("uq_subscriptions_channel_id_company")),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_subscriptions_company", ["company"], unique=False)

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", bot.store.schema.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sa.String(length=80), nullable=True),
        sa.Column("lease_until", bot.store.schema.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["channels.id"],
            name=op.f("fk_deliveries_channel_id_channels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_deliveries_event_id_events"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_deliveries_story_id_stories"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_deliveries_dedupe_key")),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_channel_event", ["channel_id", "event_id"], unique=False)
        batch_op.create_index("ix_deliveries_status_next", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_status_next")
        batch_op.drop_index("ix_deliveries_channel_event")

    op.drop_table("deliveries")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_subscriptions_company")

    op.drop_table("subscriptions")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index("ix_stories_seen_at")
        batch_op.drop_index("ix_stories_event_id")

    op.drop_table("stories")
    with op.batch_alter_table("event_companies", schema=None) as batch_op:
        batch_op.drop_index("ix_event_companies_company_event")

    op.drop_table("event_companies")
    op.drop_table("sources")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_first_seen_at")

    op.drop_table("events")
    op.drop_table("channels")
    op.drop_table("app_state")
