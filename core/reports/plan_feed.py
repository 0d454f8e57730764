"""Loading the project layer's inputs of a report (`PlanInputs`, core/reports/plan_inputs.py)
and the weekly report's plan section.

Cost: every report reads the time logged in its period, summed per task and person in the
database, with those tasks' estimates (one query). The forecast (a schedule of the
project's open work) is computed only for a planned project: one with a target date, an
open milestone or a baseline; a project nobody plans pays no forecast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from core.handlers.plan_load import LoadedPlan, TickScope, load_plan
from core.handlers.plan_summary import baseline_of, risks, scope_now
from core.model import Project, Tenant
from core.plan_ports import BaselineRec, PlanRepository, plans_of
from core.planning.baseline import variance
from core.planning.slack import critical_path
from core.ports import UnitOfWork
from core.reports.plan_inputs import MilestoneMark, PlanInputs, plan_section, work_events
from core.results_plan_views import day

DECISIONS_MAX = 10


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class Planned:
    """What the project layer has for one project now: its plan repository (None: a store
    without the project layer), the loaded plan (only for a planned project, when the
    forecast is wanted; its forecast is computed once, on first use) and the baseline.
    Load it once per report: the weekly report's text, plan section and chart share it."""

    plans: PlanRepository | None = None
    loaded: LoadedPlan | None = None
    baseline: BaselineRec | None = None


def load_planned(uow: UnitOfWork, tenant: Tenant | None, project: Project, now: dt.datetime,
                 forecast: bool = True) -> Planned:
    """The project's `Planned` (`forecast` False: the repository only)."""
    plans = plans_of(uow)
    if plans is None or tenant is None:
        return Planned()
    if not forecast:
        return Planned(plans)
    rec = plans.baseline(project.id)
    if rec is None and not plans.planned(project.id):
        return Planned(plans)
    return Planned(plans, load_plan(TickScope(uow, tenant, now), project), rec)


def _variance_text(plans: PlanRepository, lp: LoadedPlan, rec: BaselineRec,
                   tz: str) -> str | None:
    base = baseline_of(rec, lp.project.name)
    var = variance(base, lp.forecast, scope_now(plans, lp), lp.calendar)
    if var.project is None:
        return None
    pf = lp.forecast.projects.get(lp.project.name)
    now, then = _days_apart(pf.finish if pf else None, base.finish, tz)
    return (f"{var.project:+.1f} working days: forecast {now} against {then} in the "
            f"baseline of {day(rec.taken_at, tz)}")


def _days_apart(a: dt.datetime | None, b: dt.datetime | None, tz: str) -> tuple[str, str]:
    """Two instants as days ("Mon 7 Dec"), with their times when that is all that differs
    ("Mon 7 Dec 10:00", "Mon 7 Dec 17:00")."""
    first, second = day(a, tz), day(b, tz)
    if a is None or b is None or first != second or a == b:
        return first, second
    zone = _zone(tz)
    return (f"{first} {a.astimezone(zone):%H:%M}", f"{second} {b.astimezone(zone):%H:%M}")


def _baseline_ids(uow: UnitOfWork, lp: LoadedPlan, rec: BaselineRec
                  ) -> dict[int, dt.datetime]:
    planned = baseline_of(rec, lp.project.name).tasks
    ids = {n: r.id for n, r in lp.rows.items()}
    missing = [n for n in planned if n not in ids]
    if missing:
        ids.update({n: t.id for n, t in uow.tasks.get_many(lp.project.tenant_id,
                                                            missing).items()})
    return {ids[n]: at for n, at in planned.items() if n in ids}


def _marks(lp: LoadedPlan, zone: ZoneInfo) -> tuple[MilestoneMark, ...]:
    out = []
    for m in lp.milestones:
        mf = lp.forecast.milestones.get((lp.project.name, m.name))
        at = (mf.finish if mf is not None and mf.finish is not None else None) or m.due_at
        if at is not None:
            out.append(MilestoneMark(m.id, m.name, at.astimezone(zone).date(),
                                     late=bool(mf is not None and mf.late),
                                     done=m.state == "done"))
    return tuple(out)


def plan_inputs(uow: UnitOfWork, project: Project, tenant: Tenant | None, now: dt.datetime,
                tz: str = "UTC", since: dt.datetime | None = None,
                until: dt.datetime | None = None, with_events: bool = True,
                with_forecast: bool = True, planned: Planned | None = None) -> PlanInputs:
    """The project layer's inputs of a report or chart of `project` (empty on a store
    without the project layer). `since`, `until`: the time logs to read (the period);
    `with_events`: read estimates and time logs at all (the burn-up does not need them);
    `with_forecast`: forecast a planned project (the workload chart does not need it);
    `planned`: the project's plan when the caller has loaded it (else loaded here)."""
    found = planned if planned is not None else load_planned(uow, tenant, project, now,
                                                                 with_forecast)
    plans = found.plans
    if plans is None:
        return PlanInputs()
    lp, rec = (found.loaded, found.baseline) if with_forecast else (None, None)
    events = (work_events(plans.project_work(project.id, since, until), now)
              if with_events else ())
    if lp is None:
        return PlanInputs(events=events)
    zone, fc = _zone(tz), lp.forecast
    ids = {n: r.id for n, r in lp.rows.items()}
    pf = fc.projects.get(project.name)
    return PlanInputs(
        baseline=_baseline_ids(uow, lp, rec) if rec is not None else {},
        critical=frozenset(ids[s.id] for s in critical_path(fc, project.name) if s.id in ids),
        events=events,
        finish=pf.finish.astimezone(zone).date() if pf is not None and pf.finish else None,
        spans={ids[f.id]: (f.start.astimezone(zone).date(), f.finish.astimezone(zone).date())
               for f in fc.tasks.values() if f.project == project.name and f.id in ids},
        marks=_marks(lp, zone),
        variance=_variance_text(plans, lp, rec, tz) if rec is not None else None)


def weekly_plan_lines(uow: UnitOfWork, tenant: Tenant | None, project: Project,
                      start: dt.datetime, end: dt.datetime, now: dt.datetime,
                      tz: str, planned: Planned | None = None) -> list[str]:
    """The weekly report's plan section: milestones at risk, slips new since the last
    report (`start`: the previous report covered up to it) and the decisions of the
    period. Empty for a project nobody plans and with no decisions. `planned`: as for
    `plan_inputs`."""
    found = planned if planned is not None else load_planned(uow, tenant, project, now)
    plans, lp = found.plans, found.loaded
    if plans is None:
        return []
    lines: list[str] = []
    if lp is not None:
        lines += plan_section({r.key: r.text for r in risks(lp, tz)},
                              plans.alert_times(project.id), start)
    decisions = [d for d in plans.decisions(project.id, DECISIONS_MAX * 5)
                 if start <= d.at < end][:DECISIONS_MAX]
    if decisions:
        names = {i: m.display_name for i, m in uow.members.get_many(
            sorted({d.member_id for d in decisions if d.member_id is not None})).items()}
        for d in reversed(decisions):
            name = names.get(d.member_id) if d.member_id is not None else None
            who = f"@{name}" if name else "someone"
            refs = f" ({', '.join(f'#{n}' for n in d.numbers)})" if d.numbers else ""
            lines.append(f"Decision {day(d.at, tz)} by {who}: {d.text}{refs}")
    return lines
