"""From storage to the planning core's model: one project's open work as a `PlanInput`.

What is read, and why it stays O(open work):
- the project's active tasks with their plan facts (milestone, estimate, time logged), in
  one query through the active-tasks index;
- their dependency edges, and, transitively, the active tasks they wait on in other
  projects (a cross-project blocker holds this project up too);
- the people doing them: their time zone (`/task tz`, else the platform's, else the
  workspace's) and, where they set any with `/task reminders`/`/task away`, their working
  days, hours and away period. Someone who set no hours gets the planning core's default
  working day, 09:00-17:00 (8 h) on weekdays in their zone, which is what a `1d` estimate
  means for them;
- the newest done tasks of the project (`CYCLE_SAMPLE`), whose median working time is the
  duration of a task with no estimate;
- the project's milestones (not dropped) and its target date.

Person keys in the plan are member ids as text; task ids are task numbers (unique per
workspace, so a blocker in another project keeps its number)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from core.errors import UserError
from core.model import Priority, Project, Tenant
from core.plan_ports import MilestoneRec, PlanRepository, PlanRow, plans_of
from core.planning.calendar import CalendarError, WorkCalendar, working_minutes_between
from core.planning.durations import ZERO, Duration
from core.planning.forecast import forecast
from core.planning.model import Forecast, Milestone, PlanInput, PlanTask, ProjectPlan
from core.ports import UnitOfWork
from core.scheduling.model import Prefs
from core.scheduling.ports import PeopleRepository

PLAN_LIMIT = 5000
"""At most this many active tasks of one project are planned (the rest would not fit in a
chat answer anyway; the forecast says so)."""
CYCLE_SAMPLE = 50
CROSS_ROUNDS = 8
"""How many hops into other projects' blockers are followed."""


class PlanScope(Protocol):
    """Where a plan is loaded: a command's `HandlerContext`, or a tick's `TickScope`."""

    uow: UnitOfWork
    tenant: Tenant
    now: dt.datetime


@dataclass
class TickScope:
    uow: UnitOfWork
    tenant: Tenant
    now: dt.datetime


def require_plans(h: PlanScope) -> PlanRepository:
    plans = plans_of(h.uow)
    if plans is None:
        raise UserError("Project planning is not available on this store.")
    return plans


@dataclass
class LoadedPlan:
    """A project's plan input and what the answers need to name things."""

    project: Project
    plan: PlanInput
    rows: dict[int, PlanRow]
    """Every planned task by number (this project's and blockers elsewhere)."""
    milestones: list[MilestoneRec]
    target: dt.datetime | None
    truncated: bool = False
    project_names: dict[int, str] = field(default_factory=dict)

    @cached_property
    def forecast(self) -> Forecast:
        return forecast(self.plan)

    @property
    def calendar(self) -> WorkCalendar:
        return self.plan.default_calendar


_RANK = {p.value: p.rank for p in Priority}


@functools.lru_cache(maxsize=1024)
def _logged(minutes: int) -> Duration:
    """Shared (a `Duration` is immutable): thousands of rows, few distinct totals."""
    return Duration(minutes=minutes) if minutes else ZERO


def _calendar(tz: str, prefs: Prefs | None, now: dt.datetime) -> WorkCalendar:
    """A person's calendar: their hours and away period if they set any, else the planning
    core's default day (09:00-17:00, weekdays) in their zone."""
    try:
        if prefs is None or not prefs.stored:
            return WorkCalendar(tz=tz)
        until = prefs.away_until
        # The away period is taken to start at the day's first instant (UTC), not at
        # `now`: the forecast only reads time from `now` on, so the answer is the same,
        # and the calendar (which keys its cached index) stays the same all day.
        day = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        away = ((day, until),) if until is not None and until > now else ()
        return WorkCalendar(tz=tz, start=prefs.work_start, end=prefs.work_end,
                            days=frozenset(prefs.work_days), away=away)
    except CalendarError:
        return WorkCalendar() if tz == "UTC" else _calendar("UTC", prefs, now)


def calendars(h: PlanScope, member_ids: Sequence[int]) -> dict[str, WorkCalendar]:
    """Each person's working calendar (see the module's docstring)."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    members = h.uow.members.get_many(ids)
    people: PeopleRepository | None = getattr(h.uow, "people", None)
    prefs = people.prefs_of(h.tenant.id, ids) if people is not None else {}
    zone = h.tenant.default_tz or "UTC"
    out = {}
    for mid in ids:
        m = members.get(mid)
        out[str(mid)] = _calendar((m.tz if m is not None else None) or zone, prefs.get(mid),
                                  h.now)
    return out


def _rows(plans: PlanRepository, h: PlanScope, project: Project, limit: int
          ) -> tuple[dict[int, PlanRow], dict[int, list[int]], bool]:
    """Active rows by database id (this project's and, transitively, their blockers in
    other projects) and the blocker edges between them."""
    own = plans.active_rows(project.id, limit + 1)
    truncated = len(own) > limit
    rows = {r.id: r for r in own[:limit]}
    edges: dict[int, list[int]] = {}
    for blocked, blocker in plans.active_edges(project.id):
        if blocked in rows:
            edges.setdefault(blocked, []).append(blocker)
    found, todo = dict(edges), list[int]()
    for hop in range(CROSS_ROUNDS):
        if hop:  # the edges of the blockers found elsewhere on the previous hop
            found = h.uow.tasks.blocker_ids_of_many(todo)
            edges.update(found)
        outside = sorted({b for ids in found.values() for b in ids if b not in rows})
        todo = []
        for r in plans.active_rows_by_id(outside) if outside else []:
            rows[r.id] = r
            todo.append(r.id)
        if not todo:
            break
    return rows, edges, truncated


def load_plan(h: PlanScope, project: Project, limit: int = PLAN_LIMIT) -> LoadedPlan:
    """`limit`: plan at most this many of the project's active tasks (the most urgent by
    due date and priority); `LoadedPlan.truncated` says when there were more."""
    plans = require_plans(h)
    rows, edges, truncated = _rows(plans, h, project, limit)
    milestones = plans.milestones(project.id)
    target = plans.target(project.id)
    ms_names = {m.id: m.name for m in milestones}
    other = sorted({r.project_id for r in rows.values()
                    if r.project_id is not None and r.project_id != project.id})
    names = {pid: p.name for pid, p in h.uow.projects.get_many(other).items()} if other else {}
    names[project.id] = project.name
    number = {r.id: r.number for r in rows.values()}
    people: dict[int | None, str | None] = {r.assignee_id: str(r.assignee_id)
                                            for r in rows.values()}
    people[None] = None
    tasks = tuple(PlanTask(  # by position: thousands of rows
        r.number, names.get(r.project_id or 0, ""), people[r.assignee_id],
        r.status == "in_progress", _RANK[r.priority], r.due_at, r.estimate,
        _logged(r.logged_minutes),
        tuple(sorted([number[b] for b in ups if b in number])) if (ups := edges.get(r.id))
        else (),
        ms_names.get(r.milestone_id) if r.project_id == project.id
        and r.milestone_id is not None else None)
        for r in rows.values())
    cals = calendars(h, [r.assignee_id for r in rows.values() if r.assignee_id is not None])
    default = _calendar(h.tenant.default_tz or "UTC", None, h.now)
    cycles: tuple[float, ...] = ()
    if any(r.estimate is None for r in rows.values() if r.project_id == project.id):
        cycles = tuple(float(working_minutes_between(default, s.start, s.done))
                       for s in plans.done_spans(project.id, CYCLE_SAMPLE) if s.done > s.start)
    plan = PlanInput(
        now=h.now, tasks=tasks, calendars=cals, default_calendar=default,
        cycle_minutes={project.name: cycles} if cycles else {},
        milestones=tuple(Milestone(project.name, m.name, m.due_at, m.state == "done")
                         for m in milestones),
        projects=(ProjectPlan(project.name, target),
                  *(ProjectPlan(n) for pid, n in names.items() if pid != project.id)))
    return LoadedPlan(project=project, plan=plan, rows={r.number: r for r in rows.values()},
                      milestones=milestones, target=target, truncated=truncated,
                      project_names=names)
