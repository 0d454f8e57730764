"""Filters, search and next (issue 9): `tasks.updated_at` (the last change, for
`updated<...` and `sort:updated`), the full-text table `task_text` (SQLite: an FTS5 index
kept by triggers; PostgreSQL: a tsvector column with GIN), indexes for the filters, and a
backfill of both from the existing tasks, descriptions and comments.

Revision ID: 0016_find9
Revises: 0009_slack_requests_seen
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from adapters.storage.search_backfill import fill_search, fill_updated_at
from adapters.storage.search_tables import FTS_DDL, FTS_DROP

revision: str = "0016_find9"
down_revision: str | Sequence[str] | None = "0015_reports10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    fill_updated_at(bind)
    op.create_index("ix_tasks_tenant_id_assignee_id_status", "tasks",
                    ["tenant_id", "assignee_id", "status"])
    op.create_index("ix_tasks_updated_at", "tasks", ["updated_at"])
    op.create_table(
        "task_text",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tenant_id", sa.Integer(), sa.ForeignKey("tenants.id",
                  name="fk_task_text_tenant_id_tenants"), nullable=False),
        sa.Column("task_id", sa.Integer(), sa.ForeignKey(
            "tasks.id", ondelete="CASCADE", name="fk_task_text_task_id_tasks"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.Column("tsv", postgresql.TSVECTOR().with_variant(sa.Text(), "sqlite"),
                  nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_task_text"),
    )
    op.create_index("ix_task_text_task_id_kind", "task_text", ["task_id", "kind"])
    op.create_index("ix_task_text_tsv", "task_text", ["tsv"], postgresql_using="gin")
    if not pg:
        for ddl in FTS_DDL:
            op.execute(ddl)
    fill_search(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for ddl in FTS_DROP:
            op.execute(ddl)
    op.drop_index("ix_task_text_tsv", table_name="task_text")
    op.drop_index("ix_task_text_task_id_kind", table_name="task_text")
    op.drop_table("task_text")
    op.drop_index("ix_tasks_tenant_id_assignee_id_status", table_name="tasks")
    op.drop_index("ix_tasks_updated_at", table_name="tasks")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("updated_at")
