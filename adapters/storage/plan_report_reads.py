"""What reports read of the project layer (`core.plan_ports.PlanReportReads`, mixed into
`SqlPlanRepository`): the time logged on a project's tasks, summed per task and person,
with their estimates, in one grouped query, and when each early warning was given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import RowMapping, String, func, select, type_coerce
from sqlalchemy.orm import Session

from adapters.storage._sql import TASKS, dialect_name, utc_of
from adapters.storage.plan_tables import PLAN_ALERTS, PLAN_TASKS, TIME_LOGS
from core.plan_ports import LoggedWork, TaskFacts
from core.planning.durations import Duration


def estimate_of(minutes: int | None, days: int | None) -> Duration | None:
    if minutes is None and days is None:
        return None
    return Duration(minutes or 0, days or 0)


def facts_of(r: RowMapping) -> TaskFacts:
    """A `plan_tasks` row as the task's plan facts."""
    return TaskFacts(task_id=r["task_id"], milestone_id=r["milestone_id"],
                     estimate=estimate_of(r["estimate_minutes"], r["estimate_days"]),
                     logged_minutes=int(r["logged_minutes"] or 0))


class SqlPlanReportReads:
    session: Session

    def project_work(self, project_id: int, start: dt.datetime | None,
                     end: dt.datetime | None) -> list[LoggedWork]:
        """One grouped query: the project's tasks, their time logs in the window (the index
        on (task_id, id)) summed per task and person, and each task's estimate."""
        c, p = TIME_LOGS.c, PLAN_TASKS.c
        last: Any = func.max(c.at)
        if dialect_name(self.session) != "postgresql":
            last = type_coerce(last, String)      # naive UTC text: `utc_of` converts it
        query = (select(c.task_id, c.member_id, func.sum(c.minutes), last,
                        p.estimate_minutes, p.estimate_days)
                 .join(TASKS, TASKS.c.id == c.task_id)
                 .outerjoin(PLAN_TASKS, p.task_id == c.task_id)
                 .where(TASKS.c.project_id == project_id)
                 .group_by(c.task_id, c.member_id, p.estimate_minutes, p.estimate_days))
        if start is not None:
            query = query.where(c.at >= start)
        if end is not None:
            query = query.where(c.at < end)
        return [LoggedWork(task, member, int(minutes), utc_of(at),
                           estimate_of(est_minutes, est_days))
                for task, member, minutes, at, est_minutes, est_days
                in self.session.execute(query) if minutes]

    def alert_times(self, project_id: int) -> dict[str, dt.datetime]:
        rows = self.session.execute(select(PLAN_ALERTS.c.key, PLAN_ALERTS.c.at).where(
            PLAN_ALERTS.c.project_id == project_id))
        return {str(k): at for k, at in rows}
