"""Creating tasks and moving them through their life: start, done, drop, reopen, delete."""

from __future__ import annotations

import datetime as dt

from core import commands as c
from core import render_text
from core.dates import check_range, parse_when
from core.errors import PermissionDenied, UserError
from core.handlers import graph, notify
from core.handlers.base import HandlerContext
from core.history_detail import created_detail
from core.model import DESCRIPTION_MAX, Status, Task, clean_title
from core.results import Info, TaskChanged
from core.scheduling.recurrence import first_occurrence, parse_rule
from core.text import means_none


def changed(h: HandlerContext, task: Task, message: str, in_channel: bool = False) -> TaskChanged:
    view = h.views.task(task, h.now)
    return TaskChanged(message=message, task=view, card_in_channel=in_channel,
                       ephemeral=not in_channel, viewer_tz=h.tz,
                       zone_label=in_channel and h.tz != (h.tenant.default_tz or "UTC"))


def due_from(h: HandlerContext, text: str | None, at: dt.datetime | None) -> dt.datetime | None:
    """A due date from words (read in the actor's zone) or an exact instant (a form)."""
    if text:
        return parse_when(text, h.now, h.tz)
    return check_range(at) if at is not None else None


def past_warning(h: HandlerContext, due: dt.datetime | None) -> str:
    if due is not None and due < h.now:
        return f" Heads-up: that due date ({render_text.when(due, h.tz)}) has already passed."
    return ""


def clean_description(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    if len(text) > DESCRIPTION_MAX:
        raise UserError(f"That description is {len(text)} characters; the most is "
                        f"{DESCRIPTION_MAX}.")
    return text.strip()


def add_task(h: HandlerContext, cmd: c.AddTask) -> TaskChanged:
    title = clean_title(cmd.title)
    description = None if means_none(cmd.description) else clean_description(cmd.description)
    assignee = h.member(cmd.assignee) if cmd.assignee else None
    project = (h.open_project(cmd.project) if cmd.project and not means_none(cmd.project)
               else None)
    due = due_from(h, cmd.due, cmd.due_at)
    every = parse_rule(cmd.every).text if cmd.every else None  # refused now, with examples
    if every is not None and due is None:  # the first occurrence's card shows when it is due
        due = first_occurrence(parse_rule(every), h.now, h.tz)
    after = h.tasks(graph.unique_numbers(cmd.after))
    blocks = h.tasks(graph.unique_numbers(cmd.blocks))
    for dependent in blocks:  # making a task wait changes it: its editors' call
        h.require_edit(dependent, "change the dependencies of")
    clash = {t.number for t in after} & {t.number for t in blocks}
    if clash:
        raise UserError(f"A task can't both wait for and block #{min(clash)}.")
    task = h.uow.tasks.add(Task(
        id=0, tenant_id=h.tenant.id, number=h.uow.tenants.next_task_number(h.tenant.id),
        title=title, description=description, creator_id=h.actor.id, created_at=h.now,
        priority=cmd.priority, assignee_id=assignee.id if assignee else None,
        project_id=project.id if project else None, due_at=due,
        source_link=cmd.source_link, channel_id=h.ctx.channel_id,
        extra={"every": every} if every else {}))
    h.record(task, "created", f"created {task.ref} {title}", created_detail(task))
    for blocker in after:
        graph.add_dependency(h, blocker, task, new=task)
        h.record(task, "dependency", f"depends on {blocker.ref}")
    for dependent in blocks:
        graph.add_dependency(h, task, dependent, new=task)
        h.record(dependent, "dependency", f"depends on {task.ref}")
    notify.assigned(h, task)
    who = f" for {assignee.display_name}" if assignee and assignee.id != h.actor.id else ""
    in_channel = h.ctx.channel_id is not None
    return changed(h, task, f"Created {task.ref}{who}.{past_warning(h, due)}",
                   in_channel=in_channel)


def start_task(h: HandlerContext, cmd: c.StartTask) -> TaskChanged:
    task = h.task(cmd.number)
    h.require_edit(task, "start")
    task.start(h.now)
    h.uow.tasks.update(task)
    h.record(task, "status", "started")
    note = (f" Heads-up: it is still blocked by {task.open_blocker_count} open "
            f"task{'s' if task.open_blocker_count != 1 else ''}." if task.is_blocked else "")
    return changed(h, task, f"Started {task.ref}.{note}")


def _still_open_blockers(h: HandlerContext, task: Task) -> str:
    """' Heads-up: #1 and #4 (which it waits for) are still open.' for a task completed
    while blocked: allowed (people finish work out of order), but worth saying."""
    if task.open_blocker_count <= 0:
        return ""
    found = h.uow.tasks.get_by_ids(h.uow.tasks.blocker_ids(task.id))
    refs = [t.ref for t in sorted(found.values(), key=lambda t: t.number) if t.status.is_active]
    if not refs:
        return ""
    listed = refs[0] if len(refs) == 1 else ", ".join(refs[:-1]) + " and " + refs[-1]
    verb = "is" if len(refs) == 1 else "are"
    return f" Heads-up: {listed}, which it waits for, {verb} still open."


def _close(h: HandlerContext, number: int, status: Status, verb: str) -> TaskChanged:
    task = h.task(number)
    h.require_edit(task, verb)
    still_blocked = _still_open_blockers(h, task) if status is Status.DONE else ""
    task.finish(status, h.now)
    h.uow.tasks.update(task)
    h.record(task, "status", status.label)
    freed = graph.blocker_closed(h, task)
    if status is Status.DONE:
        notify.completed(h, task)
    tail = ""
    if freed:
        tail = " Unblocked: " + ", ".join(t.ref for t in sorted(freed, key=lambda t: t.number))
    rule = task.extra.get("every")
    if isinstance(rule, str):  # one occurrence closes; the series goes on
        tail += (f" It repeats {rule}: the next one still comes (`/task every {task.ref} off`"
                 " stops the series).")
    return changed(h, task, f"{task.ref} is {status.label}.{tail}{still_blocked}")


def done_task(h: HandlerContext, cmd: c.DoneTask) -> TaskChanged:
    return _close(h, cmd.number, Status.DONE, "complete")


def drop_task(h: HandlerContext, cmd: c.DropTask) -> TaskChanged:
    return _close(h, cmd.number, Status.DROPPED, "drop")


def reopen_task(h: HandlerContext, cmd: c.ReopenTask) -> TaskChanged:
    task = h.task(cmd.number)
    h.require_edit(task, "reopen")
    task.reopen()
    h.uow.tasks.update(task)
    h.record(task, "status", "reopened")
    graph.blocker_reopened(h, task)
    return changed(h, task, f"Reopened {task.ref}.")


def require_delete(h: HandlerContext, task: Task) -> None:
    """Deleting erases a task and its history: its creator, the project owner, managers
    and admins may. Taking or being assigned a task grants editing it, not erasing it."""
    actor = h.actor
    if actor.is_manager or actor.id == task.creator_id:
        return
    project = h.views.project(task.project_id)
    if project is not None and project.owner_id == actor.id:
        return
    raise PermissionDenied(
        f"You can't delete {task.ref}: only its creator, the project owner, managers and "
        f"admins can. `/task drop {task.ref}` closes it instead, with its history kept.")


def delete_task(h: HandlerContext, cmd: c.DeleteTask) -> Info:
    """The answer names what was deleted; it shows no card (a card would look live)."""
    task = h.task(cmd.number)
    require_delete(h, task)
    notify.deleted(h, task, h.views.task(task, h.now))
    if task.status.is_active:
        dependents = h.uow.tasks.dependent_ids(task.id)
        if dependents:
            h.uow.tasks.adjust_open_blockers(dependents, -1)
    h.uow.tasks.delete(task)
    return Info(message=f"Deleted {task.ref} “{task.title}” and its history.", viewer_tz=h.tz)
