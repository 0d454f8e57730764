"""Early-warning checks, pure functions over the plan and its forecast.

- a blocker due after the task it blocks (the dependant cannot make its date);
- a task forecast to finish after its due date;
- a milestone forecast to finish after its due date.

Each returns plain tuples, sorted, so a caller can compare the risks before and after a
command and speak only of new ones. `blockers_due_after` looks at one task and its direct
blockers, for the cheap check on a write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.planning.model import Forecast, MilestoneKey, PlanTask


@dataclass(frozen=True, slots=True, order=True)
class LateBlocker:
    blocker: int
    dependant: int
    blocker_due: dt.datetime
    dependant_due: dt.datetime


@dataclass(frozen=True, slots=True, order=True)
class LateTask:
    task: int
    due: dt.datetime
    finish: dt.datetime


@dataclass(frozen=True, slots=True, order=True)
class LateMilestone:
    key: MilestoneKey
    due: dt.datetime
    finish: dt.datetime


def _blocker_key(x: LateBlocker) -> tuple[int, int, dt.datetime, dt.datetime]:
    """The dataclass order, as a key (built once per item, not per comparison)."""
    return (x.blocker, x.dependant, x.blocker_due, x.dependant_due)


def blockers_due_after(task: PlanTask, tasks: Mapping[int, PlanTask]) -> list[LateBlocker]:
    """The direct blockers of `task` due after `task`'s own due date (an open blocker with
    no due date is not flagged: it has no date to compare)."""
    if task.due is None:
        return []
    out = []
    for b in dict.fromkeys(task.blockers):
        up = tasks.get(b)
        if up is not None and up.due is not None and up.due > task.due:
            out.append(LateBlocker(b, task.id, up.due, task.due))
    return sorted(out, key=_blocker_key)


def late_blockers(tasks: Iterable[PlanTask]) -> list[LateBlocker]:
    """`blockers_due_after` over every task (sorted once, not task by task)."""
    by_id = {t.id: t for t in tasks}
    out = []
    for task in by_id.values():
        due = task.due
        if due is None or not task.blockers:
            continue
        for b in dict.fromkeys(task.blockers):
            up = by_id.get(b)
            if up is not None and up.due is not None and up.due > due:
                out.append(LateBlocker(b, task.id, up.due, due))
    return sorted(out, key=_blocker_key)


def late_tasks(tasks: Iterable[PlanTask], fc: Forecast) -> list[LateTask]:
    """Tasks forecast to finish after their due date."""
    out = []
    for t in tasks:
        f = fc.tasks.get(t.id)
        if t.due is not None and f is not None and f.finish > t.due:
            out.append(LateTask(t.id, t.due, f.finish))
    return sorted(out, key=lambda x: (x.task, x.due, x.finish))


def late_milestones(fc: Forecast) -> list[LateMilestone]:
    """Milestones forecast to finish after their due date (not those marked reached)."""
    return sorted((LateMilestone(k, m.due, m.finish) for k, m in fc.milestones.items()
                   if m.late and m.due is not None and m.finish is not None),
                  key=lambda x: (x.key, x.due, x.finish))
