"""Handlers of the project layer's `/project` commands (issue 15): milestones, the target
date, baselines, the forecast, what-if and the decision log. `/task log` and the
milestone/estimate of `/task add|edit` are in `plan_tasks.py`; early warnings in
`plan_warn.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from core import commands as c
from core import commands_plan as cp
from core.dates import parse_when
from core.errors import PermissionDenied, UserError
from core.handlers import projects
from core.handlers.base import HandlerContext
from core.handlers.plan_load import load_plan, require_plans
from core.handlers.plan_summary import LIST_MAX, baseline_data, day, scope_now, summarize
from core.handlers.plan_tasks import HANDLERS as TASK_HOOKS
from core.handlers.plan_warn import warn_projects
from core.model import Project
from core.plan_ports import BaselineRec, DecisionRec, MilestoneRec, PlanRepository, plans_of
from core.planning.baseline import take_baseline
from core.planning.durations import format_days, parse_duration
from core.planning.slack import critical_path, slack
from core.planning.whatif import Change, Redate, Slip, UnknownTask, what_if
from core.results import Info, Result
from core.results_plan import (
    DecisionLine,
    DecisionLog,
    ForecastReport,
    PathLine,
    ShiftLine,
    WhatIfReport,
)

PATH_MAX = 15
DECISIONS_PAGE = 10


def _require_owner(h: HandlerContext, project: Project, verb: str) -> None:
    if not (h.actor.is_manager or project.owner_id == h.actor.id):
        raise PermissionDenied(f"Only the owner of {project.name}, managers and admins can "
                               f"{verb}.")


def _info(h: HandlerContext, text: str) -> Info:
    return Info(message=text, viewer_tz=h.tz)


def set_milestone(h: HandlerContext, cmd: cp.SetMilestone) -> Info:
    plans = require_plans(h)
    project = h.open_project(cmd.project)
    _require_owner(h, project, "change its milestones")
    ms = plans.milestone(project.id, cmd.name)
    if cmd.action == "set":
        due = None if cmd.due in (None, "none") else parse_when(cmd.due or "", h.now, h.tz)
        if ms is None:
            ms = plans.add_milestone(MilestoneRec(id=0, tenant_id=h.tenant.id,
                                                  project_id=project.id, name=cmd.name,
                                                  due_at=due), h.now)
            text = f"Added milestone {ms.name} to {project.name}"
        else:
            ms.due_at, ms.state = due, "open"
            plans.update_milestone(ms)
            text = f"Milestone {ms.name} of {project.name}"
        when = (f", due {day(due, h.tz)}" if due else ", no due date") + (
            " (already passed)" if _passed(h, due) else "")
        hint = f" Put tasks in it with /task edit #N milestone:{_quoted(ms.name)}."
        return _info(h, text + when + "." + hint + warn_projects(h, [project]))
    if ms is None:
        raise UserError(f"{project.name} has no milestone “{cmd.name}”. `/project forecast "
                        f"{_quoted(project.name)}` lists them.")
    if cmd.action == "rename":
        new = cmd.new_name or ""
        other = plans.milestone(project.id, new)
        if other is not None and other.id != ms.id:
            raise UserError(f"{project.name} already has a milestone “{other.name}”.")
        old, ms.name = ms.name, new
        plans.update_milestone(ms)
        return _info(h, f"Renamed milestone {old} of {project.name} to {new}.")
    ms.state = "done" if cmd.action == "done" else "dropped"
    plans.update_milestone(ms)
    verb = "reached" if cmd.action == "done" else "dropped (its tasks stay)"
    return _info(h, f"Milestone {ms.name} of {project.name} {verb}."
                 + (_still_open(plans, ms.id) if cmd.action == "done" else "")
                 + warn_projects(h, [project]))


def _still_open(plans: PlanRepository, milestone_id: int) -> str:
    """A milestone marked reached by hand while some of its tasks are open: say so (they
    stay open, in the milestone)."""
    done, counted = plans.milestone_progress([milestone_id]).get(milestone_id, (0, 0))
    left = counted - done
    if left <= 0:
        return ""
    if counted == 1:
        return " Its one task is still open; the task stays open."
    return (f" {left} of its {counted} tasks {'is' if left == 1 else 'are'} still open; "
            f"{'that task stays' if left == 1 else 'those tasks stay'} open.")


def _passed(h: HandlerContext, due: dt.datetime | None) -> bool:
    """A date set in the past is taken (a record of a plan), and called out."""
    return due is not None and due < h.now


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def set_project_due(h: HandlerContext, cmd: cp.SetProjectDue) -> Info:
    plans = require_plans(h)
    project = h.open_project(cmd.project)
    _require_owner(h, project, "set its target date")
    due = parse_when(cmd.due, h.now, h.tz) if cmd.due else None
    plans.set_target(h.tenant.id, project.id, due)
    passed = " That date has already passed." if _passed(h, due) else ""
    text = (f"{project.name} is now due {day(due, h.tz)}.{passed}" if due else
            f"{project.name} has no target date now.")
    return _info(h, text + warn_projects(h, [project]))


def take_baseline_cmd(h: HandlerContext, cmd: cp.TakeBaseline) -> Info:
    plans = require_plans(h)
    project = h.open_project(cmd.project)
    _require_owner(h, project, "baseline it")
    lp = load_plan(h, project)
    scope = scope_now(plans, lp)
    base = take_baseline(lp.forecast, project.name, scope)
    plans.save_baseline(h.tenant.id, BaselineRec(project_id=project.id, taken_at=h.now,
                                                 taken_by=h.actor.id, data=baseline_data(base)))
    ms = ", ".join(f"{n} {day(v, h.tz)}" for n, v in list(base.milestones.items())[:LIST_MAX])
    return _info(h, f"Baseline of {project.name} taken: {base.task_count} tasks, "
                    f"{format_days(base.estimate_days)} estimated, forecast finish "
                    f"{day(base.finish, h.tz)}" + (f" (milestones: {ms})" if ms else "")
                 + ". Variance is measured against it from now on.")


def show_forecast(h: HandlerContext, cmd: cp.ShowForecast) -> ForecastReport:
    plans = require_plans(h)
    project = h.project(cmd.project)
    lp = load_plan(h, project)
    summary = summarize(plans, lp, h.tz)
    fc = lp.forecast
    path = critical_path(fc, project.name)
    shown = path[-PATH_MAX:]
    spare = slack(lp.plan, fc, only=[s.id for s in shown]) if path else {}
    people = h.uow.members.get_many(sorted({lp.rows[s.id].assignee_id or 0 for s in shown}))
    names = {mid: m.display_name for mid, m in people.items()}
    lines = []
    for step in shown:
        row = lp.rows[step.id]
        lines.append(PathLine(
            number=row.number, title=row.title, project=step.project, start=step.start,
            finish=step.finish, assignee=names.get(row.assignee_id or 0),
            slack_days=round(spare.get(step.id, 0.0) / lp.calendar.day_minutes, 1),
            cross_project=step.project != project.name))
    return ForecastReport(project=project.name, summary=summary, critical_path=tuple(lines),
                          path_total=len(path), as_of=h.now, viewer_tz=h.tz)


def what_if_cmd(h: HandlerContext, cmd: cp.WhatIf) -> WhatIfReport:
    project = h.project(cmd.project)
    lp = load_plan(h, project)
    change: Change
    if cmd.slip is not None:
        change = Slip(cmd.number, parse_duration(cmd.slip))
        said = f"#{cmd.number} takes {cmd.slip} longer"
    else:
        due = parse_when(cmd.due, h.now, h.tz) if cmd.due and cmd.due != "none" else None
        change = Redate(cmd.number, due)
        said = f"#{cmd.number} is due {day(due, h.tz)}" if due else \
            f"#{cmd.number} has no due date"
    try:
        answer = what_if(lp.plan, change, before=lp.forecast)
    except UnknownTask:
        raise UserError(f"#{cmd.number} is not open work of {project.name} (or of what it "
                        "waits for), so it moves nothing.") from None
    order = {"project": 0, "milestone": 1, "task": 2}
    shifts = sorted(answer.shifts, key=lambda s: (order.get(s.what, 3), -abs(s.days), s.key))
    lines = []
    for s in shifts:
        label = s.key
        if s.what == "task":
            row = lp.rows.get(int(s.key.lstrip("#")))
            label = f"{s.key} {row.title}" if row else s.key
        elif s.what == "milestone":
            label = s.key.split("/", 1)[-1] if s.key.startswith(project.name + "/") else s.key
        lines.append(ShiftLine(what=s.what, label=label, before=s.before, after=s.after,
                               days=s.days))
    return WhatIfReport(project=project.name, change=said, shifts=tuple(lines[:LIST_MAX]),
                        shifts_total=len(lines), new_misses=answer.new_misses,
                        viewer_tz=h.tz)


def decide(h: HandlerContext, cmd: cp.Decide) -> Info:
    plans = require_plans(h)
    project = h.open_project(cmd.project)
    tasks = h.tasks(list(cmd.tasks))
    rec = plans.add_decision(h.tenant.id, DecisionRec(
        id=0, project_id=project.id, member_id=h.actor.id, at=h.now, text=cmd.text,
        numbers=cmd.tasks), [t.id for t in tasks])
    for t in tasks:
        h.record(t, "decision", f"decision in {project.name}: {cmd.text}")
    touches = f" It touches {', '.join(f'#{n}' for n in cmd.tasks)}." if cmd.tasks else ""
    return _info(h, f"Recorded decision {rec.id} in {project.name}.{touches} "
                    f"/project decisions {_quoted(project.name)} lists them.")


def list_decisions(h: HandlerContext, cmd: cp.ListDecisions) -> DecisionLog:
    plans = require_plans(h)
    project = h.project(cmd.project)
    offset = (cmd.page - 1) * DECISIONS_PAGE
    found = plans.decisions(project.id, DECISIONS_PAGE + 1, offset)
    people = h.uow.members.get_many(sorted({d.member_id for d in found if d.member_id}))
    lines = tuple(DecisionLine(at=d.at, who=people[d.member_id].display_name
                               if d.member_id in people else None, text=d.text,
                               tasks=d.numbers, project=project.name)
                  for d in found[:DECISIONS_PAGE])
    return DecisionLog(project=project.name, decisions=lines, page=cmd.page,
                       total=plans.decision_count(project.id),
                       has_more=len(found) > DECISIONS_PAGE, viewer_tz=h.tz)


def project_status(h: HandlerContext, cmd: c.ProjectStatus) -> Result:
    """The core's `/project status`, plus the plan (target, forecast, variance, milestones,
    schedule risks) for a project that has one (a target date or an open milestone)."""
    result = projects.project_status(h, cmd)
    plans = plans_of(h.uow)
    if plans is None:
        return result
    project = h.project(cmd.name)
    if not plans.planned(project.id):
        return result
    summary = summarize(plans, load_plan(h, project), h.tz, blockers=False)
    return result.model_copy(update={"plan": summary})


HANDLERS: dict[type[Any], Callable[..., Result]] = {
    cp.SetMilestone: set_milestone,
    cp.SetProjectDue: set_project_due,
    cp.TakeBaseline: take_baseline_cmd,
    cp.ShowForecast: show_forecast,
    cp.WhatIf: what_if_cmd,
    cp.Decide: decide,
    cp.ListDecisions: list_decisions,
    c.ProjectStatus: project_status,
    **TASK_HOOKS,
}

READ_ONLY: frozenset[type[Any]] = frozenset({cp.ShowForecast, cp.WhatIf, cp.ListDecisions})
