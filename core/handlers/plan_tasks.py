"""The project layer on tasks (issue 15): `/task log`, the `milestone:` and `estimate:` of
`/task add|edit`, and the early-warning hooks around the commands that move a schedule.

The hooks wrap the core's own handlers (registered in place of them through `HANDLERS`):
the wrapped handler runs first, unchanged; then, in the same unit of work, the task's plan
facts are written and its project checked (`plan_warn`). A refusal anywhere rolls the
whole command back: no task without the milestone it was asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import commands as c
from core import commands_plan as cp
from core.errors import UserError
from core.handlers import edits, tasks
from core.handlers.base import HandlerContext
from core.handlers.plan_load import calendars, require_plans
from core.handlers.plan_warn import milestone_reached, warn_projects
from core.model import Task
from core.plan_ports import TaskFacts, TimeLog, plans_of
from core.planning.durations import DurationError, format_duration, parse_duration
from core.ports import TaskQuery
from core.results import Info, Result, TaskChanged
from core.scheduling import commands as sc
from core.scheduling.handlers import HANDLERS as SCHEDULER_HANDLERS

Handler = Callable[[HandlerContext, Any], Result]
CLEAR = ("none", "clear", "-")


def _day_minutes(h: HandlerContext, task: Task) -> int:
    who = task.assignee_id if task.assignee_id is not None else h.actor.id
    return calendars(h, [who])[str(who)].day_minutes


def _duration(text: str) -> Any:
    try:
        return parse_duration(text)
    except DurationError as err:
        raise UserError(str(err)) from None


def foreign_milestone(h: HandlerContext, task: Task) -> str | None:
    """"none" when the task's milestone belongs to another project than the task's (it
    moved), so the move takes it out of that milestone; else None (leave it)."""
    plans = plans_of(h.uow)
    facts = plans.facts([task.id]).get(task.id) if plans is not None else None
    if plans is None or facts is None or facts.milestone_id is None:
        return None
    ms = plans.milestones_by_id([facts.milestone_id]).get(facts.milestone_id)
    return "none" if ms is not None and ms.project_id != task.project_id else None


def apply_plan(h: HandlerContext, task: Task, milestone: str | None,
               estimate: str | None) -> list[str]:
    """Set a task's milestone and/or estimate ("none" clears); what changed, as words."""
    if milestone is None and estimate is None:
        return []
    plans = require_plans(h)
    old = plans.facts([task.id]).get(task.id) or TaskFacts(task_id=task.id)
    ms_id, est, said = old.milestone_id, old.estimate, []
    if milestone is not None:
        if milestone.lower() in CLEAR:
            ms_id = None
            said.append("milestone removed")
        else:
            if task.project_id is None:
                raise UserError(f"{task.ref} is in no project, so it can't be in a milestone: "
                                "give it project:<name> first.")
            ms = plans.milestone(task.project_id, milestone)
            if ms is None or ms.state == "dropped":
                project = h.views.project(task.project_id)
                name = project.name if project else "its project"
                raise UserError(f"{name} has no milestone “{milestone}”. Create it with "
                                f"/project milestone {name} {milestone} due:<when>.")
            ms_id = ms.id
            said.append(f"milestone {ms.name}")
    if estimate is not None:
        est = None if estimate.lower() in CLEAR else _duration(estimate)
        said.append(f"estimate {estimate.lower()}" if est else "estimate removed")
    plans.set_facts(h.tenant.id, TaskFacts(task_id=task.id, milestone_id=ms_id, estimate=est,
                                           logged_minutes=old.logged_minutes))
    for words in said:
        h.record(task, "plan", words)
    return said


def _with_line(result: Result, line: str) -> Result:
    if line and isinstance(result, TaskChanged | Info):
        return result.model_copy(update={"message": result.message + line})
    return result


def _warn(h: HandlerContext, task: Task, earlier_only: bool = False) -> str:
    if task.project_id is None:
        return ""
    return warn_projects(h, [h.views.project(task.project_id)], [task], earlier_only)


def _moves_nothing(task: Task, cmd: c.AddTask) -> bool:
    """A new task with no assignee, no due date, no milestone and nothing it blocks can put
    nothing at risk: unassigned work runs in parallel and holds up only what it blocks, and
    a task without a date cannot be late (the early warning skips it)."""
    return (task.assignee_id is None and task.due_at is None and not cmd.blocks
            and cmd.milestone is None)


def add_task(h: HandlerContext, cmd: c.AddTask) -> Result:
    result = tasks.add_task(h, cmd)
    task = h.task(result.task.number)
    said = apply_plan(h, task, cmd.milestone, cmd.estimate)
    extra = f" Planned: {', '.join(said)}." if said else ""
    if plans_of(h.uow) is None or _moves_nothing(task, cmd):
        return _with_line(result, extra)
    return _with_line(result, extra + _warn(h, task))


def edit_task(h: HandlerContext, cmd: c.EditTask) -> Result:
    plain = any(v is not None for v in (cmd.title, cmd.priority, cmd.project,
                                        cmd.description, cmd.source_link))
    result: Result | None = edits.edit_task(h, cmd) if plain else None
    task = h.task(cmd.number)
    if result is None:
        h.require_edit(task, "edit")
    milestone = cmd.milestone
    if milestone is None and cmd.project is not None:
        milestone = foreign_milestone(h, task)
    said = apply_plan(h, task, milestone, cmd.estimate)
    if result is None:
        if not said:
            raise UserError("Tell me what to change: title:, priority:, project:, "
                            "description:, milestone: or estimate:.")
        result = tasks.changed(h, task, f"Updated {task.ref}: {'; '.join(said)}.")
    elif said:
        result = _with_line(result, f" Planned: {', '.join(said)}.")
    return _with_line(result, _warn(h, task))


def log_time(h: HandlerContext, cmd: cp.LogTime) -> Result:
    plans = require_plans(h)
    task = h.task(cmd.number)
    day_minutes = _day_minutes(h, task)
    minutes = _duration(cmd.duration).to_minutes(day_minutes)
    note = (cmd.note or "").strip() or None
    plans.add_log(h.tenant.id, TimeLog(task_id=task.id, member_id=h.actor.id, at=h.now,
                                       minutes=minutes, note=note))
    spent = format_duration(minutes, day_minutes)
    h.record(task, "time", f"logged {spent}" + (f": {note}" if note else ""))
    facts = plans.facts([task.id]).get(task.id)
    total = facts.logged_minutes if facts else minutes
    left = ""
    if facts is not None and facts.estimate is not None:
        rest = max(0, facts.estimate.to_minutes(day_minutes) - total)
        left = f", {format_duration(rest, day_minutes)} of its estimate left"
    return _with_line(Info(message=f"Logged {spent} on {task.ref} "
                                   f"({format_duration(total, day_minutes)} in all{left}).",
                           viewer_tz=h.tz), _warn(h, task))


def _after(handler: Handler, closes: bool = False) -> Handler:
    """`handler`, then the early-warning check of the task it changed (and, for a task
    closed, the milestone-reached post)."""
    def run(h: HandlerContext, cmd: Any) -> Result:
        result = handler(h, cmd)
        task = h.uow.tasks.get(h.tenant.id, cmd.number)
        if task is None or plans_of(h.uow) is None:
            return result
        if closes:
            milestone_reached(h, task)
        return _with_line(result, _warn(h, task, earlier_only=closes))
    run.__doc__ = handler.__doc__
    return run


def set_away(h: HandlerContext, cmd: sc.SetAway) -> Result:
    result = SCHEDULER_HANDLERS[sc.SetAway](h, cmd)
    if plans_of(h.uow) is None:
        return result
    mine = h.uow.tasks.query(TaskQuery(tenant_id=h.tenant.id, state="open",
                                       assignee_id=h.actor.id, limit=50))
    projects = h.uow.projects.get_many(sorted({t.project_id for t in mine if t.project_id}))
    return _with_line(result, warn_projects(h, list(projects.values()), mine))


HANDLERS: dict[type[Any], Handler] = {
    c.AddTask: add_task,
    c.EditTask: edit_task,
    c.SetDue: _after(edits.set_due),
    c.Depend: _after(edits.depend),
    c.AssignTask: _after(edits.assign_task),
    c.TakeTask: _after(edits.take_task),
    c.StartTask: _after(tasks.start_task),
    c.DoneTask: _after(tasks.done_task, closes=True),
    c.DropTask: _after(tasks.drop_task, closes=True),
    c.ReopenTask: _after(tasks.reopen_task),
    sc.SetAway: set_away,
    cp.LogTime: log_time,
}
