"""scheduler: a recurring series remembers its first occurrence (`anchor_at`), so monthly
steps count from it (31 Jan -> 28 Feb -> 31 Mar, not the 28th forever)

Revision ID: 0005_series_anchor
Revises: 0004_merge_heads
Create Date: 2026-11-23

Series stored before this revision keep NULL and step from their current occurrence.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_series_anchor"
down_revision: str | Sequence[str] | None = "0004_merge_heads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedule_series") as batch:
        batch.add_column(sa.Column("anchor_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schedule_series") as batch:
        batch.drop_column("anchor_at")
