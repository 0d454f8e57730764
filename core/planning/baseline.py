"""Baselines and schedule variance.

A baseline is a snapshot of a project's plan: each open task's and each milestone's forecast
finish and the project's, and the scope (every task counted, with its estimate in working
days). Variance is the forecast minus the baseline in working days of the project's default
calendar: positive means later than planned. Scope change compares the task sets: tasks
added since the baseline, tasks dropped from it, and the estimate difference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.planning.calendar import WorkCalendar, working_days_between
from core.planning.durations import format_days
from core.planning.model import Forecast, PlanInput


@dataclass(frozen=True, slots=True)
class Baseline:
    """`scope[task id]` = its estimate in working days (0 without one), for every task of the
    project that counts (open and done, not dropped)."""

    project: str
    taken: dt.datetime
    finish: dt.datetime | None
    milestones: Mapping[str, dt.datetime | None] = field(default_factory=dict)
    tasks: Mapping[int, dt.datetime] = field(default_factory=dict)
    scope: Mapping[int, float] = field(default_factory=dict)

    @property
    def task_count(self) -> int:
        return len(self.scope)

    @property
    def estimate_days(self) -> float:
        return sum(self.scope.values())


@dataclass(frozen=True, slots=True)
class ScopeChange:
    added: tuple[int, ...]
    dropped: tuple[int, ...]
    estimate_days: float

    @property
    def tasks(self) -> int:
        return len(self.added) - len(self.dropped)


@dataclass(frozen=True, slots=True)
class Variance:
    """Working days later (+) or earlier (-) than the baseline; None where either side has
    no date (a milestone added since, or with no open tasks)."""

    project: float | None
    milestones: Mapping[str, float | None]
    tasks: Mapping[int, float]
    scope: ScopeChange


def open_scope(plan: PlanInput, project: str) -> dict[int, float]:
    """Estimate days of the project's open tasks (each on its assignee's day length); the
    caller adds its done tasks to make the whole scope."""
    out: dict[int, float] = {}
    for t in plan.tasks:
        if t.project == project:
            day = plan.calendar_of(t.assignee).day_minutes
            out[t.id] = t.estimate.to_minutes(day) / day if t.estimate else 0.0
    return out


def take_baseline(fc: Forecast, project: str, scope: Mapping[int, float]) -> Baseline:
    """Snapshot `project`'s forecast (tasks, milestones, the project) and its scope."""
    p = fc.projects.get(project)
    return Baseline(
        project=project, taken=fc.now, finish=p.finish if p else None,
        milestones={m.name: m.finish for m in fc.milestones.values() if m.project == project},
        tasks={i: f.finish for i, f in fc.tasks.items() if f.project == project},
        scope=dict(scope))


def _days(cal: WorkCalendar, before: dt.datetime | None,
          after: dt.datetime | None) -> float | None:
    if before is None or after is None:
        return None
    return round(working_days_between(cal, before, after), 2)


def variance(base: Baseline, fc: Forecast, scope: Mapping[int, float],
             cal: WorkCalendar) -> Variance:
    """Forecast minus baseline in working days of `cal`, and the scope change."""
    p = fc.projects.get(base.project)
    names = [*base.milestones, *(m.name for m in fc.milestones.values()
                                 if m.project == base.project and m.name not in base.milestones)]
    now_ms = {m.name: m.finish for m in fc.milestones.values() if m.project == base.project}
    tasks: dict[int, float] = {}
    for tid, planned in base.tasks.items():
        f = fc.tasks.get(tid)
        if f is not None:
            tasks[tid] = round(working_days_between(cal, planned, f.finish), 2)
    added = tuple(sorted(i for i in scope if i not in base.scope))
    dropped = tuple(sorted(i for i in base.scope if i not in scope))
    change = ScopeChange(added, dropped, round(sum(scope.values()) - base.estimate_days, 2))
    return Variance(project=_days(cal, base.finish, p.finish if p else None),
                    milestones={n: _days(cal, base.milestones.get(n), now_ms.get(n))
                                for n in names},
                    tasks=tasks, scope=change)


def describe_scope(change: ScopeChange, taken: dt.datetime) -> str:
    """"scope +6 tasks, +9 d since the baseline of 1 Dec" (UTC date; "no scope change" when
    nothing was added or dropped)."""
    if not change.added and not change.dropped and not change.estimate_days:
        return f"no scope change since the baseline of {taken.day} {taken:%b}"
    counts = [f"{sign}{len(ids)}" for sign, ids in (("+", change.added), ("-", change.dropped))
              if ids]
    total = len(change.added) + len(change.dropped)
    tasks = f"{' '.join(counts)} task{'' if total == 1 else 's'}, " if counts else ""
    sign = "+" if change.estimate_days >= 0 else ""
    return (f"scope {tasks}{sign}{format_days(change.estimate_days)} "
            f"since the baseline of {taken.day} {taken:%b}")
