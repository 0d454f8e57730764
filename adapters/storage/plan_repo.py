"""The project layer's repository on SQL (`core.plan_ports.PlanRepository`): milestones,
targets, task facts and what a forecast reads. Baselines, decisions, time logs and warning
state are in `plan_records.py` (mixed in).

A forecast reads the project's active tasks through the `(tenant_id, project_id, ...)`
partial index of active tasks, joined to their plan facts: O(open work), never the
project's history. Done tasks are read only for cycle times, the newest few through the
closed-tasks index."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, case, func, select, text, union, update
from sqlalchemy.orm import Session

from adapters.storage._sql import (
    DEPS,
    PROJECTS,
    TASKS,
    dialect_name,
    insert_for,
    many,
    p,
    statement,
)
from adapters.storage.orm import ACTIVE_SQL, CLOSED_SQL
from adapters.storage.plan_batch import PlanBatchMixin
from adapters.storage.plan_records import SqlPlanRecords
from adapters.storage.plan_report_reads import SqlPlanReportReads, estimate_of, facts_of
from adapters.storage.plan_tables import MILESTONES, PLAN_PROJECTS, PLAN_TASKS
from adapters.storage.repositories import name_key
from core.plan_ports import DoneSpan, LatePair, MilestoneRec, PlanRow, TaskFacts
from core.planning.durations import Duration

_ACTIVE = ("open", "in_progress")


def _ms(r: RowMapping) -> MilestoneRec:
    return MilestoneRec(id=r["id"], tenant_id=r["tenant_id"], project_id=r["project_id"],
                        name=r["name"], due_at=r["due_at"], state=r["state"])


@functools.lru_cache(maxsize=1024)
def _estimate(minutes: int | None, days: int | None) -> Duration | None:
    """Shared (a `Duration` is immutable): a project's estimates take few values."""
    if minutes is None and days is None:
        return None
    return Duration(minutes or 0, days or 0)


def _row(r: Any) -> PlanRow:
    """From a row of `_rows_select` (by position: mappings cost more than the forecast of a
    big project's rows)."""
    (id_, number, project_id, assignee_id, creator_id, status, priority, due_at, title,
     milestone_id, est_minutes, est_days, logged) = r
    return PlanRow(id_, number, project_id, assignee_id, creator_id, status, priority, due_at,
                   title, milestone_id, _estimate(est_minutes, est_days), int(logged or 0))


def _rows_select() -> Any:
    return (select(TASKS.c.id, TASKS.c.number, TASKS.c.project_id, TASKS.c.assignee_id,
                   TASKS.c.creator_id, TASKS.c.status, TASKS.c.priority, TASKS.c.due_at,
                   TASKS.c.title, PLAN_TASKS.c.milestone_id, PLAN_TASKS.c.estimate_minutes,
                   PLAN_TASKS.c.estimate_days, PLAN_TASKS.c.logged_minutes)
            .select_from(TASKS.outerjoin(PLAN_TASKS, PLAN_TASKS.c.task_id == TASKS.c.id)))


# What a forecast reads, built once (a forecast on every write runs them all: building
# them cost about as much as running them on a small project).
def _tenant_of_project() -> Any:
    return select(PROJECTS.c.tenant_id).where(PROJECTS.c.id == p("project")).scalar_subquery()


@statement
def _active_rows() -> Any:
    return (_rows_select().where(TASKS.c.tenant_id == _tenant_of_project(),
                                 TASKS.c.project_id == p("project"), text(ACTIVE_SQL))
            .order_by(TASKS.c.due_sort, TASKS.c.priority_order, TASKS.c.number)
            .limit(p("limit")))


@statement
def _active_rows_by_id() -> Any:
    return _rows_select().where(TASKS.c.id.in_(many("ids")), text(ACTIVE_SQL))


@statement
def _active_edges() -> Any:
    return (select(DEPS.c.blocked_id, DEPS.c.blocker_id)
            .select_from(DEPS.join(TASKS, TASKS.c.id == DEPS.c.blocked_id))
            .where(TASKS.c.tenant_id == _tenant_of_project(),
                   TASKS.c.project_id == p("project"), text(ACTIVE_SQL)))


@statement
def _done_spans() -> Any:
    return (select(TASKS.c.started_at, TASKS.c.created_at, TASKS.c.done_at,
                   TASKS.c.assignee_id, TASKS.c.status)
            .where(TASKS.c.tenant_id == _tenant_of_project(),
                   TASKS.c.project_id == p("project"), text(CLOSED_SQL))
            .order_by(TASKS.c.done_at.desc(), TASKS.c.number.desc()).limit(p("limit")))


@statement
def _milestones() -> Any:
    return (select(MILESTONES).where(MILESTONES.c.project_id == p("project"),
                                     MILESTONES.c.state != "dropped")
            .order_by(MILESTONES.c.due_at.is_(None), MILESTONES.c.due_at, MILESTONES.c.id))


@statement
def _target() -> Any:
    return select(PLAN_PROJECTS.c.target_at).where(PLAN_PROJECTS.c.project_id == p("project"))


@statement
def _milestone_of() -> Any:
    """A closed task's milestone (not dropped) and its progress, in one read."""
    own, each = PLAN_TASKS.alias("own"), PLAN_TASKS.alias("each")
    done = func.sum(case((TASKS.c.status == "done", 1), else_=0)).label("done")
    return (select(*MILESTONES.c, done, func.count().label("counted"))
            .select_from(own.join(MILESTONES, MILESTONES.c.id == own.c.milestone_id)
                         .join(each, each.c.milestone_id == MILESTONES.c.id)
                         .join(TASKS, TASKS.c.id == each.c.task_id))
            .where(own.c.task_id == p("task"), MILESTONES.c.state != "dropped",
                   TASKS.c.status != "dropped")
            .group_by(*MILESTONES.c))


@statement
def _planned() -> Any:
    target = select(PLAN_PROJECTS.c.project_id).where(
        PLAN_PROJECTS.c.project_id == p("project"), PLAN_PROJECTS.c.target_at.is_not(None))
    milestone = select(MILESTONES.c.id).where(
        MILESTONES.c.project_id == p("project"), MILESTONES.c.state == "open")
    return select(target.exists() | milestone.exists())


@statement
def _late_pairs() -> Any:
    """Built once (aliases and a union cost more to build than to run)."""
    up, dep = TASKS.alias("up"), TASKS.alias("dep")
    base = (select(DEPS.c.blocker_id, DEPS.c.blocked_id, up.c.number, up.c.title,
                   up.c.due_at, dep.c.number, dep.c.title, dep.c.due_at,
                   func.coalesce(dep.c.assignee_id, dep.c.creator_id))
            .select_from(DEPS.join(up, up.c.id == DEPS.c.blocker_id)
                         .join(dep, dep.c.id == DEPS.c.blocked_id))
            .where(dep.c.project_id == p("project"), up.c.status.in_(_ACTIVE),
                   dep.c.status.in_(_ACTIVE), up.c.due_at > dep.c.due_at))
    return union(base.where(DEPS.c.blocked_id.in_(many("ids"))),
                 base.where(DEPS.c.blocker_id.in_(many("ids")))).order_by(text("1"), text("2"))


class SqlPlanRepository(SqlPlanRecords, PlanBatchMixin, SqlPlanReportReads):
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- milestones and targets --------------------------------------------------------
    def milestones(self, project_id: int) -> list[MilestoneRec]:
        rows = self.session.execute(_milestones(), {"project": project_id})
        return [_ms(r) for r in rows.mappings()]

    def milestone(self, project_id: int, name: str) -> MilestoneRec | None:
        row = self.session.execute(
            select(MILESTONES).where(MILESTONES.c.project_id == project_id,
                                     MILESTONES.c.name_key == name_key(name))).mappings()
        found = row.first()
        return _ms(found) if found is not None else None

    def milestones_by_id(self, ids: Sequence[int]) -> dict[int, MilestoneRec]:
        if not ids:
            return {}
        rows = self.session.execute(select(MILESTONES).where(MILESTONES.c.id.in_(set(ids))))
        return {r["id"]: _ms(r) for r in rows.mappings()}

    def add_milestone(self, rec: MilestoneRec, now: dt.datetime) -> MilestoneRec:
        new_id = self.session.execute(MILESTONES.insert().values(
            tenant_id=rec.tenant_id, project_id=rec.project_id, name=rec.name,
            name_key=name_key(rec.name), due_at=rec.due_at, state=rec.state, created_at=now)
            .returning(MILESTONES.c.id)).scalar_one()
        rec.id = int(new_id)
        return rec

    def update_milestone(self, rec: MilestoneRec) -> None:
        self.session.execute(update(MILESTONES).where(MILESTONES.c.id == rec.id).values(
            name=rec.name, name_key=name_key(rec.name), due_at=rec.due_at, state=rec.state))

    def milestone_progress(self, milestone_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        if not milestone_ids:
            return {}
        done = func.sum(case((TASKS.c.status == "done", 1), else_=0))
        rows = self.session.execute(
            select(PLAN_TASKS.c.milestone_id, done, func.count())
            .select_from(PLAN_TASKS.join(TASKS, TASKS.c.id == PLAN_TASKS.c.task_id))
            .where(PLAN_TASKS.c.milestone_id.in_(set(milestone_ids)),
                   TASKS.c.status != "dropped")
            .group_by(PLAN_TASKS.c.milestone_id))
        return {int(m): (int(d or 0), int(n)) for m, d, n in rows}

    def milestone_of(self, task_id: int) -> tuple[MilestoneRec, int, int] | None:
        row = self.session.execute(_milestone_of(), {"task": task_id}).mappings().first()
        if row is None:
            return None
        return _ms(row), int(row["done"] or 0), int(row["counted"])

    def target(self, project_id: int) -> dt.datetime | None:
        value: dt.datetime | None = self.session.execute(
            _target(), {"project": project_id}).scalar()
        return value

    def set_target(self, tenant_id: int, project_id: int, at: dt.datetime | None) -> None:
        stmt = insert_for(dialect_name(self.session), PLAN_PROJECTS).values(
            project_id=project_id, tenant_id=tenant_id, target_at=at)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=["project_id"], set_={"target_at": at}))

    def planned(self, project_id: int) -> bool:
        return bool(self.session.execute(_planned(), {"project": project_id}).scalar())

    # -- task facts --------------------------------------------------------------------
    def facts(self, task_ids: Sequence[int]) -> dict[int, TaskFacts]:
        if not task_ids:
            return {}
        rows = self.session.execute(select(PLAN_TASKS).where(
            PLAN_TASKS.c.task_id.in_(set(task_ids))))
        return {r["task_id"]: facts_of(r) for r in rows.mappings()}

    def set_facts(self, tenant_id: int, facts: TaskFacts) -> None:
        est = facts.estimate
        values = {"milestone_id": facts.milestone_id,
                  "estimate_minutes": est.minutes if est is not None else None,
                  "estimate_days": est.day_hundredths if est is not None else None,
                  "logged_minutes": facts.logged_minutes}
        stmt = insert_for(dialect_name(self.session), PLAN_TASKS).values(
            task_id=facts.task_id, tenant_id=tenant_id, **values)
        self.session.execute(stmt.on_conflict_do_update(index_elements=["task_id"],
                                                        set_=values))

    # -- what a forecast reads ---------------------------------------------------------
    def active_rows(self, project_id: int, limit: int) -> list[PlanRow]:
        rows = self.session.execute(_active_rows(), {"project": project_id, "limit": limit})
        return [_row(r) for r in rows.all()]

    def active_edges(self, project_id: int) -> list[tuple[int, int]]:
        rows = self.session.execute(_active_edges(), {"project": project_id})
        return [(a, b) for a, b in rows.all()]  # integer columns: no conversion

    def late_pairs(self, project_id: int, task_ids: Sequence[int]) -> list[LatePair]:
        if not task_ids:
            return []
        rows = self.session.execute(_late_pairs(), {"project": project_id,
                                                    "ids": sorted(set(task_ids))})
        return [LatePair(*r[2:]) for r in rows.all()]

    def active_rows_by_id(self, task_ids: Sequence[int]) -> list[PlanRow]:
        if not task_ids:
            return []
        rows = self.session.execute(_active_rows_by_id(), {"ids": sorted(set(task_ids))})
        return [_row(r) for r in rows.all()]

    def done_spans(self, project_id: int, limit: int) -> list[DoneSpan]:
        rows = self.session.execute(_done_spans(), {"project": project_id, "limit": limit})
        return [DoneSpan(start=r["started_at"] or r["created_at"], done=r["done_at"],
                         assignee_id=r["assignee_id"])
                for r in rows.mappings() if r["status"] == "done" and r["done_at"]]

    def scope_days(self, project_id: int) -> dict[int, Duration | None]:
        """The project's done tasks by number with their estimates (the baseline's scope;
        read only by `/project baseline` and `/project forecast`)."""
        rows = self.session.execute(
            select(TASKS.c.number, PLAN_TASKS.c.estimate_minutes, PLAN_TASKS.c.estimate_days)
            .select_from(TASKS.outerjoin(PLAN_TASKS, PLAN_TASKS.c.task_id == TASKS.c.id))
            .where(TASKS.c.project_id == project_id, TASKS.c.status == "done"))
        return {int(n): estimate_of(m, d) for n, m, d in rows}
