"""Changing a task's fields and links: assign, take, due, depends, comment, edit; and the
actor's own time zone."""

from __future__ import annotations

from core import commands as c
from core import render_text
from core.dates import parse_tz
from core.errors import UserError
from core.handlers import graph, notify
from core.handlers.base import HandlerContext
from core.handlers.tasks import changed, clean_description, due_from, past_warning
from core.history_detail import blocked_detail, due_detail
from core.model import Task, clean_title
from core.results import Info, TaskChanged
from core.text import means_none

COMMENT_MAX = 2000


def assign_task(h: HandlerContext, cmd: c.AssignTask) -> TaskChanged:
    task = h.task(cmd.number)
    h.require_edit(task, "reassign")
    if cmd.assignee is None:
        return _unassign(h, task)
    who = h.member(cmd.assignee)
    if task.assignee_id == who.id:
        return changed(h, task, f"{task.ref} is already assigned to {who.display_name}.")
    task.assignee_id = who.id
    h.uow.tasks.update(task)
    h.record(task, "assigned", f"assigned to {who.display_name}", {"assignee": who.id})
    notify.assigned(h, task)
    return changed(h, task, f"Assigned {task.ref} to {who.display_name}.")


def _unassign(h: HandlerContext, task: Task) -> TaskChanged:
    if task.assignee_id is None:
        return changed(h, task, f"{task.ref} is not assigned to anyone.")
    previous = h.views.member(task.assignee_id)
    before = previous.display_name if previous else "someone"
    task.assignee_id = None
    h.uow.tasks.update(task)
    h.record(task, "assigned", f"unassigned from {before}", {"assignee": None})
    return changed(h, task, f"{task.ref} is unassigned now (it was {before}'s). "
                            f"Anyone may /task take {task.ref}.")


def take_task(h: HandlerContext, cmd: c.TakeTask) -> TaskChanged:
    """Anyone may take an unassigned task; taking someone else's needs edit rights."""
    task = h.task(cmd.number)
    if task.assignee_id == h.actor.id:
        return changed(h, task, f"{task.ref} is already yours.")
    if task.assignee_id is not None:
        h.require_edit(task, "take")
    task.assignee_id = h.actor.id
    h.uow.tasks.update(task)
    h.record(task, "assigned", f"taken by {h.actor.display_name}", {"assignee": h.actor.id})
    return changed(h, task, f"{task.ref} is yours now.")


def set_due(h: HandlerContext, cmd: c.SetDue) -> TaskChanged:
    task = h.task(cmd.number)
    h.require_edit(task, "change the due date of")
    due = due_from(h, cmd.due, cmd.due_at)
    task.due_at = due
    h.uow.tasks.update(task)
    what = f"due {render_text.when(due, h.tz)} ({h.tz})" if due else "due date removed"
    h.record(task, "due", what, due_detail(due))
    notify.changed(h, task, what)
    if due is None:
        return changed(h, task, f"Removed the due date of {task.ref}.")
    return changed(h, task, f"Set the due date of {task.ref}.{past_warning(h, due)}")


def depend(h: HandlerContext, cmd: c.Depend) -> TaskChanged:
    task = h.task(cmd.number)
    h.require_edit(task, "change the dependencies of")
    blockers = h.tasks(graph.unique_numbers(cmd.on))
    existing = set(h.uow.tasks.blocker_ids(task.id))
    added = []
    for blocker in blockers:
        if blocker.id in existing:
            continue
        graph.add_dependency(h, blocker, task)
        h.record(task, "dependency", f"depends on {blocker.ref}")
        added.append(blocker.ref)
    if not added:
        return changed(h, task, f"{task.ref} already depends on those.")
    return changed(h, task, f"{task.ref} now depends on {', '.join(added)}.")


def undepend(h: HandlerContext, cmd: c.Undepend) -> TaskChanged:
    task = h.task(cmd.number)
    h.require_edit(task, "change the dependencies of")
    removed = []
    for blocker in h.tasks(graph.unique_numbers(cmd.on)):
        if h.uow.tasks.remove_edge(blocker.id, task.id):
            if blocker.status.is_active:
                h.uow.tasks.adjust_open_blockers([task.id], -1)
                task.open_blocker_count -= 1
            h.record(task, "dependency", f"no longer depends on {blocker.ref}")
            if blocker.status.is_active and task.open_blocker_count == 0 \
                    and task.status.is_active:
                h.record(task, "unblocked", f"unblocked: no longer waits for {blocker.ref}",
                         blocked_detail(blocker))
            removed.append(blocker.ref)
    if not removed:
        raise UserError(f"{task.ref} doesn't depend on any of those.")
    return changed(h, task, f"{task.ref} no longer depends on {', '.join(removed)}.")


def comment(h: HandlerContext, cmd: c.CommentTask) -> TaskChanged:
    task = h.task(cmd.number)
    text = " ".join(cmd.text.split())
    if not text:
        raise UserError("A comment needs some text.")
    if len(text) > COMMENT_MAX:
        raise UserError(f"That comment is {len(text)} characters; the most is {COMMENT_MAX}.")
    h.record(task, "comment", text)
    notify.commented(h, task, text)
    return changed(h, task, f"Comment added to {task.ref}.")


def edit_task(h: HandlerContext, cmd: c.EditTask) -> TaskChanged:
    task = h.task(cmd.number)
    h.require_edit(task, "edit")
    changes = []
    if cmd.title is not None and clean_title(cmd.title) != task.title:
        task.title = clean_title(cmd.title)
        changes.append(f"title to “{task.title}”")
    if cmd.priority is not None and cmd.priority != task.priority:
        task.priority = cmd.priority
        changes.append(f"priority to {cmd.priority.value}")
    if cmd.project is not None:
        if not cmd.project.strip() or means_none(cmd.project):
            if task.project_id is not None:
                task.project_id = None
                changes.append("project removed")
        else:
            project = h.open_project(cmd.project)
            if task.project_id != project.id:
                task.project_id = project.id
                changes.append(f"project to {project.name}")
    if cmd.description is not None:
        description = None if means_none(cmd.description) else clean_description(
            cmd.description)
        if description != task.description:
            task.description = description
            changes.append("description" if description else "description removed")
    if cmd.source_link is not None and cmd.source_link != task.source_link:
        task.source_link = cmd.source_link
        changes.append("source message link")
    if not changes:
        if all(v is None for v in (cmd.title, cmd.priority, cmd.project, cmd.description,
                                   cmd.source_link)):
            raise UserError("Tell me what to change: title:\"...\", priority:, project: or "
                            "description:\"...\".")
        return changed(h, task, f"Nothing to change: {task.ref} already looks like that.")
    h.uow.tasks.update(task)
    for change in changes:
        moved = change.startswith("project ")
        h.record(task, "edited", change, {"project": task.project_id} if moved else None)
    notify.changed(h, task, "; ".join(changes))
    return changed(h, task, f"Updated {task.ref}: {'; '.join(changes)}.")


def set_timezone(h: HandlerContext, cmd: c.SetTimezone) -> Info:
    tz = parse_tz(cmd.tz)
    h.actor.tz = tz
    h.uow.members.update(h.actor)
    return Info(message=f"Your time zone is now {tz}. Dates you type are read in it.",
                viewer_tz=tz)
