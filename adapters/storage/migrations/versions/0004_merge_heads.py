"""Join the scheduler and Slack branches into one line of history, so the next revision has
a single parent.

Revision ID: 0004_merge_heads
Revises: 0002_scheduler, 0003_slack_oauth
"""

from __future__ import annotations

revision = "0004_merge_heads"
down_revision = ("0002_scheduler", "0003_slack_oauth")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: a merge point only."""


def downgrade() -> None:
    """Nothing to change: a merge point only."""
