"""App-command options and modal fields -> the core's command models (the same models the
text grammar builds). Pure functions over plain values: the Discord objects are reduced to
`Person` first. A value the user can fix raises `UserError` (shown as an ErrorReply)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from core import commands as c
from core.errors import UserError
from core.grammar import plan
from core.model import LIST_STATES, LIST_STATES_TEXT, Priority

_NUMBER = re.compile(r"#?(\d{1,9})")
_SPLIT = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Person:
    """A Discord user picked in a `User` option: id and the name to show."""

    id: int
    name: str

    def ref(self) -> c.UserRef:
        return c.UserRef(user_id=str(self.id), name=self.name)


def task_number(value: str | int) -> int:
    """`12`, `#12` or an autocomplete choice ("12") -> 12."""
    if isinstance(value, int):
        if value < 1:
            raise UserError(f"#{value} is not a task number.")
        return value
    m = _NUMBER.fullmatch(value.strip())
    if m is None or int(m[1]) < 1:
        raise UserError(f"“{value.strip()[:40]}” is not a task number; use #12 or 12.")
    return int(m[1])


def task_numbers(text: str | None) -> tuple[int, ...]:
    """`#12, #13 14` -> (12, 13, 14); empty -> ()."""
    if not text or not text.strip():
        return ()
    return tuple(task_number(part) for part in _SPLIT.split(text.strip()) if part)


def blank(text: str | None) -> str | None:
    return text if text is not None and text.strip() else None


def _plan_value(check: Callable[[str], str], text: str | None) -> str | None:
    """A milestone or estimate option, checked by the grammar's rule (None when empty)."""
    return check(text) if text is not None and text.strip() else None


def add_task(*, title: str, assignee: Person | None = None, due: str | None = None,
             priority: str | None = None, project: str | None = None,
             after: str | None = None, blocks: str | None = None,
             description: str | None = None, source_link: str | None = None,
             milestone: str | None = None, estimate: str | None = None) -> c.AddTask:
    return c.AddTask(
        title=title,
        assignee=assignee.ref() if assignee else None,
        due=blank(due),
        priority=Priority(priority) if priority else Priority.NORMAL,
        project=blank(project),
        after=task_numbers(after),
        blocks=task_numbers(blocks),
        description=blank(description),
        source_link=source_link,
        milestone=_plan_value(plan.milestone_value, milestone),
        estimate=_plan_value(plan.estimate_value, estimate),
    )


def edit_task(number: int, *, title: str | None = None, priority: str | None = None,
              project: str | None = None, description: str | None = None,
              milestone: str | None = None, estimate: str | None = None) -> c.EditTask:
    return c.EditTask(number=number, title=blank(title),
                      priority=Priority(priority) if priority else None,
                      project=blank(project), description=description,
                      milestone=_plan_value(plan.milestone_value, milestone),
                      estimate=_plan_value(plan.estimate_value, estimate))


Scope = Literal["mine", "all"]


def list_tasks(*, scope: Scope | None = None, user: Person | None = None,
               project: str | None = None, status: str | None = None,
               page: int | None = None) -> c.ListTasks:
    state = next((s for s in LIST_STATES if s == (status or "open")), None)
    if state is None:  # a forged payload: Discord offers only the choices
        raise UserError(f"“{status}” is not a list status; use {LIST_STATES_TEXT}.")
    if user is not None:
        return c.ListTasks(scope="user", user=user.ref(), project=blank(project),
                           state=state, page=page or 1)
    return c.ListTasks(scope=scope or ("all" if project else "mine"), project=blank(project),
                       state=state, page=page or 1)


def set_due(number: int, when: str | None) -> c.SetDue:
    """An empty `when` (or none/clear) clears the due date."""
    text = blank(when)
    if text is not None and text.strip().lower() in ("none", "clear", "-", "never"):
        text = None
    return c.SetDue(number=number, due=text)


def depend(number: int, on: str, *, remove: bool = False) -> c.Depend | c.Undepend:
    numbers = task_numbers(on)
    if not numbers:
        raise UserError("Name the tasks it depends on, like #12, #13.")
    if remove:
        return c.Undepend(number=number, on=numbers)
    return c.Depend(number=number, on=numbers)


def new_project(name: str, owner: Person | None, channel_id: int | None) -> c.NewProject:
    return c.NewProject(name=name, owner=owner.ref() if owner else None,
                        channel_id=str(channel_id) if channel_id else None)


def jump_link(guild_id: int | None, channel_id: int, message_id: int) -> str:
    """The link Discord clients open a message with."""
    return f"https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id}"


def title_from_message(content: str) -> str:
    """A task title from a message: its first non-empty line, cut to the 200-character limit."""
    for line in content.splitlines():
        if line.strip():
            text = " ".join(line.split())
            return text if len(text) <= 200 else text[:199] + "…"
    return ""
