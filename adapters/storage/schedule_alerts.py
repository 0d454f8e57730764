"""Due-soon and overdue alerts of tasks on SQL (`AlertRepository`), and the per-project
escalation threshold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import RowMapping, delete, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import dialect_name, insert_for, p, statement
from adapters.storage.schedule_sql import SqlScheduleBase
from adapters.storage.schedule_tables import ALERTS, PROJECT_SETTINGS
from core.scheduling.model import AlertStage, TaskAlert


def _alert(r: RowMapping) -> TaskAlert:
    return TaskAlert(task_id=r["task_id"], tenant_id=r["tenant_id"], due_at=r["due_at"],
                     next_at=r["next_at"], stage=AlertStage(r["stage"]),
                     overdue_sent=r["overdue_sent"], escalated=r["escalated"])


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


class SqlAlertRepository(SqlScheduleBase):
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


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from core.scheduling.ports import AlertRepository

    def _conforms(session: Session) -> AlertRepository:
        return SqlAlertRepository(session)
