"""In-memory fakes of the scheduler's repositories that live on the unit of work
(`uow.reminders`, `uow.series`), held to the same contract tests as SQL
(tests/integration/scheduling/test_sched_repo_contract.py). Rows are plain dicts in the
`FakeDB` (`db.reminders`, `db.series`), so the fake unit of work's copy-on-enter and
swap-on-commit cover them like every other table."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from core.scheduling.model import Reminder, ReminderState, Series

if TYPE_CHECKING:
    from core.scheduling.ports import ReminderRepository, SeriesRepository
    from tests.fakes import FakeDB

Row = dict[str, Any]


def _reminder(r: Row) -> Reminder:
    return Reminder(id=r["id"], tenant_id=r["tenant_id"], member_id=r["member_id"],
                    text=r["text"], due_at=r["next_at"] or r["due_at"], task_id=r["task_id"],
                    state=ReminderState(r["state"]), created_at=r["created_at"],
                    fire_count=r["fire_count"])


def _due(rows: dict[int, Row], now: dt.datetime, limit: int) -> list[Row]:
    due = [r for r in rows.values() if r["next_at"] is not None and r["next_at"] <= now]
    return sorted(due, key=lambda r: (r["next_at"], r["id"]))[:limit]


class FakeReminders:
    def __init__(self, db: FakeDB) -> None:
        self.rows: dict[int, Row] = db.reminders
        self.db = db

    def add_reminder(self, reminder: Reminder) -> Reminder:
        reminder.id = self.db.next_id()
        self.rows[reminder.id] = {
            "id": reminder.id, "tenant_id": reminder.tenant_id,
            "member_id": reminder.member_id, "task_id": reminder.task_id,
            "text": reminder.text, "due_at": reminder.due_at, "next_at": reminder.due_at,
            "state": reminder.state.value, "fire_count": 0, "created_at": reminder.created_at}
        return reminder

    def get_reminder(self, tenant_id: int, reminder_id: int) -> Reminder | None:
        r = self.rows.get(reminder_id)
        return _reminder(r) if r is not None and r["tenant_id"] == tenant_id else None

    def due_reminders(self, now: dt.datetime, limit: int) -> list[Reminder]:
        return [_reminder(r) for r in _due(self.rows, now, limit)]

    def claim_reminder(self, reminder_id: int, expected: dt.datetime | None, fire_count: int,
                       state: str, next_at: dt.datetime | None) -> bool:
        r = self.rows.get(reminder_id)
        if r is None or (r["fire_count"] != fire_count if expected is None
                         else r["next_at"] != expected):
            return False
        r["state"], r["next_at"] = state, next_at
        if state == ReminderState.SENT.value:
            r["fire_count"] += 1
        return True

    def reminders_of(self, tenant_id: int, member_id: int, limit: int) -> list[Reminder]:
        mine = [r for r in self.rows.values()
                if r["tenant_id"] == tenant_id and r["member_id"] == member_id
                and r["state"] != ReminderState.DONE.value]
        mine.sort(key=lambda r: (r["next_at"] is None, r["next_at"] or dt.datetime.min,
                                 r["id"]))
        return [_reminder(r) for r in mine[:limit]]


def _series(r: Row) -> Series:
    return Series(id=r["id"], tenant_id=r["tenant_id"], rule=r["rule"], tz=r["tz"],
                  current_task_id=r["current_task_id"], occurrence_at=r["occurrence_at"],
                  active=r["next_at"] is not None, anchor_at=r["anchor_at"])


class FakeSeries:
    def __init__(self, db: FakeDB) -> None:
        self.rows: dict[int, Row] = db.series
        self.db = db

    def series_of_task(self, task_id: int) -> Series | None:
        found = [r for r in self.rows.values() if r["current_task_id"] == task_id]
        return _series(found[0]) if found else None

    def add_series(self, series: Series) -> Series | None:
        if self.series_started(series.current_task_id):
            return None
        series.id = self.db.next_id()
        self.rows[series.id] = {
            "id": series.id, "tenant_id": series.tenant_id,
            "origin_task_id": series.current_task_id, "rule": series.rule, "tz": series.tz,
            "current_task_id": series.current_task_id, "occurrence_at": series.occurrence_at,
            "next_at": series.occurrence_at,
            "anchor_at": series.anchor_at or series.occurrence_at}
        return series

    def series_started(self, origin_task_id: int) -> bool:
        return any(r["origin_task_id"] == origin_task_id for r in self.rows.values())

    def due_series(self, now: dt.datetime, limit: int) -> list[Series]:
        return [_series(r) for r in _due(self.rows, now, limit)]

    def claim_series(self, series_id: int, expected: dt.datetime, current_task_id: int,
                     occurrence_at: dt.datetime) -> bool:
        r = self.rows.get(series_id)
        if r is None or r["occurrence_at"] != expected:
            return False
        r.update(current_task_id=current_task_id, occurrence_at=occurrence_at,
                 next_at=occurrence_at)
        return True

    def set_series_task(self, series_id: int, task_id: int) -> None:
        if series_id in self.rows:
            self.rows[series_id]["current_task_id"] = task_id

    def end_series(self, series_id: int) -> None:
        if series_id in self.rows:
            self.rows[series_id]["next_at"] = None

    def get_series(self, series_id: int) -> Series | None:
        r = self.rows.get(series_id)
        return _series(r) if r is not None else None

    def set_series_rule(self, series_id: int, rule: str) -> None:
        r = self.rows.get(series_id)
        if r is not None:
            r.update(rule=rule, next_at=r["occurrence_at"])


if TYPE_CHECKING:  # mypy proves the fakes satisfy the core's ports
    def _conforms(db: FakeDB) -> tuple[ReminderRepository, SeriesRepository]:
        return FakeReminders(db), FakeSeries(db)
