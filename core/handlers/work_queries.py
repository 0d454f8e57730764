"""Read-only queries for rich chat surfaces: a person's work at a glance (a home screen,
`ShowMyWork`) and type-ahead over open tasks (pickers, `FindOpenTasks`). Platform-neutral:
any adapter may use them."""

from __future__ import annotations

import datetime as dt

from core import commands as c
from core.filters import fold
from core.find_ports import HasFinder
from core.handlers.base import HandlerContext
from core.model import Status
from core.ports import TaskQuery
from core.results import TaskList, TaskRefView, TaskView, WorkOverview
from core.text import ascii_int

MY_TASKS_SCANNED = 200


def my_work(h: HandlerContext, cmd: c.ShowMyWork) -> WorkOverview:
    """Every active task assigned to the actor lands in exactly one group, the most urgent
    first: overdue, blocked, due soon, in progress, the rest. `waiting_on`: the open
    blockers of the actor's blocked tasks (the work other people owe them)."""
    rows = h.uow.tasks.query(TaskQuery(tenant_id=h.tenant.id, state="open",
                                       assignee_id=h.actor.id, now=h.now,
                                       limit=MY_TASKS_SCANNED))
    views = h.views.tasks(rows, h.now)
    soon = h.now + dt.timedelta(hours=cmd.due_soon_hours)
    groups: dict[str, list[TaskView]] = {k: [] for k in
                                         ("overdue", "blocked", "due_soon", "in_progress", "open")}
    waiting: dict[int, TaskRefView] = {}
    for view in views:
        if view.overdue:
            key = "overdue"
        elif view.is_blocked:
            key = "blocked"
        elif view.due_at is not None and view.due_at <= soon:
            key = "due_soon"
        elif view.status is Status.IN_PROGRESS:
            key = "in_progress"
        else:
            key = "open"
        groups[key].append(view)
        for ref in view.blocked_by:
            if ref.status.is_active:
                waiting.setdefault(ref.number, ref)
    def top(key: str) -> tuple[TaskView, ...]:
        return tuple(groups[key][: cmd.limit])

    return WorkOverview(
        overdue=top("overdue"), due_soon=top("due_soon"), in_progress=top("in_progress"),
        blocked=top("blocked"), open=top("open"),
        waiting_on=tuple(sorted(waiting.values(), key=lambda r: r.number)[: cmd.limit]),
        total_open=len(views), as_of=h.now, viewer_tz=h.tz)


def find_open_tasks(h: HandlerContext, cmd: c.FindOpenTasks) -> TaskList:
    """A `#12` or `12` query finds that task; other text is searched as `/task find` does
    (the full-text index: title, description, comments; case and accents folded; the last
    word may be the start of one), among open tasks, best match first. A store without
    that index, or text without a letter or digit, matches titles as a substring."""
    text = cmd.query.strip().lstrip("#")
    number = ascii_int(text)
    words = fold.words(text)
    if number is not None:
        task = h.uow.tasks.get(h.tenant.id, number)
        found = [task] if task is not None and task.status.is_active else []
    elif words and isinstance(h.uow, HasFinder):
        found = h.uow.finder.search(h.tenant.id, (words,), cmd.limit, open_only=True)
    else:
        found = h.uow.tasks.query(TaskQuery(tenant_id=h.tenant.id, state="open", now=h.now,
                                            title_contains=text or None, limit=cmd.limit))
    views = h.views.tasks(found, h.now, with_blockers=False)
    return TaskList(title="Open tasks", tasks=tuple(views), viewer_tz=h.tz)
