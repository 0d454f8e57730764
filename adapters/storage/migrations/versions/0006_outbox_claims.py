"""outbox: a claim token (every mark_* checks that the claim still holds) and the time of
the first real delivery failure (dead letters get a time budget, not a count 429s burn)

Revision ID: 0006_outbox_claims
Revises: 0005_series_anchor
Create Date: 2026-11-30

Rows stored before this revision have neither: a row claimed then is taken back when its
lease ends (its token is NULL, so no mark of the old process can match a new claim), and
its give-up time starts at its next real failure.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_outbox_claims"
down_revision: str | Sequence[str] | None = "0005_series_anchor"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claim_token", sa.String(32), nullable=True))
        batch.add_column(sa.Column("failing_since", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("failing_since")
        batch.drop_column("claim_token")
