"""Project templates (issue 11): one row per (tenant, name) holding the validated template
document as JSON

Revision ID: 0011_templates11
Revises: 0009_slack_requests_seen
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_templates11"
down_revision: str | Sequence[str] | None = "0010_status15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name="fk_project_templates_tenant_id_tenants"),
        sa.ForeignKeyConstraint(["updated_by"], ["members.id"],
                                name="fk_project_templates_updated_by_members"),
        sa.PrimaryKeyConstraint("id", name="pk_project_templates"),
        sa.UniqueConstraint("tenant_id", "name_key",
                            name="uq_project_templates_tenant_id_name_key"),
    )


def downgrade() -> None:
    op.drop_table("project_templates")
