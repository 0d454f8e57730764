"""The task card: one task as Block Kit, with its buttons. Every user string is escaped.

Action ids are the contract with `listeners.py`: buttons carry the task number as `value`;
the overflow and the snooze menu carry `<verb>:<number>`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.slack.blocks import (
    Block,
    actions,
    button,
    context,
    fields,
    option,
    section,
)
from adapters.slack.escape import esc, person, slack_date, truncate
from core.model import Status
from core.results import TaskRefView, TaskView

START = "task_start"
DONE = "task_done"
TAKE = "task_take"
MORE = "task_more"
SNOOZE = "task_snooze"
CARD_ACTIONS = (START, DONE, TAKE, MORE, SNOOZE)

SNOOZE_CHOICES = (("in 1 hour", "in 1 hour"), ("Tomorrow morning", "tomorrow 9am"))

_STATUS_ICON = {Status.OPEN: ":white_circle:", Status.IN_PROGRESS: ":large_blue_circle:",
                Status.DONE: ":white_check_mark:", Status.DROPPED: ":heavy_minus_sign:"}
_PRIORITY_ICON = {"low": ":small_blue_diamond:", "normal": "", "high": ":small_orange_diamond:",
                  "urgent": ":red_circle:"}


def ref_line(ref: TaskRefView, tz: str = "UTC") -> str:
    """`#12 Write the spec (open, Ana)`: a task named from another task."""
    who = f", {person(ref.assignee)}" if ref.assignee else ""
    return f"*#{ref.number}* {esc(ref.title)} ({ref.status.label}{who})"


def task_line(task: TaskView, tz: str = "UTC") -> str:
    """One line of a list: icon, number, title, assignee, due, blocked mark."""
    parts = [f"{_STATUS_ICON[task.status]} *#{task.number}* {esc(task.title)}"]
    if task.assignee:
        parts.append(f"· {person(task.assignee)}")
    if task.due_at:
        mark = ":warning: " if task.overdue else ""
        parts.append(f"· {mark}due {slack_date(task.due_at, tz)}")
    if task.priority.value in ("high", "urgent"):
        parts.append(f"· {_PRIORITY_ICON[task.priority.value]} {task.priority.value}")
    if task.is_blocked:
        blockers = ", ".join(f"#{b.number}" for b in task.blocked_by if b.status.is_active)
        parts.append(f"· :no_entry: blocked by {blockers}")
    return " ".join(parts)


def _overflow(task: TaskView) -> dict[str, Any]:
    n = task.number
    opts = [option("Edit…", f"edit:{n}")]
    if task.status.is_active:
        opts.append(option("Drop", f"drop:{n}"))
        opts.extend(option(f"Remind me {label.lower()}", f"snooze:{n}:{when}")
                    for label, when in SNOOZE_CHOICES)
    else:
        opts.append(option("Reopen", f"reopen:{n}"))
    return {"type": "overflow", "action_id": MORE, "options": opts}


def card_fields(task: TaskView, tz: str) -> list[str]:
    due = "—"
    if task.due_at:
        due = ("*:warning: overdue* " if task.overdue else "") + slack_date(task.due_at, tz)
    active_blockers = [b for b in task.blocked_by if b.status.is_active]
    out = [
        f"*Status*\n{_STATUS_ICON[task.status]} {task.status.label}",
        f"*Assignee*\n{person(task.assignee)}",
        f"*Due*\n{due}",
        f"*Priority*\n{_PRIORITY_ICON[task.priority.value]} {task.priority.value}".replace(
            "\n ", "\n"),
        f"*Project*\n{esc(task.project) if task.project else '—'}",
    ]
    if task.repeat:
        out.append(f"*Repeats*\n{esc(task.repeat)}")
    if active_blockers:
        out.append("*Blocked by*\n" + truncate(
            ", ".join(f"#{b.number} {esc(b.title)}" for b in active_blockers), 1900))
    return out


def task_card(task: TaskView, tz: str = "UTC", *, note: str | None = None,
              buttons: bool = True) -> list[Block]:
    """The card: title, fields, optional description and source, then the buttons.
    `note` (already escaped) is a context line on top: "Ana completed this"."""
    blocks: list[Block] = []
    if note:
        blocks.append(context(note))
    blocks.append(section(f"*#{task.number}* {esc(task.title)}",
                          accessory=_overflow(task) if buttons else None,
                          block_id=f"task:{task.number}"))
    blocks.append(fields(card_fields(task, tz)))
    extra = []
    if task.description:
        extra.append(truncate(esc(task.description), 600))
    if task.source_link:
        extra.append(f"<{task.source_link}|from this message>")
    if extra:
        blocks.append(context(*extra))
    if buttons:
        blocks.append(card_buttons(task))
    return blocks


def card_buttons(task: TaskView, snooze: bool = False) -> Block:
    n = str(task.number)
    elements: list[dict[str, Any]] = []
    if task.status is Status.OPEN:
        elements.append(button("Start", START, n, style="primary"))
    if task.status.is_active:
        elements.append(button("Done", DONE, n, style=None if task.status is Status.OPEN
                               else "primary"))
        elements.append(button("Assign to me", TAKE, n))
        if snooze:
            elements.append(snooze_menu(task.number))
    else:
        elements.append(button("Reopen", MORE, f"reopen:{n}"))
    return actions(elements, block_id=f"task_actions:{n}")


def snooze_menu(number: int) -> dict[str, Any]:
    return {"type": "static_select", "action_id": SNOOZE,
            "placeholder": {"type": "plain_text", "text": "Snooze"},
            "options": [option(label, f"snooze:{number}:{when}")
                        for label, when in SNOOZE_CHOICES]}


def task_refs(refs: Sequence[TaskRefView], title: str, tz: str) -> list[str]:
    if not refs:
        return []
    return [f"*{title}*", *(f"• {ref_line(r, tz)}" for r in refs)]
