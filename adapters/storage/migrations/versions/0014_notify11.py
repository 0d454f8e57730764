"""Notifications that respect attention: each person's notify mode (`/task notify`) and
the non-urgent DMs held for their batch or burst window

Revision ID: 0014_notify11
Revises: 0009_slack_requests_seen
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_notify11"
down_revision: str | Sequence[str] | None = "0013_standup11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notify_prefs",
        sa.Column("member_id", sa.Integer(), sa.ForeignKey(
            "members.id", name="fk_notify_prefs_member_id_members"), nullable=False),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey(
            "tenants.id", name="fk_notify_prefs_tenant_id_tenants"), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("at", sa.String(5), nullable=True),
        sa.PrimaryKeyConstraint("member_id", name="pk_notify_prefs"),
    )
    op.create_table(
        "notify_held",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey(
            "tenants.id", name="fk_notify_held_tenant_id_tenants"), nullable=False),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey(
            "members.id", name="fk_notify_held_member_id_members"), nullable=False),
        sa.Column("bucket", sa.String(100), nullable=False),
        sa.Column("release_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notify_held"),
        sqlite_autoincrement=True,  # a released note's id is never reused (dedupe keys)
    )
    op.create_index("ix_notify_held_release_at", "notify_held", ["release_at"])
    op.create_index("ix_notify_held_member_id_bucket", "notify_held", ["member_id", "bucket"])


def downgrade() -> None:
    op.drop_index("ix_notify_held_member_id_bucket", table_name="notify_held")
    op.drop_index("ix_notify_held_release_at", table_name="notify_held")
    op.drop_table("notify_held")
    op.drop_table("notify_prefs")
