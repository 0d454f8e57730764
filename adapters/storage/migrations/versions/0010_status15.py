"""Projects: per-project counts of closed tasks, kept by triggers on `tasks`, so that
`/project status` does not read a project's whole history (see
adapters/storage/project_counts.py). Backfilled from the tasks.

Revision ID: 0010_status15
Revises: 0009_slack_requests_seen
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from adapters.storage import project_counts

revision: str = "0010_status15"
down_revision: str | Sequence[str] | None = "0009_slack_requests_seen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        project_counts.TABLE,
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id"), primary_key=True),
        sa.Column("status", sa.String(16), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    # triggers and backfill in this transaction: no task change can slip between them
    project_counts.install(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    for stmt in project_counts.DROP[bind.dialect.name]:
        op.execute(stmt)
    op.drop_table(project_counts.TABLE)
