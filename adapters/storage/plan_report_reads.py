"""What reports read of the project layer (`core.plan_ports.PlanReportReads`, mixed into
`SqlPlanRepository`): a project's estimates and time logged in one query each, and when
each early warning was given. Driven from the plan tables (small: only tasks someone
estimated or logged time on have a row), so a project nobody plans costs two empty index
lookups, not a scan of its tasks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import RowMapping, select
from sqlalchemy.orm import Session

from adapters.storage._sql import TASKS, dialect_name, raw_time, utc_of
from adapters.storage.plan_tables import PLAN_ALERTS, PLAN_TASKS, TIME_LOGS
from core.plan_ports import TaskFacts, TimeLog
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

    def project_facts(self, project_id: int) -> dict[int, TaskFacts]:
        t = PLAN_TASKS.c
        rows = self.session.execute(
            select(t.task_id, t.milestone_id, t.estimate_minutes, t.estimate_days,
                   t.logged_minutes).join(TASKS, TASKS.c.id == t.task_id)
            .where(TASKS.c.project_id == project_id)).all()
        return {task: TaskFacts(task_id=task, milestone_id=milestone,
                                estimate=estimate_of(minutes, days),
                                logged_minutes=int(logged or 0))
                for task, milestone, minutes, days, logged in rows}

    def project_logs(self, project_id: int, since: dt.datetime | None,
                     limit: int) -> list[TimeLog]:
        """Thousands of rows for a year of a busy project: selected as plain tuples, their
        timestamps converted here (`raw_time`)."""
        c = TIME_LOGS.c
        query = (select(c.task_id, c.member_id, raw_time(c.at, "at", dialect_name(self.session)),
                        c.minutes, c.note)
                 .join(TASKS, TASKS.c.id == c.task_id).where(TASKS.c.project_id == project_id))
        if since is not None:
            query = query.where(c.at >= since)
        rows = self.session.execute(query.order_by(c.id.desc()).limit(limit)).all()
        return [TimeLog(task_id=task, member_id=member, at=utc_of(at), minutes=minutes,
                        note=note) for task, member, at, minutes, note in reversed(rows)]

    def alert_times(self, project_id: int) -> dict[str, dt.datetime]:
        rows = self.session.execute(select(PLAN_ALERTS.c.key, PLAN_ALERTS.c.at).where(
            PLAN_ALERTS.c.project_id == project_id))
        return {str(k): at for k, at in rows}
