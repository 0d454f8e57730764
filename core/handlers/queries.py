"""Read-only commands: list, show, help."""

from __future__ import annotations

from dataclasses import replace

from core import commands as c
from core.handlers.base import HandlerContext
from core.handlers.views import member_view
from core.model import Project
from core.ports import TaskQuery
from core.results import HistoryView, TaskDetails, TaskList

PAGE_SIZE = 20
OTHERS_COUNTED = 100
HISTORY_SHOWN = 15

_STATE_WORDS = {"open": "Open", "blocked": "Blocked", "overdue": "Overdue", "done": "Closed"}


def list_tasks(h: HandlerContext, cmd: c.ListTasks) -> TaskList:
    assignee = None
    whose = "everyone's"
    if cmd.scope == "mine":
        assignee, whose = h.actor, "yours"
    elif cmd.scope == "user" and cmd.user is not None:
        assignee = h.member(cmd.user)
        whose = f"{assignee.display_name}'s"
    project = h.project(cmd.project) if cmd.project else None
    offset = (cmd.page - 1) * PAGE_SIZE
    query = TaskQuery(
        tenant_id=h.tenant.id, state=cmd.state, now=h.now, limit=PAGE_SIZE + 1, offset=offset,
        assignee_id=assignee.id if assignee else None,
        project_id=project.id if project else None)
    rows = h.uow.tasks.query(query)
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    where = f" in {project.name}" if project else ""
    title = f"{_STATE_WORDS[cmd.state]} tasks, {whose}{where}"
    if cmd.page > 1:
        title += f" (page {cmd.page})"
    hint = None
    if has_more:
        hint = f"More: add page:{cmd.page + 1}"
    empty = f"No {cmd.state} tasks{where}."
    if not rows and cmd.page > 1:
        empty = _past_the_end(h, query, cmd.page, empty)
    elif not rows and cmd.scope == "mine" and cmd.state == "open":
        empty = _what_else(h, project, where)
    return TaskList(title=title, tasks=tuple(h.views.tasks(rows, h.now)),
                    page=cmd.page, has_more=has_more, next_page_hint=hint,
                    empty_text=empty, viewer_tz=h.tz)


def _what_else(h: HandlerContext, project: Project | None, where: str) -> str:
    """An empty "mine" list, said with what else there is: a newcomer's first task is
    usually unassigned, and "No open tasks." right after creating one reads as lost work.
    Counts at most `OTHERS_COUNTED` open tasks (one bounded read of the open index)."""
    others = h.uow.tasks.query(TaskQuery(tenant_id=h.tenant.id, state="open", now=h.now,
                                         limit=OTHERS_COUNTED + 1,
                                         project_id=project.id if project else None))
    if not others:
        return f"No open tasks{where}."
    unassigned = sum(1 for t in others[:OTHERS_COUNTED] if t.assignee_id is None)
    rest = min(len(others), OTHERS_COUNTED) - unassigned
    more = "+" if len(others) > OTHERS_COUNTED else ""
    bits = []
    if unassigned:
        bits.append(f"{unassigned}{more if not rest else ''} unassigned open "
                    f"task{'s' if unassigned != 1 else ''}")
    if rest:
        bits.append(f"{rest}{more} open task{'s' if rest != 1 else ''} of others")
    listing = "/task list all"
    if project is not None:
        listing += f' project:"{project.name}"' if " " in project.name else \
            f" project:{project.name}"
    take = " (`/task take #N` makes one yours)" if unassigned else ""
    return f"No open tasks of yours{where}; {', '.join(bits)}: {listing}{take}."


def _past_the_end(h: HandlerContext, query: TaskQuery, page: int, empty: str) -> str:
    """`page:999` past the last page: say which page is the last. Found by probing one row
    per page (a binary search: about log2(page) small queries, only on this miss)."""
    low, high = 0, page  # the last page with a row is in [low, high); 0: none
    while high - low > 1:
        mid = (low + high) // 2
        probe = replace(query, limit=1, offset=(mid - 1) * PAGE_SIZE)
        if h.uow.tasks.query(probe):
            low = mid
        else:
            high = mid
    if low == 0:
        return empty
    return f"Page {page} is past the end: the last page is {low} (page:{low})."


def show_task(h: HandlerContext, cmd: c.ShowTask) -> TaskDetails:
    task = h.task(cmd.number)
    views = h.views
    dependents = h.uow.tasks.get_by_ids(h.uow.tasks.dependent_ids(task.id))
    records = h.uow.history.for_task(task.id, HISTORY_SHOWN)
    actors = h.uow.members.get_many(sorted({r.actor_id for r in records if r.actor_id}))
    history = tuple(
        HistoryView(at=r.at, actor=member_view(actors.get(r.actor_id)) if r.actor_id else None,
                    kind=r.kind, text=r.text)
        for r in records)
    return TaskDetails(task=views.task(task, h.now),
                       blocks=tuple(views.refs(sorted(dependents.values(),
                                                      key=lambda t: t.number))),
                       history=history, viewer_tz=h.tz)
