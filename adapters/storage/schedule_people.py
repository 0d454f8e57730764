"""A person's scheduled things, read and moved for `/task reminders list` and for
`/task away off` (which releases what the away period held back)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import RowMapping, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import OUTBOX, TASKS
from adapters.storage.schedule_tables import ALERTS, REMINDERS
from core.ports import OutboxState
from core.scheduling.model import Reminder, ReminderState

HELD_SCAN = 5000
"""At most this many held rows are looked at per kind: one person's backlog from an away
period, read through the `next_at` indexes by the exact instant they were held to."""


def reminder_of_row(r: RowMapping) -> Reminder:
    return Reminder(id=r["id"], tenant_id=r["tenant_id"], member_id=r["member_id"],
                    text=r["text"], due_at=r["next_at"] or r["due_at"], task_id=r["task_id"],
                    state=ReminderState(r["state"]), created_at=r["created_at"],
                    fire_count=r["fire_count"])


class PeopleQueries:
    session: Session

    def reminders_of(self, tenant_id: int, member_id: int, limit: int) -> list[Reminder]:
        """The person's reminders that are not done, soonest first."""
        rows = self.session.execute(
            select(REMINDERS).where(REMINDERS.c.tenant_id == tenant_id,
                                    REMINDERS.c.member_id == member_id,
                                    REMINDERS.c.state != ReminderState.DONE.value)
            .order_by(REMINDERS.c.next_at.is_(None), REMINDERS.c.next_at, REMINDERS.c.id)
            .limit(limit)).mappings()
        return [reminder_of_row(r) for r in rows]

    def release_held(self, tenant_id: int, member_id: int, user_id: str, platform: str,
                     workspace_id: str, held_at: dt.datetime, release_at: dt.datetime) -> int:
        """Move what was held to `held_at` (the first moment after an away period) to
        `release_at`: pending reminders, task alerts of which the person is the recipient,
        and DMs waiting in the outbox. Returns how many were moved."""
        moved = 0
        result = self.session.execute(
            update(REMINDERS).where(REMINDERS.c.tenant_id == tenant_id,
                                    REMINDERS.c.member_id == member_id,
                                    REMINDERS.c.state == ReminderState.PENDING.value,
                                    REMINDERS.c.next_at == held_at)
            .values(next_at=release_at))
        moved += int(getattr(result, "rowcount", 0) or 0)
        alert_ids = list(self.session.execute(
            select(ALERTS.c.task_id).join(TASKS, TASKS.c.id == ALERTS.c.task_id)
            .where(ALERTS.c.next_at == held_at, ALERTS.c.tenant_id == tenant_id,
                   (TASKS.c.assignee_id == member_id)
                   | (TASKS.c.assignee_id.is_(None) & (TASKS.c.creator_id == member_id)))
            .limit(HELD_SCAN)).scalars())
        if alert_ids:
            self.session.execute(update(ALERTS).where(ALERTS.c.task_id.in_(alert_ids))
                                 .values(next_at=release_at))
            moved += len(alert_ids)
        return moved + self._release_outbox(user_id, platform, workspace_id, held_at,
                                            release_at)

    def _release_outbox(self, user_id: str, platform: str, workspace_id: str,
                        held_at: dt.datetime, release_at: dt.datetime) -> int:
        rows = self.session.execute(
            select(OUTBOX.c.id, OUTBOX.c.payload).where(
                OUTBOX.c.state == OutboxState.PENDING.value,
                OUTBOX.c.next_attempt_at == held_at, OUTBOX.c.attempts == 0,
                OUTBOX.c.platform == platform, OUTBOX.c.workspace_id == workspace_id)
            .limit(HELD_SCAN)).all()
        moved = 0
        for row_id, payload in rows:
            if not isinstance(payload, dict) or payload.get("user_id") != user_id:
                continue
            self.session.execute(update(OUTBOX).where(OUTBOX.c.id == row_id).values(
                next_attempt_at=release_at, payload={**payload, "not_before": None}))
            moved += 1
        return moved
