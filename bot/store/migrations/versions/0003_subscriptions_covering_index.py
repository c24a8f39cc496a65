"""subscriptions: covering index for matching an event to its channels

Matching reads (channel_id, kinds) of every subscription to an event's companies; for a popular
company that is a thousand rows or more. With (company) alone each row costs a table lookup; with
(company, channel_id, kinds) SQLite searches a covering index and PostgreSQL can scan index-only.
The new index serves every lookup by company, so the old one goes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_subscriptions_company_channel_kinds", ["company", "channel_id", "kinds"], unique=False
        )
        batch_op.drop_index("ix_subscriptions_company")


def downgrade() -> None:
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index("ix_subscriptions_company", ["company"], unique=False)
        batch_op.drop_index("ix_subscriptions_company_channel_kinds")
