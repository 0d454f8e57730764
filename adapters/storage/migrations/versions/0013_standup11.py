"""Async standup check-ins: a channel's check-in, its participants, one run per day and
one answer row per person asked

Revision ID: 0013_standup11
Revises: 0009_slack_requests_seen
Create Date: 2026-11-30

Self-contained (no imports from the ORM), like 0001.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_standup11"
down_revision: str | Sequence[str] | None = "0012_plan15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LATE = "late_pending"


def _ts(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(col: str, table: str, target: str,
        ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([col], [f"{target}.id"], name=f"fk_{table}_{col}_{target}",
                                   ondelete=ondelete)


def _id() -> sa.Column[object]:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "standup_checkins",
        _id(),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=5), nullable=False),
        sa.Column("report_at", sa.String(length=5), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("days", sa.String(length=20), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _fk("tenant_id", "standup_checkins", "tenants"),
        _fk("created_by", "standup_checkins", "members"),
        sa.PrimaryKeyConstraint("id", name="pk_standup_checkins"),
        sa.UniqueConstraint("tenant_id", "channel_id",
                            name="uq_standup_checkins_tenant_id_channel_id"),
    )
    op.create_table(
        "standup_participants",
        _id(),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("skip_until", sa.Date(), nullable=True),
        _ts("next_ask_at"),
        _ts("last_asked_at"),
        _fk("checkin_id", "standup_participants", "standup_checkins", "CASCADE"),
        _fk("member_id", "standup_participants", "members"),
        sa.PrimaryKeyConstraint("id", name="pk_standup_participants"),
        sa.UniqueConstraint("checkin_id", "member_id",
                            name="uq_standup_participants_checkin_id_member_id"),
    )
    op.create_index("ix_standup_participants_next_ask_at", "standup_participants",
                    ["next_ask_at"])
    op.create_index("ix_standup_participants_member_id", "standup_participants",
                    ["member_id"])
    op.create_table(
        "standup_runs",
        _id(),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        _ts("report_at", nullable=False),
        _ts("due_at"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("report_key", sa.String(length=200), nullable=True),
        _fk("checkin_id", "standup_runs", "standup_checkins", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_standup_runs"),
        sa.UniqueConstraint("checkin_id", "local_date",
                            name="uq_standup_runs_checkin_id_local_date"),
    )
    op.create_index("ix_standup_runs_due_at", "standup_runs", ["due_at"])
    op.create_table(
        "standup_answers",
        _id(),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("activity", sa.JSON(), nullable=False),
        _ts("asked_at"),
        _ts("answered_at"),
        sa.Column("late_pending", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        _fk("run_id", "standup_answers", "standup_runs", "CASCADE"),
        _fk("member_id", "standup_answers", "members"),
        sa.PrimaryKeyConstraint("id", name="pk_standup_answers"),
        sa.UniqueConstraint("run_id", "member_id",
                            name="uq_standup_answers_run_id_member_id"),
    )
    op.create_index("ix_standup_answers_member_id", "standup_answers",
                    ["member_id", "asked_at"])
    op.create_index("ix_standup_answers_late", "standup_answers", ["id"],
                    sqlite_where=sa.text(LATE), postgresql_where=sa.text(LATE))


def downgrade() -> None:
    op.drop_table("standup_answers")
    op.drop_table("standup_runs")
    op.drop_table("standup_participants")
    op.drop_table("standup_checkins")
