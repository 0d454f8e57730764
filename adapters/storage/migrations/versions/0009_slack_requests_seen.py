"""Slack: the replay guard's table (request signatures accepted, kept for the 5-minute
window in which Slack's timestamp check would still let the same bytes through)

Revision ID: 0009_slack_requests_seen
Revises: 0008_slack_request_inbox
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_slack_requests_seen"
down_revision: str | Sequence[str] | None = "0008_slack_request_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_requests_seen",
        sa.Column("signature", sa.String(80), primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_slack_requests_seen_expires_at", "slack_requests_seen",
                    ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_slack_requests_seen_expires_at", table_name="slack_requests_seen")
    op.drop_table("slack_requests_seen")
