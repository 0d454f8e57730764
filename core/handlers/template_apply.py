"""`/project new <name> from:<template> start:<when> [owner:@user] [<role>:@user ...]`.

Everything happens in the command's one unit of work: the project, every task (numbers in
the template's order), every dependency, the milestones and each task's estimate and
milestone (through the project layer, `template_plan`), the history lines, and one DM per
assignee listing their tasks (not one per task), so a refusal or a crash leaves nothing
half made. Tasks, edges, plan facts and history are each written in one batch
(`add_many`, `add_edges`, ...): the workspace's write lock is held meanwhile.
Due dates are the template's working-day offsets from the start, in the actor's zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from core import commands as c
from core.dates import check_range, parse_when
from core.errors import UserError
from core.handlers import projects
from core.handlers.base import HandlerContext
from core.handlers.template_plan import PlanApplied, apply_plan_facts
from core.handlers.templates import (
    delete_template,
    list_templates,
    save_template,
    show_template,
    stored,
)
from core.handlers.views import member_view
from core.model import Member, Project, Task
from core.notifications import Kind, Notification, fallback_note
from core.planning.calendar import WorkCalendar
from core.ports import HistoryRecord
from core.templates import commands as tc
from core.templates.document import TemplateDocument
from core.templates.offsets import calendar_for, day_zero, due_at
from core.templates.results import RoleFilled, TemplateApplied

DM_LIST_MAX = 20
MILESTONES_SHOWN = 5


def _people(h: HandlerContext, doc: TemplateDocument,
            given: Sequence[tc.RoleAssignment]) -> dict[str, Member]:
    """Role -> the person who takes it; every role with tasks needs one, and only the
    template's roles may be named."""
    declared = [r.name for r in doc.roles]
    listed = ", ".join(declared) or "none"
    people: dict[str, Member] = {}
    for item in given:
        role = item.role.lower()
        if role not in declared:
            raise UserError(f"Template {doc.name} has no role '{role}'; its roles: {listed}.")
        if role in people:
            raise UserError(f"The role {role} is given twice; give each role one person.")
        people[role] = h.member(item.user)
    missing = [r for r in doc.used_roles if r not in people]
    if missing:
        example = " ".join(f"{r}:@user" for r in missing)
        noun = "role" if len(missing) == 1 else "roles"
        raise UserError(f"Who takes the {noun} {', '.join(missing)}? Add {example} "
                        f"(template {doc.name} gives them tasks).")
    return people


def _start(h: HandlerContext, cmd: tc.ApplyTemplate) -> dt.datetime:
    if cmd.start:
        return parse_when(cmd.start, h.now, h.tz)
    if cmd.start_at is not None:
        return check_range(cmd.start_at)
    raise UserError("When does it start? Add start:<when>, like start:mon or "
                    "start:2026-12-01.")


def apply_template(h: HandlerContext, cmd: tc.ApplyTemplate) -> TemplateApplied:
    doc = stored(h, cmd.template).document
    people = _people(h, doc, cmd.roles)
    start = _start(h, cmd)
    projects.new_project(h, c.NewProject(name=cmd.name, owner=cmd.owner,
                                         channel_id=cmd.channel_id))
    project = h.project(" ".join(cmd.name.split()))
    cal = calendar_for(h.tz)
    by_key = _add_tasks(h, project, doc, people, cal, start)
    plan = apply_plan_facts(h, project, doc, by_key, cal, start)
    _add_history(h, doc, by_key, plan)
    _tell_assignees(h, project, doc, people, by_key)
    return _applied(h, project, doc, people, by_key, start, plan)


def _add_tasks(h: HandlerContext, project: Project, doc: TemplateDocument,
               people: dict[str, Member], cal: WorkCalendar, start: dt.datetime
               ) -> dict[str, Task]:
    """Every task (numbers reserved at once, in the template's order) and every
    dependency, each kind in one write: the workspace's write lock is held meanwhile."""
    first = h.uow.tenants.reserve_task_numbers(h.tenant.id, len(doc.tasks))
    new = []
    for i, item in enumerate(doc.tasks):
        assignee = people.get(item.role) if item.role else None
        new.append(Task(
            id=0, tenant_id=h.tenant.id, number=first + i, title=item.title,
            description=item.description, creator_id=h.actor.id, created_at=h.now,
            priority=item.priority, assignee_id=assignee.id if assignee else None,
            project_id=project.id,
            due_at=due_at(cal, start, item.due_offset) if item.due_offset is not None
            else None, open_blocker_count=len(item.depends_on),
            channel_id=h.ctx.channel_id))
    h.uow.tasks.add_many(new)
    by_key = {item.key: task for item, task in zip(doc.tasks, new, strict=True)}
    h.uow.tasks.add_edges(h.tenant.id, [(by_key[key].id, by_key[item.key].id)
                                        for item in doc.tasks for key in item.depends_on])
    return by_key


def _add_history(h: HandlerContext, doc: TemplateDocument, by_key: dict[str, Task],
                 plan: PlanApplied) -> None:
    """One history line a task: made from the template, its dependencies and plan in it."""
    records = []
    for item in doc.tasks:
        task = by_key[item.key]
        after = ", ".join(by_key[k].ref for k in item.depends_on)
        words = plan.words.get(item.key)
        records.append(HistoryRecord(
            task_id=task.id, actor_id=h.actor.id, at=h.now, kind="created",
            text=f"created {task.ref} {task.title} from template {doc.name}"
                 + (f"; depends on {after}" if after else "")
                 + (f"; {words}" if words else "")))
    h.uow.history.add_many(records)


def _tell_assignees(h: HandlerContext, project: Project, doc: TemplateDocument,
                    people: dict[str, Member], by_key: dict[str, Task]) -> None:
    """One DM per person (whatever their roles), listing their tasks; not to the actor."""
    mine: dict[int, list[Task]] = {}
    members: dict[int, Member] = {}
    for item in doc.tasks:
        if item.role is None:
            continue
        member = people[item.role]
        members[member.id] = member
        mine.setdefault(member.id, []).append(by_key[item.key])
    for member_id, tasks in mine.items():
        member = members[member_id]
        if member.id == h.actor.id:
            continue
        h.notify(_dm(h, project, doc, member, tasks))


def _dm(h: HandlerContext, project: Project, doc: TemplateDocument, to: Member,
        tasks: list[Task]) -> Notification:
    tz = to.tz or h.tenant.default_tz or "UTC"
    n = len(tasks)
    lines = [f"{h.actor.display_name} started project {project.name} from template "
             f"{doc.name} and assigned you {n} task{'s' if n != 1 else ''}:"]
    for task in tasks[:DM_LIST_MAX]:
        due = (f" (due {task.due_at.astimezone(ZoneInfo(tz)).strftime('%a %Y-%m-%d')})"
               if task.due_at else "")
        lines.append(f"{task.ref} {task.title}{due}")
    if n > DM_LIST_MAX:
        lines.append(f"and {n - DM_LIST_MAX} more: /task list mine project:{project.name}")
    note = Notification(
        kind=Kind.ASSIGNED, platform=h.tenant.key.platform,
        workspace_id=h.tenant.key.workspace_id, user_id=to.user_id,
        fallback_channel_id=project.channel_id or h.ctx.channel_id,
        actor_name=h.actor.display_name, text="\n".join(lines), tz=to.tz, actor_tz=h.tz,
        extra={"display_name": to.display_name, "template": doc.name,
               "task_numbers": [t.number for t in tasks]})
    return fallback_note(note) if to.dm_unreachable and note.fallback_channel_id else note


def _plan_text(h: HandlerContext, plan: PlanApplied) -> str:
    """The milestones made (due dates in the actor's zone) and how many tasks got an
    estimate; or, on a store without the project layer, what was not applied."""
    ms = "; ".join(f"{name} due {when.astimezone(ZoneInfo(h.tz)).strftime('%a %Y-%m-%d')}"
                   for name, when in plan.milestones[:MILESTONES_SHOWN])
    more = len(plan.milestones) - MILESTONES_SHOWN
    text = (f" Milestones: {ms}" + (f" and {more} more" if more > 0 else "") + "."
            if ms else "")
    if plan.estimated:
        n = plan.estimated
        text += f" Estimates set on {n} task{'s' if n != 1 else ''}."
    parts = [f"{n} {noun}{'s' if n != 1 else ''}" for n, noun in
             zip(plan.unapplied, ("milestone", "estimate"), strict=True) if n]
    if parts:
        text += (f" Its {' and '.join(parts)} were not applied: this store has no project "
                 "planning.")
    return text


def _applied(h: HandlerContext, project: Project, doc: TemplateDocument,
             people: dict[str, Member], by_key: dict[str, Task], start: dt.datetime,
             plan: PlanApplied) -> TemplateApplied:
    numbers = sorted(t.number for t in by_key.values())
    filled = tuple(RoleFilled(role=role, member=view, tasks=len(doc.tasks_of(role)))
                   for role, member in people.items()
                   if (view := member_view(member)) is not None)
    who = "; ".join(f"{r.role}: {r.member.display_name} ({r.tasks})" for r in filled)
    first_day = day_zero(calendar_for(h.tz), start)
    n = len(numbers)
    text = (f"Created project {project.name} from template {doc.name}: {n} task"
            f"{'s' if n != 1 else ''} (#{numbers[0]}-#{numbers[-1]}), starting "
            f"{first_day.strftime('%a %Y-%m-%d')}."
            + (f" Roles: {who}." if who else "")
            + _plan_text(h, plan)
            + f" `/project status {project.name}` shows it.")
    return TemplateApplied(message=text, project=project.name, template=doc.name,
                           start=start, created=n, roles=filled, first_number=numbers[0],
                           last_number=numbers[-1], viewer_tz=h.tz)


HANDLERS: dict[type[Any], Callable[..., Any]] = {
    tc.SaveTemplate: save_template,
    tc.ListTemplates: list_templates,
    tc.ShowTemplate: show_template,
    tc.DeleteTemplate: delete_template,
    tc.ApplyTemplate: apply_template,
}
"""The template commands' handlers, merged into `core.handlers.registry`."""
READ_ONLY: frozenset[type[Any]] = frozenset({tc.ListTemplates, tc.ShowTemplate})
