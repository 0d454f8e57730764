"""From a forecast to what people read: the plan summary of `/project status` and
`/project forecast` (target, forecast, variance, milestones, risks), the baseline as stored
and the schedule risks as keyed facts (for early warnings).

A risk is a `Risk`: a stable key (what it is about, so a warning is given once), the
member to tell (the owner of the task at risk; for a milestone, the project's owner) and a
one-line text in the viewer's time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

from core.handlers.plan_load import LoadedPlan, PlanScope, load_plan
from core.plan_ports import BaselineRec, PlanRepository, plans_of
from core.planning.baseline import Baseline, Variance, describe_scope, open_scope, variance
from core.planning.calendar import working_days_between
from core.planning.checks import late_blockers, late_milestones, late_tasks
from core.results_plan_views import MilestoneLine, PlanSummary, day

__all__ = ["Risk", "day", "risks", "summarize"]

LIST_MAX = 10


class Risk(NamedTuple):
    """(A named tuple: a big project has hundreds of risks, compared on every write.)"""

    key: str
    text: str
    member_id: int | None
    task_number: int | None = None
    milestone: str | None = None


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _at(value: object) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


def baseline_data(base: Baseline) -> dict[str, object]:
    return {"finish": _iso(base.finish),
            "milestones": {n: _iso(v) for n, v in base.milestones.items()},
            "tasks": {str(n): _iso(v) for n, v in base.tasks.items()},
            "scope": {str(n): d for n, d in base.scope.items()}}


def baseline_of(rec: BaselineRec, project: str) -> Baseline:
    data = rec.data
    ms = data.get("milestones") or {}
    tasks = data.get("tasks") or {}
    scope = data.get("scope") or {}
    return Baseline(
        project=project, taken=rec.taken_at, finish=_at(data.get("finish")),
        milestones={str(n): _at(v) for n, v in ms.items()},
        tasks={int(n): t for n, v in tasks.items() if (t := _at(v)) is not None},
        scope={int(n): float(d) for n, d in scope.items()})


def scope_now(plans: PlanRepository, lp: LoadedPlan) -> dict[int, float]:
    """Every counted task of the project (open and done) with its estimate in days."""
    scope = open_scope(lp.plan, lp.project.name)
    day_minutes = lp.calendar.day_minutes
    for number, est in plans.scope_days(lp.project.id).items():
        scope[number] = est.to_minutes(day_minutes) / day_minutes if est else 0.0
    return scope


def risks(lp: LoadedPlan, tz: str, known: Collection[str] = (), limit: int | None = None,
          deps: bool = True, tasks: bool = True) -> list[Risk]:
    """Blockers due after what they block (unless not `deps`), tasks (unless not `tasks`)
    and milestones forecast past their due dates: this project's, milestones first. Only the first
    `limit` risks whose key is not in `known` (already told) come with their text: a
    write compares keys and a summary shows ten, and words for every late task of a big
    project would cost more than its forecast."""
    fc = lp.forecast
    name = lp.project.name
    rows = lp.rows
    found: list[Risk] = []
    worded = [0]

    def words(key: str, make: Callable[[], str]) -> str:
        if key in known or (limit is not None and worded[0] >= limit):
            return ""
        worded[0] += 1
        return make()

    for m in late_milestones(fc):
        if m.key[0] == name:
            key = f"ms:{m.key[1].casefold()}:late"
            found.append(Risk(key, words(key, lambda m=m: (  # type: ignore[misc]
                f"milestone {m.key[1]} is forecast {day(m.finish, tz)}, after its due date "
                f"{day(m.due, tz)}")), lp.project.owner_id, milestone=m.key[1]))
    own = [t for t in lp.plan.tasks if t.project == name]
    for b in late_blockers(own + [t for t in lp.plan.tasks if t.project != name]
                           ) if deps else ():
        dep, up = rows.get(b.dependant), rows.get(b.blocker)
        if dep is None or up is None or dep.project_id != lp.project.id:
            continue
        key = f"dep:{b.blocker}:{b.dependant}"
        found.append(Risk(key, words(key, lambda b=b, dep=dep, up=up: (  # type: ignore[misc]
            f"#{dep.number} {dep.title} waits for #{up.number} {up.title}, due "
            f"{day(b.blocker_due, tz)}, after its own due date {day(b.dependant_due, tz)}")),
            dep.assignee_id or dep.creator_id, task_number=dep.number))
    for t in late_tasks(own, fc) if tasks else ():
        row = rows[t.task]
        key = f"task:{t.task}:late"
        found.append(Risk(key, words(key, lambda t=t, row=row: (  # type: ignore[misc]
            f"#{row.number} {row.title} is forecast to finish {day(t.finish, tz)}, after "
            f"its due date {day(t.due, tz)}")), row.assignee_id or row.creator_id,
            task_number=row.number))
    return found


def _days(lp: LoadedPlan, a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return round(working_days_between(lp.calendar, a, b), 1)


def summarize(plans: PlanRepository, lp: LoadedPlan, tz: str,
              blockers: bool = True) -> PlanSummary:
    """`blockers`: list blockers due after their dependants among the risks (the status
    lists those already, with the overdue ones)."""
    fc = lp.forecast
    pf = fc.projects.get(lp.project.name)
    finish = pf.finish if pf else None
    rec = plans.baseline(lp.project.id)
    var: Variance | None = None
    if rec is not None:
        var = variance(baseline_of(rec, lp.project.name), fc, scope_now(plans, lp),
                       lp.calendar)
    shown = lp.milestones[:LIST_MAX]
    progress = plans.milestone_progress([m.id for m in shown])
    lines = []
    for m in shown:
        mf = fc.milestones.get((lp.project.name, m.name))
        done, total = progress.get(m.id, (0, 0))
        forecast_at = mf.finish if mf else None
        lines.append(MilestoneLine(
            name=m.name, due=m.due_at, forecast=forecast_at, done=done, total=total,
            state=m.state, margin_days=_days(lp, forecast_at, m.due_at),
            variance_days=_var(var.milestones if var else None, m.name)))
    found = risks(lp, tz, limit=LIST_MAX, deps=blockers)
    texts = [r.text for r in found]
    return PlanSummary(
        target=lp.target, finish=finish, margin_days=_days(lp, finish, lp.target),
        variance_days=var.project if var else None,
        baseline_at=rec.taken_at if rec else None,
        scope=describe_scope(var.scope, rec.taken_at) if var and rec else "",
        milestones=tuple(lines), milestones_total=len(lp.milestones),
        risks=tuple(texts[:LIST_MAX]), risks_total=len(texts),
        open_tasks=pf.open_tasks if pf else 0,
        without_estimate=pf.without_estimate if pf else 0, truncated=lp.truncated)


def _var(values: Mapping[str, float | None] | None, name: str) -> float | None:
    if values is None:
        return None
    value = values.get(name)
    return round(value, 1) if value is not None else None


def is_new_slip(key: str, alerted: Mapping[str, dt.datetime], since: dt.datetime) -> bool:
    """A risk (by key) that is new since `since`: its early warning was given after it, or
    not given yet (it arose as time passed, not from a command)."""
    return key not in alerted or alerted[key] >= since


def milestones_at_risk(scope: PlanScope, project_ids: Sequence[int], tz: str,
                       limit: int = LIST_MAX,
                       since: dt.datetime | None = None) -> tuple[str, ...]:
    """'launch: milestone beta is forecast Mon 14 Dec, after its due date Fri 11 Dec', for
    the planned projects among `project_ids` (the daily digest's section); with `since`
    (the last digest), a slip new since then ends '(new since the last digest)'."""
    plans = plans_of(scope.uow)
    if plans is None or not project_ids:
        return ()
    out: list[str] = []
    projects = scope.uow.projects.get_many(sorted(set(project_ids)))
    for project in sorted(projects.values(), key=lambda p: p.name.casefold()):
        if project.archived or not plans.planned(project.id):
            continue
        lp = load_plan(scope, project)
        found = [r for r in risks(lp, tz) if r.milestone is not None]
        alerted = plans.alert_times(project.id) if found and since is not None else {}
        out.extend(f"{project.name}: {r.text}"
                   + (" (new since the last digest)"
                      if since is not None and is_new_slip(r.key, alerted, since) else "")
                   for r in found)
    return tuple(out[:limit])
