"""Reports on SQL (`core.reports.ports.ReportStore`): a period's history (the tasks picked
by tenant, project or assignee, created before the period's end and not closed before its
start, through the partial indexes on tasks, joined to their rows through the history
index on (task_id, id)),
the plan charts' tasks and links, and the weekly report's schedule and claim."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import RowMapping, Text, select, type_coerce
from sqlalchemy import text as sql_text

from adapters.storage._sql import (
    DEPS,
    HISTORY,
    MEMBERS,
    TASKS,
    dialect_insert,
    raw_time,
    utc_of,
)
from adapters.storage.engine import READ_ONLY
from adapters.storage.orm import ACTIVE_SQL, CLOSED_SQL
from adapters.storage.report_tables import REPORT_SCHEDULES as RS
from adapters.storage.schedule_sql import SqlScheduleBase, hm
from core.reports.events import HistoryEvent
from core.reports.history_load import READ_KINDS, StoredRow, TaskNow, events_from_rows
from core.reports.ports import HistoryScope, PlanTask, ReportSchedule
from core.scheduling.timecalc import parse_clock


def _wheres(scope: HistoryScope, until: dt.datetime) -> list[list[Any]]:
    """The scope's active tasks and its closed ones (closed since `closed_after`), as two
    conditions that spell out the status test of the partial indexes on tasks (active or
    closed, per tenant, project or assignee), so each is an index range, not a scan."""
    where: list[Any] = [TASKS.c.tenant_id == scope.tenant_id, TASKS.c.created_at < until]
    if scope.project_id is not None:
        where.append(TASKS.c.project_id == scope.project_id)
    if scope.person_id is not None:
        where.append(TASKS.c.assignee_id == scope.person_id)
    closed = [*where, sql_text(CLOSED_SQL)]
    if scope.closed_after is not None:
        closed.append(TASKS.c.done_at >= scope.closed_after)
    return [[*where, sql_text(ACTIVE_SQL)], closed]


def _schedule(r: RowMapping) -> ReportSchedule:
    return ReportSchedule(id=r["id"], tenant_id=r["tenant_id"], project_id=r["project_id"],
                          channel_id=r["channel_id"], weekday=r["weekday"],
                          at=parse_clock(r["at"]), tz=r["tz"], next_run_at=r["next_run_at"],
                          last_sent_at=r["last_sent_at"], created_by=r["created_by"])


VALUED = frozenset({"created", "assigned", "due"})
"""The kinds whose `detail` the report reads (others' is not decoded)."""


_RAW_DECODE = json.JSONDecoder().raw_decode
"""A year of history is thousands of small `detail` objects: `raw_decode` skips the
whitespace regexes and a wrapper of `json.loads`, about half of its time on them."""


def _detail(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        try:
            found, end = _RAW_DECODE(value)
        except ValueError:
            end = -1
        if end != len(value):             # space around it, or not one JSON value
            found = json.loads(value)
        return found if isinstance(found, dict) else None
    return value if isinstance(value, dict) else None


class SqlReportStore(SqlScheduleBase):
    def read_only(self) -> None:
        if not self.session.in_transaction():
            self.session.connection(execution_options={READ_ONLY: True})

    def history(self, scope: HistoryScope, until: dt.datetime) -> list[HistoryEvent]:
        """Rows come back raw (no per-value type processing: a year of a big project is
        tens of thousands of timestamps) and are converted here once. One query for the
        active tasks and one for the closed ones, each joined to its history rows (the
        index on (task_id, id)); each task's rows are put in order here."""
        dialect = "postgresql" if self._pg else "sqlite"
        cols = (TASKS.c.id, HISTORY.c.id, TASKS.c.project_id, TASKS.c.assignee_id,
                raw_time(TASKS.c.due_at, "due_at", dialect), HISTORY.c.actor_id,
                raw_time(HISTORY.c.at, "at", dialect),
                HISTORY.c.kind, HISTORY.c.text,
                type_coerce(HISTORY.c.detail, Text).label("detail"))
        found: list[Any] = []
        for where in _wheres(scope, until):
            found.extend(self.session.execute(
                select(*cols).select_from(TASKS.join(HISTORY, HISTORY.c.task_id == TASKS.c.id))
                .where(*where, HISTORY.c.kind.in_(READ_KINDS))).all())
        found.sort(key=itemgetter(0, 1))           # per task, oldest row first
        tasks: dict[int, TaskNow] = {}
        rows: list[StoredRow] = []
        decoded: dict[str, dict[str, Any] | None] = {}     # a repeated detail decodes once
        for task_id, _, project_id, assignee_id, due_at, actor, at, kind, text, detail in found:
            if task_id not in tasks:
                tasks[task_id] = TaskNow(task_id, project_id, assignee_id,
                                         None if due_at is None else utc_of(due_at))
            if kind not in VALUED:
                detail = None
            elif isinstance(detail, str):
                if detail not in decoded:
                    decoded[detail] = _detail(detail)
                detail = decoded[detail]
            else:
                detail = _detail(detail)
            rows.append(StoredRow(task_id, actor, utc_of(at), kind, text, detail))
        legacy = any(r.kind == "assigned" and r.detail is None for r in rows)
        return events_from_rows(rows, tasks, self._names(scope.tenant_id) if legacy else {})

    def _names(self, tenant_id: int) -> dict[str, int]:
        found = self.session.execute(select(MEMBERS.c.id, MEMBERS.c.display_name)
                                     .where(MEMBERS.c.tenant_id == tenant_id))
        return {r.display_name.lower(): r.id for r in found}

    def plan_tasks(self, project_id: int, limit: int) -> list[PlanTask]:
        cols = (TASKS.c.id, TASKS.c.number, TASKS.c.title, TASKS.c.status, TASKS.c.created_at,
                TASKS.c.started_at, TASKS.c.due_at, TASKS.c.done_at)
        active = list(self.session.execute(
            select(*cols).where(TASKS.c.project_id == project_id, sql_text(ACTIVE_SQL))
            .order_by(TASKS.c.due_sort, TASKS.c.number).limit(limit)))
        closed = list(self.session.execute(
            select(*cols).where(TASKS.c.project_id == project_id,
                                TASKS.c.status == "done")
            .order_by(TASKS.c.done_at.desc()).limit(max(0, limit - len(active)))))
        return [PlanTask(r.id, r.number, r.title, r.status, r.created_at, r.started_at,
                         r.due_at, r.done_at) for r in (*active, *closed)]

    def edges(self, task_ids: Sequence[int]) -> list[tuple[int, int]]:
        ids = list(task_ids)
        if not ids:
            return []
        found = self.session.execute(select(DEPS.c.blocker_id, DEPS.c.blocked_id).where(
            DEPS.c.blocked_id.in_(ids), DEPS.c.blocker_id.in_(ids)))
        return [(r.blocker_id, r.blocked_id) for r in found]

    def schedule_for(self, tenant_id: int, project_id: int) -> ReportSchedule | None:
        found = self.session.execute(select(RS).where(
            RS.c.tenant_id == tenant_id, RS.c.project_id == project_id)).mappings().first()
        return _schedule(found) if found else None

    def save_schedule(self, sched: ReportSchedule) -> None:
        values = {"tenant_id": sched.tenant_id, "project_id": sched.project_id,
                  "channel_id": sched.channel_id, "weekday": sched.weekday,
                  "at": hm(sched.at), "tz": sched.tz, "next_run_at": sched.next_run_at,
                  "last_sent_at": sched.last_sent_at, "created_by": sched.created_by}
        stmt = dialect_insert(self.session, RS).values(**values)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=["tenant_id", "project_id"], set_=values))

    def due_schedules(self, now: dt.datetime, limit: int) -> list[ReportSchedule]:
        return [_schedule(r) for r in self._due(RS, "next_run_at", now, limit)]

    def claim_schedule(self, schedule_id: int, expected: dt.datetime,
                       next_run_at: dt.datetime, sent_at: dt.datetime | None) -> bool:
        values: dict[str, Any] = {"next_run_at": next_run_at}
        if sent_at is not None:
            values["last_sent_at"] = sent_at
        return self._claim(RS, [RS.c.id == schedule_id, RS.c.next_run_at == expected], values)
