"""discord: remember handled interaction ids (15-minute lifetime) so a replayed or
duplicated INTERACTION_CREATE never acts twice, across processes

Revision ID: 0007_discord_interactions
Revises: 0006_outbox_claims
Create Date: 2026-11-30
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_discord_interactions"
down_revision: str | Sequence[str] | None = "0006_outbox_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "discord_interactions_seen",
        sa.Column("interaction_id", sa.String(24), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("interaction_id", name=op.f("pk_discord_interactions_seen")),
    )
    op.create_index(op.f("ix_discord_interactions_seen_expires_at"),
                    "discord_interactions_seen", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_discord_interactions_seen_expires_at"),
                  table_name="discord_interactions_seen")
    op.drop_table("discord_interactions_seen")
