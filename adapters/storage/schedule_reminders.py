"""Personal reminders on SQL (`ReminderRepository`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import RowMapping, insert, select
from sqlalchemy.orm import Session

from adapters.storage.schedule_sql import SqlScheduleBase
from adapters.storage.schedule_tables import REMINDERS
from core.scheduling.model import Reminder, ReminderState


def _reminder(r: RowMapping) -> Reminder:
    return Reminder(id=r["id"], tenant_id=r["tenant_id"], member_id=r["member_id"],
                    text=r["text"], due_at=r["next_at"] or r["due_at"], task_id=r["task_id"],
                    state=ReminderState(r["state"]), created_at=r["created_at"],
                    fire_count=r["fire_count"])


class SqlReminderRepository(SqlScheduleBase):
    def add_reminder(self, reminder: Reminder) -> Reminder:
        reminder.id = self.session.execute(insert(REMINDERS).values(
            tenant_id=reminder.tenant_id, member_id=reminder.member_id,
            task_id=reminder.task_id, text=reminder.text, due_at=reminder.due_at,
            next_at=reminder.due_at, state=reminder.state.value, fire_count=0,
            created_at=reminder.created_at).returning(REMINDERS.c.id)).scalar_one()
        return reminder

    def get_reminder(self, tenant_id: int, reminder_id: int) -> Reminder | None:
        row = self.session.execute(select(REMINDERS).where(
            REMINDERS.c.tenant_id == tenant_id, REMINDERS.c.id == reminder_id)).mappings()
        found = row.first()
        return _reminder(found) if found else None

    def due_reminders(self, now: dt.datetime, limit: int) -> list[Reminder]:
        return [_reminder(r) for r in self._due(REMINDERS, "next_at", now, limit)]

    def claim_reminder(self, reminder_id: int, expected: dt.datetime | None, fire_count: int,
                       state: str, next_at: dt.datetime | None) -> bool:
        where = [REMINDERS.c.id == reminder_id, REMINDERS.c.fire_count == fire_count
                 if expected is None else REMINDERS.c.next_at == expected]
        values: dict[str, Any] = {"state": state, "next_at": next_at}
        if state == ReminderState.SENT.value:
            values["fire_count"] = REMINDERS.c.fire_count + 1
        return self._claim(REMINDERS, where, values)

    def reminders_of(self, tenant_id: int, member_id: int, limit: int) -> list[Reminder]:
        """The person's reminders that are not done, soonest first."""
        rows = self.session.execute(
            select(REMINDERS).where(REMINDERS.c.tenant_id == tenant_id,
                                    REMINDERS.c.member_id == member_id,
                                    REMINDERS.c.state != ReminderState.DONE.value)
            .order_by(REMINDERS.c.next_at.is_(None), REMINDERS.c.next_at, REMINDERS.c.id)
            .limit(limit)).mappings()
        return [_reminder(r) for r in rows]


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from core.scheduling.ports import ReminderRepository

    def _conforms(session: Session) -> ReminderRepository:
        return SqlReminderRepository(session)
