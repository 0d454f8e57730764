"""Slack and the critical path, in working time (the backward pass).

The latest finish of a task is the earliest of: its milestone's forecast finish, its
project's forecast finish, the latest start of each task it blocks, and the latest start of
its assignee's next task (a person's next task waits for the one before it). The latest
start is the latest finish minus the task's duration in its assignee's working time. Slack
is the working time between the forecast finish and the latest finish: how far the task
can slip before a milestone or the project's forecast slips. Tasks are visited from the
latest start to the earliest, so everything a task holds up is known when it is visited.

The critical path of a project is the chain that decides its forecast: from the project's
last-finishing task, back through whatever decided each start (a blocker, in any project,
or the assignee's previous task) until a task that starts now. Each task on it starts at
the first working moment of its assignee after the one before it ends. When everyone shares
one calendar every task on it has zero slack; across calendars a task on it can have the
slack of the non-working time before the next person's day begins (a hand-off from New York
to Berlin waits for Berlin's morning, so New York's evening is slack).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from core.planning.calendar import (
    Cursor,
    WorkCalendar,
    sub_working,
    working_days_between,
    working_minutes_between,
)
from core.planning.model import Forecast, MilestoneKey, PlanInput, WaitsFor


@dataclass(frozen=True, slots=True)
class PathStep:
    id: int
    project: str
    start: dt.datetime
    finish: dt.datetime
    waits_for: WaitsFor


def slack(plan: PlanInput, fc: Forecast, only: Collection[int] | None = None
          ) -> dict[int, float]:
    """Working minutes each forecast task can slip without moving a milestone's or its
    project's forecast finish (0 on the critical chains; never negative). `only`: just
    these tasks (a task's slack depends only on what it holds up, directly or through
    its assignee's next task, so the backward pass visits those and nothing else)."""
    return {i: v or 0.0 for i, v in _backward(plan, fc, to_due=False, only=only).items()}


def slack_to_due(plan: PlanInput, fc: Forecast) -> dict[int, float | None]:
    """Working minutes each task can slip before its milestone's due date or its project's
    target is missed (directly or through what it holds up); negative when that date is
    already forecast to be missed; None when no date depends on it."""
    return _backward(plan, fc, to_due=True)


def _held_up(downs: Mapping[int, list[int]], nxt: Mapping[int, int],
             only: Collection[int]) -> set[int]:
    """`only` and everything they hold up, transitively (blocked tasks, the assignee's
    next task)."""
    seen: set[int] = set()
    todo = [i for i in only if i in downs]
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        todo.extend(downs[i])
        if i in nxt:
            todo.append(nxt[i])
    return seen


def _backward(plan: PlanInput, fc: Forecast, to_due: bool,
              only: Collection[int] | None = None) -> dict[int, float | None]:
    tasks = fc.tasks
    by_id = {t.id: t for t in plan.tasks}
    downs: dict[int, list[int]] = {i: [] for i in tasks}
    for t in plan.tasks:
        if t.id in tasks:
            for b in set(t.blockers):
                if b in downs and b != t.id:
                    downs[b].append(t.id)
    nxt: dict[int, int] = {}
    for ids in fc.person_order.values():
        nxt.update(itertools.pairwise(ids))
    rank = {tid: k for k, tid in enumerate(fc.order)}
    visit = tasks.keys() if only is None else _held_up(downs, nxt, only)
    latest_start: dict[int, dt.datetime] = {}
    cursors: dict[str | None, Cursor] = {}
    result: dict[int, float | None] = {}
    for tid in sorted(visit, key=lambda i: (tasks[i].start, tasks[i].finish, rank[i]),
                      reverse=True):
        f = tasks[tid]
        task = by_id[tid]
        p = fc.projects[f.project]
        m = fc.milestones.get((f.project, task.milestone)) if task.milestone else None
        dates = (p.target, m.due if m else None) if to_due else (p.finish,
                                                                   m.finish if m else None)
        limits = [d for d in dates if d is not None]
        for d in [*downs[tid], *([nxt[tid]] if tid in nxt else [])]:
            if d in latest_start and tasks[d].start >= f.finish:
                limits.append(latest_start[d])
        if not limits:
            result[tid] = None
            continue
        lf = min(limits) if to_due else max(min(limits), f.finish)
        latest_start[tid], gap = _back(plan, cursors, task.assignee, f.finish, lf, f.minutes)
        result[tid] = gap if to_due else max(0.0, gap)
    if only is not None:
        return {i: result[i] for i in only if i in result}
    return result


def _back(plan: PlanInput, cursors: dict[str | None, Cursor], person: str | None,
          finish: dt.datetime, lf: dt.datetime, minutes: float) -> tuple[dt.datetime, float]:
    """(latest start: `minutes` of work before `lf`; working minutes from `finish` to `lf`)
    in `person`'s working time: by positions, or through the calendar for dates before the
    positions' origin (a due date long past)."""
    cal = plan.calendar_of(person)
    cursor = cursors.get(person)
    if cursor is None:
        cursor = cursors[person] = Cursor(cal, plan.now)
    if lf >= cursor.origin and finish >= cursor.origin:
        end = cursor.position(lf)
        begin = end - minutes * 60
        if begin >= 0:
            start = cursor.start(begin) if minutes > 0 else lf
            return start, (end - cursor.position(finish)) / 60
    return sub_working(cal, lf, minutes), working_minutes_between(cal, finish, lf)


def due_margins(fc: Forecast, cal: WorkCalendar) -> tuple[dict[MilestoneKey, float | None],
                                                          dict[str, float | None]]:
    """Working days (of `cal`) from each milestone's and project's forecast finish to its
    due date or target: its slack as a whole (negative: forecast late; None: no date, or
    nothing open)."""
    def days(finish: dt.datetime | None, due: dt.datetime | None) -> float | None:
        if finish is None or due is None:
            return None
        return round(working_days_between(cal, finish, due), 2)

    return ({k: days(m.finish, m.due) for k, m in fc.milestones.items()},
            {n: days(p.finish, p.target) for n, p in fc.projects.items()})


def critical_path(fc: Forecast, project: str) -> list[PathStep]:
    """The chain of tasks that decides `project`'s forecast finish, first task first (empty
    for a project with no open tasks). Ties for the last task go to the lower id."""
    ends = [f for f in fc.tasks.values() if f.project == project]
    if not ends:
        return []
    last = max(ends, key=lambda f: (f.finish, -f.id))
    chain: list[PathStep] = []
    seen: set[int] = set()
    cur: int | None = last.id
    while cur is not None and cur not in seen:
        seen.add(cur)
        f = fc.tasks[cur]
        chain.append(PathStep(f.id, f.project, f.start, f.finish, f.waits_for))
        cur = f.driver
    chain.reverse()
    return chain


def critical_paths(fc: Forecast) -> Mapping[str, list[PathStep]]:
    """`critical_path` of every project in the forecast."""
    return {p: critical_path(fc, p) for p in fc.projects}
