"""request inbox: what a chat adapter acknowledged is recorded before the ack and replayed
after a stop or a crash; the results of its core calls make a replay run nothing twice

Revision ID: 0008_slack_request_inbox
Revises: 0007_discord_interactions
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_slack_request_inbox"
down_revision: str | Sequence[str] | None = "0007_discord_interactions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "request_inbox",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("team_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(100), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answering_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_inbox")),
        sa.UniqueConstraint("key", name=op.f("uq_request_inbox_key")),
    )
    op.create_index("ix_request_inbox_state_id", "request_inbox", ["state", "id"])
    op.create_table(
        "request_inbox_results",
        sa.Column("inbox_id", _ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("inbox_id", "seq", name=op.f("pk_request_inbox_results")),
    )


def downgrade() -> None:
    op.drop_table("request_inbox_results")
    op.drop_index("ix_request_inbox_state_id", table_name="request_inbox")
    op.drop_table("request_inbox")
