"""scheduler: digests, personal preferences, reminders, task alerts, recurring series,
change-feed cursors; channel indexes on tasks for the digest

Revision ID: 0002_scheduler
Revises: 0001_initial
Create Date: 2026-11-23

Self-contained (no imports from the ORM), like 0001.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_scheduler"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('open', 'in_progress')"
CLOSED = "status IN ('done', 'dropped')"


def _ts(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(col: str, table: str, target: str,
        ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([col], [f"{target}.id"], name=f"fk_{table}_{col}_{target}",
                                   ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "schedule_digests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.String(length=5), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("days", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        _ts("next_run_at"),
        _ts("last_sent_at"),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _fk("tenant_id", "schedule_digests", "tenants"),
        _fk("created_by", "schedule_digests", "members"),
        sa.PrimaryKeyConstraint("id", name="pk_schedule_digests"),
        sa.UniqueConstraint("tenant_id", "channel_id",
                            name="uq_schedule_digests_tenant_id_channel_id"),
    )
    op.create_index("ix_schedule_digests_next_run_at", "schedule_digests", ["next_run_at"])
    op.create_table(
        "schedule_prefs",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("due_soon_hours", sa.Integer(), nullable=True),
        sa.Column("work_days", sa.String(length=20), nullable=False),
        sa.Column("work_start", sa.String(length=5), nullable=False),
        sa.Column("work_end", sa.String(length=5), nullable=False),
        _ts("away_until"),
        _fk("member_id", "schedule_prefs", "members"),
        _fk("tenant_id", "schedule_prefs", "tenants"),
        sa.PrimaryKeyConstraint("member_id", name="pk_schedule_prefs"),
    )
    op.create_table(
        "schedule_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _ts("due_at", nullable=False),
        _ts("next_at"),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("fire_count", sa.Integer(), nullable=False),
        _ts("created_at"),
        _fk("tenant_id", "schedule_reminders", "tenants"),
        _fk("member_id", "schedule_reminders", "members"),
        _fk("task_id", "schedule_reminders", "tasks", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_schedule_reminders"),
    )
    op.create_index("ix_schedule_reminders_next_at", "schedule_reminders", ["next_at"])
    op.create_table(
        "schedule_alerts",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        _ts("due_at", nullable=False),
        _ts("next_at", nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("overdue_sent", sa.Integer(), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        _fk("task_id", "schedule_alerts", "tasks", ondelete="CASCADE"),
        _fk("tenant_id", "schedule_alerts", "tenants"),
        sa.PrimaryKeyConstraint("task_id", name="pk_schedule_alerts"),
    )
    op.create_index("ix_schedule_alerts_next_at", "schedule_alerts", ["next_at"])
    op.create_table(
        "schedule_projects",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("escalate_after", sa.Integer(), nullable=False),
        _fk("project_id", "schedule_projects", "projects"),
        sa.PrimaryKeyConstraint("project_id", name="pk_schedule_projects"),
    )
    op.create_table(
        "schedule_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("origin_task_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column("current_task_id", sa.Integer(), nullable=False),
        _ts("occurrence_at", nullable=False),
        _ts("next_at"),
        _fk("tenant_id", "schedule_series", "tenants"),
        sa.PrimaryKeyConstraint("id", name="pk_schedule_series"),
        sa.UniqueConstraint("origin_task_id", name="uq_schedule_series_origin_task_id"),
    )
    op.create_index("ix_schedule_series_next_at", "schedule_series", ["next_at"])
    op.create_index("ix_schedule_series_current_task_id", "schedule_series",
                    ["current_task_id"])
    op.create_table(
        "schedule_cursors",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_schedule_cursors"),
    )
    op.create_index("ix_tasks_active_channel", "tasks", ["tenant_id", "channel_id"],
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))
    op.create_index("ix_tasks_closed_channel", "tasks", ["tenant_id", "channel_id", "done_at"],
                    sqlite_where=sa.text(CLOSED), postgresql_where=sa.text(CLOSED))


def downgrade() -> None:
    op.drop_index("ix_tasks_closed_channel", table_name="tasks")
    op.drop_index("ix_tasks_active_channel", table_name="tasks")
    for table in ("schedule_cursors", "schedule_series", "schedule_projects",
                  "schedule_alerts", "schedule_reminders", "schedule_prefs",
                  "schedule_digests"):
        op.drop_table(table)
