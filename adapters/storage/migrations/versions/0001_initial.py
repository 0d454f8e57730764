"""initial schema: tenants, members, projects, tasks, dependencies, history, outbox

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23

Self-contained on purpose (no imports from the ORM): a migration describes the schema as
it was at this revision. tests/integration/test_migrations.py checks that upgrading a
fresh database gives exactly the ORM's schema.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('open', 'in_progress')"
CLOSED = "status IN ('done', 'dropped')"
BLOCKED = f"{ACTIVE} AND open_blocker_count > 0"


def _ts(name: str, nullable: bool) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _partial_index(name: str, table: str, cols: list[str], where: str) -> None:
    op.create_index(name, table, cols, sqlite_where=sa.text(where),
                    postgresql_where=sa.text(where))


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("default_tz", sa.String(length=64), nullable=False),
        sa.Column("next_task_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tenants"),
        sa.UniqueConstraint("platform", "workspace_id", name="uq_tenants_platform_workspace_id"),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("dm_unreachable", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name="fk_members_tenant_id_tenants"),
        sa.PrimaryKeyConstraint("id", name="pk_members"),
        sa.UniqueConstraint("tenant_id", "user_id", name="uq_members_tenant_id_user_id"),
    )
    op.create_index("ix_members_tenant_id_name_key", "members", ["tenant_id", "name_key"])
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.String(length=64), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        _ts("created_at", True),
        sa.ForeignKeyConstraint(["owner_id"], ["members.id"],
                                name="fk_projects_owner_id_members"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name="fk_projects_tenant_id_tenants"),
        sa.PrimaryKeyConstraint("id", name="pk_projects"),
        sa.UniqueConstraint("tenant_id", "name_key", name="uq_projects_tenant_id_name_key"),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("priority_order", sa.SmallInteger(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        _ts("created_at", False),
        _ts("due_at", True),
        _ts("due_sort", False),
        _ts("started_at", True),
        _ts("done_at", True),
        sa.Column("open_blocker_count", sa.Integer(), nullable=False),
        sa.Column("source_link", sa.String(length=500), nullable=True),
        sa.Column("channel_id", sa.String(length=64), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["assignee_id"], ["members.id"],
                                name="fk_tasks_assignee_id_members"),
        sa.ForeignKeyConstraint(["creator_id"], ["members.id"],
                                name="fk_tasks_creator_id_members"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"],
                                name="fk_tasks_project_id_projects"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_tasks_tenant_id_tenants"),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
        sa.UniqueConstraint("tenant_id", "number", name="uq_tasks_tenant_id_number"),
    )
    order = ["due_sort", "priority_order", "number"]
    _partial_index("ix_tasks_active_tenant", "tasks", ["tenant_id", *order], ACTIVE)
    _partial_index("ix_tasks_active_assignee", "tasks", ["tenant_id", "assignee_id", *order],
                   ACTIVE)
    _partial_index("ix_tasks_active_project", "tasks", ["tenant_id", "project_id", *order],
                   ACTIVE)
    _partial_index("ix_tasks_blocked_tenant", "tasks", ["tenant_id", *order], BLOCKED)
    _partial_index("ix_tasks_blocked_assignee", "tasks", ["tenant_id", "assignee_id", *order],
                   BLOCKED)
    _partial_index("ix_tasks_closed_tenant", "tasks", ["tenant_id", "done_at", "number"], CLOSED)
    _partial_index("ix_tasks_closed_assignee", "tasks",
                   ["tenant_id", "assignee_id", "done_at", "number"], CLOSED)
    _partial_index("ix_tasks_closed_project", "tasks",
                   ["tenant_id", "project_id", "done_at", "number"], CLOSED)
    op.create_index("ix_tasks_project_status", "tasks", ["project_id", "status"])
    op.create_table(
        "task_deps",
        sa.Column("blocker_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["blocked_id"], ["tasks.id"],
                                name="fk_task_deps_blocked_id_tasks", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["blocker_id"], ["tasks.id"],
                                name="fk_task_deps_blocker_id_tasks", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name="fk_task_deps_tenant_id_tenants"),
        sa.PrimaryKeyConstraint("blocker_id", "blocked_id", name="pk_task_deps"),
    )
    op.create_index("ix_task_deps_blocked_id", "task_deps", ["blocked_id", "blocker_id"])
    op.create_table(
        "task_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        _ts("at", False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["members.id"],
                                name="fk_task_history_actor_id_members"),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"],
                                name="fk_task_history_task_id_tasks", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_task_history"),
    )
    op.create_index("ix_task_history_task_id_id", "task_history", ["task_id", "id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=255), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _ts("next_attempt_at", False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        _ts("claimed_until", True),
        _ts("created_at", False),
        _ts("sent_at", True),
        sa.Column("message_ref", sa.String(length=255), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
    )
    op.create_index("ix_outbox_state_next_attempt_at", "outbox", ["state", "next_attempt_at"])
    op.create_index("ix_outbox_platform_workspace_id_state", "outbox",
                    ["platform", "workspace_id", "state", "id"])


def downgrade() -> None:
    for table in ("outbox", "task_history", "task_deps", "tasks", "projects", "members",
                  "tenants"):
        op.drop_table(table)
