"""project layer (issue 15): milestones, project targets, task plan facts (milestone,
estimate, time logged), time logs, baselines, decisions and early-warning state

Revision ID: 0012_plan15
Revises: 0009_slack_requests_seen
Create Date: 2026-11-30

Self-contained (no imports from the ORM), like 0001.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_plan15"
down_revision: str | Sequence[str] | None = "0011_templates11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _int(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fk(col: str, table: str, target: str,
        ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([col], [f"{target}.id"], name=f"fk_{table}_{col}_{target}",
                                   ondelete=ondelete)


def _pk(table: str, *cols: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*cols, name=f"pk_{table}")


def upgrade() -> None:
    op.create_table(
        "plan_projects", _int("project_id"), _int("tenant_id"), _ts("target_at"),
        _fk("project_id", "plan_projects", "projects"),
        _fk("tenant_id", "plan_projects", "tenants"), _pk("plan_projects", "project_id"))
    op.create_table(
        "plan_milestones", _int("id"), _int("tenant_id"), _int("project_id"),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("name_key", sa.String(80), nullable=False), _ts("due_at"),
        sa.Column("state", sa.String(16), nullable=False),
        _ts("created_at", False),
        _fk("tenant_id", "plan_milestones", "tenants"),
        _fk("project_id", "plan_milestones", "projects"), _pk("plan_milestones", "id"),
        sa.UniqueConstraint("project_id", "name_key",
                            name="uq_plan_milestones_project_id_name_key"))
    op.create_table(
        "plan_tasks", _int("task_id"), _int("tenant_id"), _int("milestone_id", True),
        _int("estimate_minutes", True), _int("estimate_days", True), _int("logged_minutes"),
        _fk("task_id", "plan_tasks", "tasks", "CASCADE"),
        _fk("tenant_id", "plan_tasks", "tenants"),
        _fk("milestone_id", "plan_tasks", "plan_milestones"), _pk("plan_tasks", "task_id"))
    op.create_index("ix_plan_tasks_milestone_id", "plan_tasks", ["milestone_id"])
    op.create_table(
        "plan_time_logs", _int("id"), _int("tenant_id"), _int("task_id"),
        _int("member_id", True), _ts("at", False), _int("minutes"),
        sa.Column("note", sa.Text(), nullable=True),
        _fk("tenant_id", "plan_time_logs", "tenants"),
        _fk("task_id", "plan_time_logs", "tasks", "CASCADE"),
        _fk("member_id", "plan_time_logs", "members"), _pk("plan_time_logs", "id"))
    op.create_index("ix_plan_time_logs_task_id_id", "plan_time_logs", ["task_id", "id"])
    op.create_table(
        "plan_baselines", _int("project_id"), _int("tenant_id"), _ts("taken_at", False),
        _int("taken_by", True), sa.Column("data", sa.JSON(), nullable=False),
        _fk("project_id", "plan_baselines", "projects"),
        _fk("tenant_id", "plan_baselines", "tenants"),
        _fk("taken_by", "plan_baselines", "members"), _pk("plan_baselines", "project_id"))
    op.create_table(
        "plan_decisions", _int("id"), _int("tenant_id"), _int("project_id"),
        _int("member_id", True), _ts("at", False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("numbers", sa.String(200), nullable=False),
        _fk("tenant_id", "plan_decisions", "tenants"),
        _fk("project_id", "plan_decisions", "projects"),
        _fk("member_id", "plan_decisions", "members"), _pk("plan_decisions", "id"))
    op.create_index("ix_plan_decisions_project_id_id", "plan_decisions", ["project_id", "id"])
    op.create_table(
        "plan_decision_tasks", _int("decision_id"), _int("task_id"),
        _fk("decision_id", "plan_decision_tasks", "plan_decisions", "CASCADE"),
        _fk("task_id", "plan_decision_tasks", "tasks", "CASCADE"),
        _pk("plan_decision_tasks", "decision_id", "task_id"))
    op.create_index("ix_plan_decision_tasks_task_id", "plan_decision_tasks",
                    ["task_id", "decision_id"])
    op.create_table(
        "plan_alerts", _int("project_id"), sa.Column("key", sa.String(100), nullable=False),
        _ts("at", False), _fk("project_id", "plan_alerts", "projects"),
        _pk("plan_alerts", "project_id", "key"))


def downgrade() -> None:
    op.drop_table("plan_alerts")
    op.drop_index("ix_plan_decision_tasks_task_id", table_name="plan_decision_tasks")
    op.drop_table("plan_decision_tasks")
    op.drop_index("ix_plan_decisions_project_id_id", table_name="plan_decisions")
    op.drop_table("plan_decisions")
    op.drop_table("plan_baselines")
    op.drop_index("ix_plan_time_logs_task_id_id", table_name="plan_time_logs")
    op.drop_table("plan_time_logs")
    op.drop_index("ix_plan_tasks_milestone_id", table_name="plan_tasks")
    op.drop_table("plan_tasks")
    op.drop_table("plan_milestones")
    op.drop_table("plan_projects")
