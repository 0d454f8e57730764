"""Reports: a structured `detail` on task history rows (assignments, due dates, project
moves, blocked spans as values) and the weekly report's schedule per project

Revision ID: 0015_reports10
Revises: 0009_slack_requests_seen
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_reports10"
down_revision: str | Sequence[str] | None = "0014_notify11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task_history") as batch:
        batch.add_column(sa.Column("detail", sa.JSON(none_as_null=True), nullable=True))
    op.create_table(
        "report_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("at", sa.String(5), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name="fk_report_schedules_tenant_id_tenants"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE",
                                name="fk_report_schedules_project_id_projects"),
        sa.ForeignKeyConstraint(["created_by"], ["members.id"],
                                name="fk_report_schedules_created_by_members"),
        sa.PrimaryKeyConstraint("id", name="pk_report_schedules"),
        sa.UniqueConstraint("tenant_id", "project_id",
                            name="uq_report_schedules_tenant_id_project_id"),
    )
    op.create_index("ix_report_schedules_next_run_at", "report_schedules", ["next_run_at"])


def downgrade() -> None:
    op.drop_index("ix_report_schedules_next_run_at", table_name="report_schedules")
    op.drop_table("report_schedules")
    with op.batch_alter_table("task_history") as batch:
        batch.drop_column("detail")
