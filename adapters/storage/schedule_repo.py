"""`ScheduleRepository` on SQLAlchemy, sharing the unit of work's session (so claims, the
outbox rows they produce and the state they advance commit together).

Claims are conditional UPDATEs (`... WHERE id = :id AND next_at = :expected`): on both
SQLite and PostgreSQL exactly one transaction sees its row count be 1. On PostgreSQL the
due-row reads take `FOR UPDATE SKIP LOCKED`, so a second replica passes over rows the
first one is working on instead of queueing behind its locks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import RowMapping, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import dialect_insert, dialect_name, insert_for, p, statement
from adapters.storage.outbox import purge_finished
from adapters.storage.schedule_people import PeopleQueries, reminder_of_row
from adapters.storage.schedule_queries import ScheduleQueries
from adapters.storage.schedule_tables import (
    ALERTS,
    CURSORS,
    DIGESTS,
    PREFS,
    PROJECT_SETTINGS,
    REMINDERS,
    SERIES,
)
from core.scheduling.model import (
    AlertStage,
    DigestSchedule,
    Prefs,
    Reminder,
    ReminderState,
    Series,
    TaskAlert,
)
from core.scheduling.timecalc import parse_clock


def _days(text: str) -> tuple[int, ...]:
    return tuple(int(d) for d in text.split(",") if d)


def _days_text(days: Sequence[int]) -> str:
    return ",".join(str(d) for d in sorted(set(days)))


def _hm(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _digest(r: RowMapping) -> DigestSchedule:
    return DigestSchedule(id=r["id"], tenant_id=r["tenant_id"], channel_id=r["channel_id"],
                          at=parse_clock(r["at"]), tz=r["tz"], days=_days(r["days"]),
                          enabled=r["enabled"], next_run_at=r["next_run_at"],
                          last_sent_at=r["last_sent_at"], created_by=r["created_by"])


def _prefs(r: RowMapping) -> Prefs:
    return Prefs(member_id=r["member_id"], tenant_id=r["tenant_id"],
                 due_soon_hours=r["due_soon_hours"], work_days=_days(r["work_days"]),
                 work_start=parse_clock(r["work_start"]), work_end=parse_clock(r["work_end"]),
                 away_until=r["away_until"], stored=True)


_reminder = reminder_of_row


def _alert(r: RowMapping) -> TaskAlert:
    return TaskAlert(task_id=r["task_id"], tenant_id=r["tenant_id"], due_at=r["due_at"],
                     next_at=r["next_at"], stage=AlertStage(r["stage"]),
                     overdue_sent=r["overdue_sent"], escalated=r["escalated"])


def _series(r: RowMapping) -> Series:
    return Series(id=r["id"], tenant_id=r["tenant_id"], rule=r["rule"], tz=r["tz"],
                  current_task_id=r["current_task_id"], occurrence_at=r["occurrence_at"],
                  active=r["next_at"] is not None, anchor_at=r["anchor_at"])


_ALERT_COLUMNS = ("task_id", "tenant_id", "due_at", "next_at", "stage", "overdue_sent",
                  "escalated")


@statement
def _alert_upsert(dialect: str) -> Any:
    """Built once: the change feed saves thousands of alert rows on a first tick."""
    stmt = insert_for(dialect, ALERTS).values({c: p(c) for c in _ALERT_COLUMNS})
    return stmt.on_conflict_do_update(
        index_elements=["task_id"],
        set_={c: stmt.excluded[c] for c in _ALERT_COLUMNS if c != "task_id"})


_ALERT_OF = select(ALERTS).where(ALERTS.c.task_id == p("task_id"))
_ALERT_SEEN = (ALERTS.c.task_id == p("w_task_id"), ALERTS.c.next_at == p("w_expected"))
_ALERT_LOCK = select(ALERTS.c.task_id).where(*_ALERT_SEEN).with_for_update(skip_locked=True)
_ALERT_CLAIM = update(ALERTS).where(*_ALERT_SEEN).values(
    {c: p(f"v_{c}") for c in _ALERT_COLUMNS if c != "task_id"})
"""`claim_alert` as prepared statements: a steady tick claims thousands of alerts."""


class SqlScheduleRepository(ScheduleQueries, PeopleQueries):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._pg = session.get_bind().dialect.name == "postgresql"

    # -- helpers ---------------------------------------------------------------------------
    def _due(self, table: Table, column: str, now: dt.datetime, limit: int) -> list[RowMapping]:
        col = table.c[column]
        stmt = (select(table).where(col <= now)
                .order_by(col, *table.primary_key.columns).limit(limit))
        if self._pg:
            stmt = stmt.with_for_update(skip_locked=True)
        return list(self.session.execute(stmt).mappings())

    def _claim(self, table: Table, where: list[Any], values: dict[str, Any]) -> bool:
        """Conditional UPDATE; True when this transaction moved the row. On PostgreSQL the
        row is first locked with SKIP LOCKED, so a replica never waits on another's claim."""
        if self._pg:
            key = list(table.primary_key.columns)
            locked = self.session.execute(select(*key).where(*where)
                                          .with_for_update(skip_locked=True)).first()
            if locked is None:
                return False
        result = self.session.execute(update(table).where(*where).values(**values))
        return bool(getattr(result, "rowcount", 0) == 1)

    def _upsert(self, table: Table, key: str, values: dict[str, Any]) -> None:
        stmt = dialect_insert(self.session, table).values(**values)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=[key], set_={k: v for k, v in values.items() if k != key}))

    # -- digests ---------------------------------------------------------------------------
    def digest_for(self, tenant_id: int, channel_id: str) -> DigestSchedule | None:
        row = self.session.execute(select(DIGESTS).where(
            DIGESTS.c.tenant_id == tenant_id, DIGESTS.c.channel_id == channel_id)).mappings()
        found = row.first()
        return _digest(found) if found else None

    def save_digest(self, sched: DigestSchedule) -> DigestSchedule:
        values = {"tenant_id": sched.tenant_id, "channel_id": sched.channel_id,
                  "at": _hm(sched.at), "tz": sched.tz, "days": _days_text(sched.days),
                  "enabled": sched.enabled,
                  "next_run_at": sched.next_run_at if sched.enabled else None,
                  "last_sent_at": sched.last_sent_at, "created_by": sched.created_by}
        stmt = dialect_insert(self.session, DIGESTS).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["tenant_id", "channel_id"],
                                          set_=values).returning(DIGESTS.c.id)
        sched.id = self.session.execute(stmt).scalar_one()
        return sched

    def due_digests(self, now: dt.datetime, limit: int) -> list[DigestSchedule]:
        return [_digest(r) for r in self._due(DIGESTS, "next_run_at", now, limit)]

    def claim_digest(self, digest_id: int, expected: dt.datetime,
                     next_run_at: dt.datetime, sent_at: dt.datetime | None) -> bool:
        values: dict[str, Any] = {"next_run_at": next_run_at}
        if sent_at is not None:
            values["last_sent_at"] = sent_at
        return self._claim(DIGESTS, [DIGESTS.c.id == digest_id,
                                     DIGESTS.c.next_run_at == expected], values)

    # -- people ----------------------------------------------------------------------------
    def prefs_of(self, tenant_id: int, member_ids: Sequence[int]) -> dict[int, Prefs]:
        if not member_ids:
            return {}
        rows = self.session.execute(select(PREFS).where(
            PREFS.c.tenant_id == tenant_id, PREFS.c.member_id.in_(set(member_ids))))
        return {r["member_id"]: _prefs(r) for r in rows.mappings()}

    def save_prefs(self, prefs: Prefs) -> None:
        self._upsert(PREFS, "member_id", {
            "member_id": prefs.member_id, "tenant_id": prefs.tenant_id,
            "due_soon_hours": prefs.due_soon_hours, "work_days": _days_text(prefs.work_days),
            "work_start": _hm(prefs.work_start), "work_end": _hm(prefs.work_end),
            "away_until": prefs.away_until})

    # -- reminders -------------------------------------------------------------------------
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

    # -- alerts ----------------------------------------------------------------------------
    def alert_of(self, task_id: int) -> TaskAlert | None:
        found = self.session.execute(_ALERT_OF, {"task_id": task_id}).mappings().first()
        return _alert(found) if found else None

    def _alert_values(self, a: TaskAlert) -> dict[str, Any]:
        return {"task_id": a.task_id, "tenant_id": a.tenant_id, "due_at": a.due_at,
                "next_at": a.next_at, "stage": a.stage.value, "overdue_sent": a.overdue_sent,
                "escalated": a.escalated}

    def alerts_of(self, task_ids: Sequence[int]) -> dict[int, TaskAlert]:
        found: dict[int, TaskAlert] = {}
        ids = sorted(set(task_ids))
        for i in range(0, len(ids), 500):
            rows = self.session.execute(select(ALERTS).where(
                ALERTS.c.task_id.in_(ids[i:i + 500]))).mappings()
            found.update((r["task_id"], _alert(r)) for r in rows)
        return found

    def save_alert(self, alert: TaskAlert) -> None:
        self.session.execute(_alert_upsert(dialect_name(self.session)),
                             self._alert_values(alert))

    def delete_alert(self, task_id: int) -> None:
        self.session.execute(delete(ALERTS).where(ALERTS.c.task_id == task_id))

    def due_alerts(self, now: dt.datetime, limit: int) -> list[TaskAlert]:
        return [_alert(r) for r in self._due(ALERTS, "next_at", now, limit)]

    def claim_alert(self, task_id: int, expected: dt.datetime, alert: TaskAlert) -> bool:
        """`_claim` for one alert (same rules), with statements built once."""
        seen = {"w_task_id": task_id, "w_expected": expected}
        if self._pg and self.session.execute(_ALERT_LOCK, seen).first() is None:
            return False
        values = {f"v_{k}": v for k, v in self._alert_values(alert).items() if k != "task_id"}
        result = self.session.execute(_ALERT_CLAIM, {**seen, **values})
        return bool(getattr(result, "rowcount", 0) == 1)

    def escalate_after(self, project_ids: Sequence[int]) -> dict[int, int]:
        if not project_ids:
            return {}
        rows = self.session.execute(select(PROJECT_SETTINGS).where(
            PROJECT_SETTINGS.c.project_id.in_(set(project_ids))))
        return {r["project_id"]: r["escalate_after"] for r in rows.mappings()}

    def set_escalate_after(self, project_id: int, days: int) -> None:
        self._upsert(PROJECT_SETTINGS, "project_id",
                     {"project_id": project_id, "escalate_after": days})

    # -- series ----------------------------------------------------------------------------
    def series_of_task(self, task_id: int) -> Series | None:
        found = self.session.execute(select(SERIES).where(
            SERIES.c.current_task_id == task_id)).mappings().first()
        return _series(found) if found else None

    def add_series(self, series: Series) -> Series | None:
        stmt = dialect_insert(self.session, SERIES).values(
            tenant_id=series.tenant_id, origin_task_id=series.current_task_id,
            rule=series.rule, tz=series.tz, current_task_id=series.current_task_id,
            occurrence_at=series.occurrence_at, next_at=series.occurrence_at,
            anchor_at=series.anchor_at or series.occurrence_at)
        found = self.session.execute(stmt.on_conflict_do_nothing(
            index_elements=["origin_task_id"]).returning(SERIES.c.id)).scalar()
        if found is None:
            return None
        series.id = found
        return series

    def series_started(self, origin_task_id: int) -> bool:
        return self.session.execute(select(SERIES.c.id).where(
            SERIES.c.origin_task_id == origin_task_id)).first() is not None

    def due_series(self, now: dt.datetime, limit: int) -> list[Series]:
        return [_series(r) for r in self._due(SERIES, "next_at", now, limit)]

    def claim_series(self, series_id: int, expected: dt.datetime, current_task_id: int,
                     occurrence_at: dt.datetime) -> bool:
        return self._claim(SERIES, [SERIES.c.id == series_id,
                                    SERIES.c.occurrence_at == expected],
                           {"current_task_id": current_task_id,
                            "occurrence_at": occurrence_at, "next_at": occurrence_at})

    def set_series_task(self, series_id: int, task_id: int) -> None:
        self.session.execute(update(SERIES).where(SERIES.c.id == series_id)
                             .values(current_task_id=task_id))

    def get_series(self, series_id: int) -> Series | None:
        found = self.session.execute(select(SERIES).where(
            SERIES.c.id == series_id)).mappings().first()
        return _series(found) if found else None

    def set_series_rule(self, series_id: int, rule: str) -> None:
        """A new rule, and the series active again (due at its current occurrence)."""
        self.session.execute(update(SERIES).where(SERIES.c.id == series_id).values(
            rule=rule, next_at=SERIES.c.occurrence_at))

    def end_series(self, series_id: int) -> None:
        self.session.execute(update(SERIES).where(SERIES.c.id == series_id).values(next_at=None))

    def purge_outbox(self, before: dt.datetime, limit: int) -> int:
        return purge_finished(self.session, before, limit)

    # -- cursors ---------------------------------------------------------------------------
    def cursor(self, name: str) -> int:
        value = self.session.execute(
            select(CURSORS.c.value).where(CURSORS.c.name == name)).scalar()
        if value is None:
            self.session.execute(dialect_insert(self.session, CURSORS).values(
                name=name, value=0).on_conflict_do_nothing(index_elements=["name"]))
            return 0
        return int(value)

    def advance_cursor(self, name: str, expected: int, value: int) -> bool:
        return self._claim(CURSORS, [CURSORS.c.name == name, CURSORS.c.value == expected],
                           {"value": value})


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from core.scheduling.ports import ScheduleRepository

    def _conforms(session: Session) -> ScheduleRepository:
        return SqlScheduleRepository(session)
