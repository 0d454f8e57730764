"""The App Home tab: the viewer's open work, grouped, within the 100-block limit."""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import (
    SURFACE_BLOCKS,
    Block,
    actions,
    button,
    context,
    divider,
    header,
    section,
)
from adapters.slack.cards import DONE, START, ref_line, task_line
from adapters.slack.escape import esc, slack_date
from core.model import Status
from core.results import TaskView, WorkOverview

NEW_TASK = "home_new_task"
REFRESH = "home_refresh"

_GROUPS = (("overdue", ":warning: Overdue"), ("due_soon", ":hourglass_flowing_sand: Due soon"),
           ("in_progress", ":large_blue_circle: In progress"),
           ("blocked", ":no_entry: Blocked"), ("open", ":white_circle: Open"))


def _task_blocks(task: TaskView, tz: str) -> list[Block]:
    n = str(task.number)
    accessory = (button("Start", START, n) if task.status is Status.OPEN and not task.is_blocked
                 else button("Done", DONE, n))
    text = task_line(task, tz)
    if task.is_blocked:
        waiting = [ref_line(b, tz) for b in task.blocked_by if b.status.is_active]
        text += "\n      waiting on " + "; ".join(waiting)
    return [section(text, accessory=accessory, block_id=f"home_task:{n}")]


def home_view(work: WorkOverview) -> dict[str, Any]:
    tz = work.viewer_tz
    blocks: list[Block] = [
        header("Your tasks"),
        actions([button("New task", NEW_TASK, "new", style="primary"),
                 button("Refresh", REFRESH, "refresh")]),
    ]
    budget = SURFACE_BLOCKS - 6  # room for the waiting-on group and the footer
    shown = 0
    for key, title in _GROUPS:
        tasks: tuple[TaskView, ...] = getattr(work, key)
        if not tasks:
            continue
        group = [divider(), section(f"*{title}* ({len(tasks)})")]
        for task in tasks:
            group.extend(_task_blocks(task, tz))
        if len(blocks) + len(group) > budget:
            room = budget - len(blocks)
            if room > 2:
                blocks.extend(group[:room])
                shown += room - 2
            break
        blocks.extend(group)
        shown += len(tasks)
    if work.waiting_on:
        lines = [f"• {ref_line(r, tz)}" for r in work.waiting_on]
        blocks.extend([divider(), section("*:hourglass: Waiting on others*\n" + "\n".join(lines))])
    if work.total_open == 0:
        blocks.append(section("Nothing open. Enjoy it, or `/task new` to add something."))
    elif shown < work.total_open:
        blocks.append(context(f"Showing {shown} of {work.total_open} open tasks. "
                              "`/task list mine` lists them all."))
    if work.as_of:
        blocks.append(context(f"Updated {slack_date(work.as_of, tz)} · {esc(tz)}"))
    return {"type": "home", "blocks": blocks[:SURFACE_BLOCKS]}
