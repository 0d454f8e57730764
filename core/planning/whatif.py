"""What-if: forecast a changed copy of the plan and say what would move, changing nothing.

A change is a task taking longer (`Slip`: its remaining work grows by a duration, on the
assignee's day length) or a task's new due date (`Redate`: it changes the urgency order and
which due dates are missed). The answer lists the milestones, projects and tasks whose
forecast finish moves (in working days of the default calendar) and the due dates that
would newly be missed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from core.planning.calendar import working_days_between
from core.planning.durations import ZERO, Duration
from core.planning.forecast import forecast, medians, work_minutes
from core.planning.model import Forecast, PlanInput, PlanTask


@dataclass(frozen=True, slots=True)
class Slip:
    task: int
    extra: Duration


@dataclass(frozen=True, slots=True)
class Redate:
    task: int
    due: dt.datetime | None


Change = Slip | Redate


@dataclass(frozen=True, slots=True)
class Shift:
    """`what` is "project", "milestone" or "task"; `key` its name (`project/milestone`) or
    task id; `days` working days later (+) or earlier (-)."""

    what: str
    key: str
    before: dt.datetime | None
    after: dt.datetime | None
    days: float


@dataclass(frozen=True, slots=True)
class WhatIf:
    shifts: tuple[Shift, ...]
    new_misses: tuple[str, ...]
    forecast: Forecast


class UnknownTask(KeyError):
    """The change names a task that is not in the plan."""


def apply_change(plan: PlanInput, change: Change) -> PlanInput:
    """A copy of `plan` with `change` made (the input is not touched). A slip turns the task's
    remaining work (estimate minus logged, or the median it was forecast with) into an
    estimate and adds the extra time to it."""
    if change.task not in {t.id for t in plan.tasks}:
        raise UnknownTask(change.task)
    med = medians(plan)

    def edit(t: PlanTask) -> PlanTask:
        if t.id != change.task:
            return t
        if isinstance(change, Redate):
            return t._replace(due=change.due)
        left, _ = work_minutes(t, plan.calendar_of(t.assignee).day_minutes,
                               med.get(t.project))
        return t._replace(estimate=Duration(minutes=round(left)) + change.extra, logged=ZERO)

    return dataclasses.replace(plan, tasks=tuple(edit(t) for t in plan.tasks))


def _misses(plan: PlanInput, fc: Forecast) -> set[str]:
    out = {f"project {p.name}" for p in fc.projects.values() if p.late}
    out |= {f"milestone {m.project}/{m.name}" for m in fc.milestones.values() if m.late}
    for t in plan.tasks:
        f = fc.tasks.get(t.id)
        if t.due is not None and f is not None and f.finish > t.due:
            out.add(f"task #{t.id}")
    return out


def what_if(plan: PlanInput, change: Change, before: Forecast | None = None) -> WhatIf:
    """What would move if `change` happened. `before` is the current forecast when the
    caller has it (else it is computed)."""
    old = before if before is not None else forecast(plan)
    changed = apply_change(plan, change)
    new = forecast(changed)
    cal = plan.default_calendar

    def shift(what: str, key: str, a: dt.datetime | None,
              b: dt.datetime | None) -> Shift | None:
        if a == b:
            return None
        days = (round(working_days_between(cal, a, b), 2) if a is not None and b is not None
                else 0.0)
        return Shift(what, key, a, b, days)

    found: list[Shift | None] = []
    for name, p in new.projects.items():
        q = old.projects.get(name)
        found.append(shift("project", name, q.finish if q else None, p.finish))
    for (proj, name), m in new.milestones.items():
        o = old.milestones.get((proj, name))
        found.append(shift("milestone", f"{proj}/{name}", o.finish if o else None, m.finish))
    for tid, f in sorted(new.tasks.items()):
        g = old.tasks.get(tid)
        found.append(shift("task", f"#{tid}", g.finish if g else None, f.finish))
    misses = _misses(changed, new) - _misses(plan, old)
    return WhatIf(shifts=tuple(s for s in found if s is not None),
                  new_misses=tuple(sorted(misses)), forecast=new)
