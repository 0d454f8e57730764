"""Who is told what when a task changes. Every rule about notifications lives here."""

from __future__ import annotations

from core.handlers.base import HandlerContext
from core.model import Member, Task
from core.notifications import Kind, Notification, fallback_note
from core.results import TaskView


def _note(h: HandlerContext, kind: Kind, to: Member, task: Task, text: str,
          view: TaskView | None = None, **extra: object) -> Notification:
    view = view or h.views.task(task, h.now)
    project = h.views.project(task.project_id)
    fallback = project.channel_id if project else None
    note = Notification(
        kind=kind, platform=h.tenant.key.platform, workspace_id=h.tenant.key.workspace_id,
        user_id=to.user_id, fallback_channel_id=fallback or task.channel_id, task=view,
        actor_name=h.actor.display_name, actor_user_id=h.actor.user_id, text=text,
        extra={"display_name": to.display_name, **extra}, tz=to.tz, actor_tz=h.tz)
    if to.dm_unreachable and note.fallback_channel_id:
        # Known to have closed DMs: go straight to the channel, without a failing DM first.
        return fallback_note(note)
    return note


def _person(h: HandlerContext, member_id: int | None) -> Member | None:
    if member_id is None:
        return None
    if member_id == h.actor.id:
        return h.actor
    return h.views.member(member_id)


def assigned(h: HandlerContext, task: Task) -> None:
    """DM the new assignee, unless they assigned themselves."""
    to = _person(h, task.assignee_id)
    if to is None or to.id == h.actor.id:
        return
    h.notify(_note(h, Kind.ASSIGNED, to, task,
                   f"{h.actor.display_name} assigned you {task.ref} {task.title}"))


def unblocked(h: HandlerContext, task: Task, blocker: Task, view: TaskView | None = None) -> None:
    """DM the assignee (or the creator, if unassigned) of a task whose last blocker closed;
    not when they closed the blocker themselves (they know, and the reply says so)."""
    to = _person(h, task.assignee_id if task.assignee_id is not None else task.creator_id)
    if to is None or to.id == h.actor.id:
        return
    verb = "finished" if blocker.status.value == "done" else "dropped"
    h.notify(_note(h, Kind.UNBLOCKED, to, task,
                   f"{task.ref} {task.title} is unblocked: {h.actor.display_name} {verb} "
                   f"{blocker.ref} {blocker.title}", view=view,
                   blocker_number=blocker.number, blocker_title=blocker.title))


def commented(h: HandlerContext, task: Task, text: str) -> None:
    """Tell the task's assignee (or creator, if unassigned) about someone else's comment."""
    to = _person(h, task.assignee_id if task.assignee_id is not None else task.creator_id)
    if to is None or to.id == h.actor.id:
        return
    h.notify(_note(h, Kind.COMMENTED, to, task,
                   f"{h.actor.display_name} commented on {task.ref} {task.title}: {text}",
                   comment=text))


def completed(h: HandlerContext, task: Task) -> None:
    """Tell the creator when someone else completes the task they created."""
    to = _person(h, task.creator_id)
    if to is None or to.id == h.actor.id:
        return
    h.notify(_note(h, Kind.COMPLETED, to, task,
                   f"{h.actor.display_name} completed {task.ref} {task.title}, "
                   "which you created"))


def deleted(h: HandlerContext, task: Task, view: TaskView) -> None:
    """Tell the creator when someone else deletes the task they created (its card is in
    the message: the task itself is gone)."""
    to = _person(h, task.creator_id)
    if to is None or to.id == h.actor.id:
        return
    h.notify(_note(h, Kind.DELETED, to, task,
                   f"{h.actor.display_name} deleted {task.ref} {task.title}, which you "
                   "created", view=view))


def moved_away(h: HandlerContext, task: Task, previous_id: int | None, to: Member) -> None:
    """Tell the previous assignee their task went to someone else (bulk reassign,
    handover), unless they did it themselves."""
    before = _person(h, previous_id)
    if before is None or before.id in (h.actor.id, to.id):
        return
    h.notify(_note(h, Kind.ASSIGNED, before, task,
                   f"{h.actor.display_name} moved {task.ref} {task.title} from you to "
                   f"{to.display_name}"))
def changed(h: HandlerContext, task: Task, what: str) -> None:
    """Tell the assignee (or the creator, if unassigned) that someone else changed their
    task: `what` says how ("due Fri 2026-12-04 17:00", "title to ..."). Non-urgent: it is
    batched or coalesced like an assignment (`core.attention`)."""
    to = _person(h, task.assignee_id if task.assignee_id is not None else task.creator_id)
    if to is None or to.id == h.actor.id:
        return
    h.notify(_note(h, Kind.CHANGED, to, task,
                   f"{h.actor.display_name} changed {task.ref} {task.title}: {what}",
                   change=what))
