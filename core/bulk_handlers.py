"""Bulk changes and handover: many tasks, one transaction, one summary, one DM per person.

Each task goes through the single-task handler of its verb (`tasks.done_task`,
`edits.assign_task`, ...), so a bulk change means exactly what N single changes mean, with
their history and notifications. What bulk adds:
- selection: explicit numbers act at once; a filter (or a handover) first answers with a
  preview whose confirmation code stands for exactly the tasks shown;
- permission for every task before any write: the refusal names every task refused;
- all or nothing: the bus runs the command in one unit of work, so any refusal midway
  (an archived project, a bad date) rolls every change back;
- the project layer's checks run once for the whole change (`core.handlers.plan_bulk`:
  early warnings as one summary line, a milestone reached announced once);
- the notifications the single changes queued are merged: one message per person.

It lives beside the bus, not in `core.handlers`: reading filter text (`core.filters.parse`)
uses the grammar's tokens, and the handlers must not reach the grammar (import-linter);
the bus registers `HANDLERS` below."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from core import commands as c
from core.commands_bulk import BulkChange, BulkVerb, Handover, as_text, change_text, user_text
from core.errors import PermissionDenied, UserError
from core.filters.parse import parse_filter
from core.filters.query import Person, ProjectTerm, Query, Who
from core.find_ports import Asker, matching
from core.handlers import edits, notify, tasks
from core.handlers.base import HandlerContext
from core.handlers.plan_bulk import after_bulk
from core.model import Member, Task
from core.notifications import Kind, Notification
from core.results import Info, Result
from core.results_bulk import BulkDone, BulkPreview

BULK_MAX = 200
"""The most tasks one bulk change touches: past that, narrow the filter."""

_VERB_WORDS: dict[str, tuple[str, str]] = {
    # verb: (what the preview says it would do, what the permission refusal says)
    "done": ("close", "complete"), "drop": ("drop", "drop"), "assign": ("reassign", "reassign"),
    "due": ("change the due date of", "change the due date of"), "edit": ("edit", "edit"),
}


def me_of(h: HandlerContext) -> Asker:
    return Asker(h.actor.id, Person(user_id=h.actor.user_id, name=h.actor.display_name))


def confirm_code(verb: str, numbers: Sequence[int], change: str) -> str:
    """Six hex digits standing for this change of exactly these tasks."""
    digest = hashlib.sha256(f"{verb}|{','.join(map(str, numbers))}|{change}".encode())
    return digest.hexdigest()[:6]


def select(h: HandlerContext, query: Query) -> list[Task]:
    found = matching(h.uow, h.tenant.id, query, me_of(h), h.now, BULK_MAX + 1)
    if len(found) > BULK_MAX:
        raise UserError(f"That matches more than {BULK_MAX} tasks; a bulk change takes at "
                        "most that many at once. Narrow the filter (add project:, @user or "
                        "status:).")
    return found


def _action(cmd: BulkChange, h: HandlerContext) -> str:
    if cmd.verb == "assign":
        who = h.member(cmd.assignee).display_name if cmd.assignee else None
        return f"reassign {{n}} to {who}" if who else "unassign {n}"
    return _VERB_WORDS[cmd.verb][0] + " {n}"


def preview(h: HandlerContext, found: Sequence[Task], *, action: str, verb: BulkVerb,
            change: str, confirm_with: Callable[[str], str], typed_code: str | None
            ) -> BulkPreview:
    numbers = tuple(t.number for t in found)
    code = confirm_code(verb, numbers, change)
    return BulkPreview(
        action=action, tasks=tuple(h.views.refs(list(found))),
        text_confirm=confirm_with(code), button_text=as_text(verb, numbers, change),
        button_label="Confirm: " + action.replace("{n}", str(len(numbers))), viewer_tz=h.tz,
        changed_since=bool(typed_code))


def bulk_change(h: HandlerContext, cmd: BulkChange) -> Result:
    change = change_text(cmd)
    if cmd.filter is not None:
        query = parse_filter(cmd.filter, h.now, h.tz)
        found = select(h, query)
        if not found:
            return Info(message=f"No task matches “{cmd.filter}”; nothing was changed.",
                        viewer_tz=h.tz)
        numbers = tuple(t.number for t in found)
        if cmd.confirm != confirm_code(cmd.verb, numbers, change):
            filter_text = cmd.filter.strip()
            tail = f" to {change}" if change else ""
            return preview(h, found, action=_action(cmd, h), verb=cmd.verb, change=change,
                           confirm_with=lambda code: f"/task {cmd.verb} {filter_text}{tail} "
                                                     f"confirm:{code}",
                           typed_code=cmd.confirm)
    else:
        found = h.tasks(cmd.numbers)
    return apply(h, cmd, found)


def _single(cmd: BulkChange, number: int) -> Any:
    """The single-task command this bulk change runs on one task."""
    if cmd.verb == "done":
        return c.DoneTask(number=number)
    if cmd.verb == "drop":
        return c.DropTask(number=number)
    if cmd.verb == "assign":
        return c.AssignTask(number=number, assignee=cmd.assignee)
    if cmd.verb == "due":
        clear = (cmd.due or "").strip().lower() in ("none", "clear")
        return c.SetDue(number=number, due=None if clear else cmd.due)
    return c.EditTask(number=number, title=cmd.title, priority=cmd.priority,
                      project=cmd.project, description=cmd.description)


_RUN: dict[str, Callable[[HandlerContext, Any], Any]] = {
    "done": tasks.done_task, "drop": tasks.drop_task, "assign": edits.assign_task,
    "due": edits.set_due, "edit": edits.edit_task,
}


def _needs_no_change(cmd: BulkChange, task: Task, target: Member | None) -> str | None:
    """Why this task is left alone (already in the asked state), or None."""
    if cmd.verb in ("done", "drop") and not task.status.is_active:
        return f"{task.ref} was already {task.status.label}"
    if cmd.verb == "assign" and task.assignee_id == (target.id if target else None):
        where = f"with {target.display_name}" if target else "unassigned"
        return f"{task.ref} was already {where}"
    return None


def require_all(h: HandlerContext, found: Sequence[Task], verb: str) -> None:
    """Every task may be changed by the actor, or nothing is: the refusal names them all."""
    refused = [t.ref for t in found if not h.may_edit(t)]
    if refused:
        listed = ", ".join(refused)
        raise PermissionDenied(
            f"You can't {_VERB_WORDS[verb][1]} {listed}: only a task's creator, its assignee, "
            "the project owner, managers and admins can. Nothing was changed.")


def apply(h: HandlerContext, cmd: BulkChange, found: Sequence[Task],
          handover: bool = False) -> BulkDone:
    target = h.member(cmd.assignee) if cmd.verb == "assign" and cmd.assignee else None
    skipped = {t.number: why for t in found
               if (why := _needs_no_change(cmd, t, target)) is not None}
    todo = [t for t in found if t.number not in skipped]
    require_all(h, todo, cmd.verb)
    first_note = len(h.notes)
    for task in todo:
        _RUN[cmd.verb](h, _single(cmd, task.number))
        if target is not None:
            notify.moved_away(h, task, task.assignee_id, target)
    warning = after_bulk(h, todo, closes=cmd.verb in ("done", "drop"),
                         moved=cmd.verb == "edit" and cmd.project is not None)
    merge_notes(h, first_note)
    changed = tuple(h.views.refs(list(h.tasks([t.number for t in todo])))) if todo else ()
    message = _summary(cmd, h, todo, list(skipped.values()), handover) + warning
    return BulkDone(message=message, changed=changed, unchanged=tuple(skipped.values()),
                    viewer_tz=h.tz)


def _summary(cmd: BulkChange, h: HandlerContext, todo: Sequence[Task],
             skipped: Sequence[str], handover: bool) -> str:
    n = len(todo)
    what = f"{n} task{'s' if n != 1 else ''}"
    refs = ", ".join(t.ref for t in todo)
    done = {"done": f"Closed {what}", "drop": f"Dropped {what}",
            "due": f"Changed the due date of {what}", "edit": f"Edited {what}"}
    if cmd.verb == "assign":
        who = h.member(cmd.assignee).display_name if cmd.assignee else None
        head = f"Reassigned {what} to {who}" if who else f"Unassigned {what}"
        if handover:
            head = f"Handed {what} over to {who}"
    else:
        head = done[cmd.verb]
    line = f"{head}: {refs}." if n else "Nothing needed changing."
    if skipped:
        line += " Left as they were: " + "; ".join(skipped) + "."
    return line


def merge_notes(h: HandlerContext, first: int) -> None:
    """Replace the notifications queued since `first` by one per recipient (a person's DM,
    or one channel fallback per person and channel), in the order first queued."""
    new, h.notes[first:] = h.notes[first:], []
    groups: dict[tuple[str, ...], list[Notification]] = {}
    for note in new:
        mention = str(note.extra.get("mention_user_id") or "")
        key = ("dm", note.user_id) if note.user_id else ("ch", note.channel_id or "", mention)
        groups.setdefault(key, []).append(note)
    for notes in groups.values():
        h.notes.append(notes[0] if len(notes) == 1 else _merged(h, notes))


def _merged(h: HandlerContext, notes: Sequence[Notification]) -> Notification:
    first = notes[0]
    lines = [f"{h.actor.display_name} changed {len(notes)} tasks that concern you:",
             *(f"• {n.text}" for n in notes)]
    kind = Kind.CHANNEL_FALLBACK if first.kind is Kind.CHANNEL_FALLBACK else Kind.BULK
    extra = {k: v for k, v in first.extra.items()
             if k in ("display_name", "mention_user_id", "original_kind")}
    extra["task_numbers"] = [n.task.number for n in notes if n.task is not None]
    return first.model_copy(update={"kind": kind, "text": "\n".join(lines), "task": None,
                                    "extra": extra, "dedupe_key": None})


def handover(h: HandlerContext, cmd: Handover) -> Result:
    source, target = h.member(cmd.source), h.member(cmd.target)
    if source.id == target.id:
        raise UserError(f"Hand over from one person to another: {source.display_name} was "
                        "named twice.")
    terms = (ProjectTerm((h.project(cmd.project).name,)),) if cmd.project else ()
    query = Query(who=Who("people", (Person(user_id=source.user_id),)), terms=terms)
    found = select(h, query)
    scope = f" in {cmd.project}" if cmd.project else ""
    if not found:
        return Info(message=f"{source.display_name} has no open tasks{scope}; nothing to hand "
                            "over.", viewer_tz=h.tz)
    assign = BulkChange(verb="assign", numbers=tuple(t.number for t in found),
                        assignee=c.UserRef(user_id=target.user_id, name=target.display_name))
    change = change_text(assign)
    if cmd.confirm != confirm_code("assign", assign.numbers, change):
        project = f" project:{cmd.project}" if cmd.project else ""
        return preview(h, found, action=f"hand {{n}} over to {target.display_name}", verb="assign",
                       change=change, typed_code=cmd.confirm,
                       confirm_with=lambda code: f"/task handover {user_text(cmd.source)} "
                                                 f"{user_text(cmd.target)}{project} "
                                                 f"confirm:{code}")
    return apply(h, assign, found, handover=True)


HANDLERS: dict[type[Any], Callable[..., Any]] = {BulkChange: bulk_change, Handover: handover}
