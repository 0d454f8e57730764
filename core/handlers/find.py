"""Handlers of the filter language, search and `/task next` (issue 9).

The filter comes parsed; its dates are re-read here for the handler's clock and the
asker's zone (`core.filters.rebase`), and the store's finder (`core.find_ports.TaskFinder`)
answers it, selecting and ordering as the core evaluator does. `/task next` ranks the
finder's candidates with the urgency score (`core.filters.urgency`): one formula.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from core import commands_find as cf
from core.filters.query import Person, Query, Who
from core.filters.rebase import rebase
from core.filters.urgency import NEXT_LIMIT, next_tasks
from core.find_ports import Asker, finder_of
from core.handlers.base import HandlerContext
from core.results import TaskList
from core.results_find import NextItem, NextList, TaskCount

PAGE_SIZE = 20


def _asker(h: HandlerContext) -> Asker:
    return Asker(h.actor.id, Person(h.actor.user_id, h.actor.display_name))


def _read(h: HandlerContext, query: Query) -> Query:
    return rebase(query, h.now, h.tz)


def _range(page: int, shown: int, total: int) -> str:
    first = (page - 1) * PAGE_SIZE + 1
    return f"{first}-{first + shown - 1} of {total}"


def filter_tasks(h: HandlerContext, cmd: cf.FilterTasks) -> TaskList:
    query = _read(h, cmd.query)
    found = finder_of(h.uow).select(h.tenant.id, query, _asker(h), h.now, PAGE_SIZE)
    canonical = str(query) or "mine"
    if not found.tasks:
        empty = f"No tasks match `{canonical}`." + _others_hint(h, query)
        if query.page > 1 and found.total:
            last = (found.total - 1) // PAGE_SIZE + 1
            empty = (f"Page {query.page} is past the end: `{canonical}` has {found.total} "
                     f"task{'s' if found.total != 1 else ''} ({last} page"
                     f"{'s' if last != 1 else ''}).")
        return TaskList(title=f"Tasks: {canonical}", tasks=(), page=query.page,
                        empty_text=empty, viewer_tz=h.tz)
    has_more = query.page * PAGE_SIZE < found.total
    hint = f"More: add page:{query.page + 1}" if has_more else None
    title = f"Tasks: {canonical} ({_range(query.page, len(found.tasks), found.total)})"
    return TaskList(title=title, tasks=tuple(h.views.tasks(found.tasks, h.now)),
                    page=query.page, has_more=has_more, next_page_hint=hint,
                    viewer_tz=h.tz)


def _others_hint(h: HandlerContext, query: Query) -> str:
    """For a filter that read only the asker's tasks because it named nobody: how many of
    everyone's match, and how to list them (one count)."""
    if query.who is not None or query.effective_who.kind != "mine" or query.page > 1:
        return ""
    everyone = dataclasses.replace(query, who=Who("all"))
    n = finder_of(h.uow).count(h.tenant.id, everyone, _asker(h), h.now)
    if not n:
        return ""
    return (f" That is yours only; {n} of everyone's match{'es' if n == 1 else ''}: "
            f"/task list {everyone}")


def count_tasks(h: HandlerContext, cmd: cf.CountTasks) -> TaskCount:
    query = _read(h, cmd.query)
    n = finder_of(h.uow).count(h.tenant.id, query, _asker(h), h.now)
    return TaskCount(count=n, query=str(query), viewer_tz=h.tz)


def find_tasks(h: HandlerContext, cmd: cf.FindTasks) -> TaskList:
    found = finder_of(h.uow).search(h.tenant.id, cmd.phrases, cmd.limit)
    shown = cmd.text
    return TaskList(title=f"Tasks matching “{shown}”, best first", viewer_tz=h.tz,
                    tasks=tuple(h.views.tasks(found, h.now, with_blockers=False)),
                    empty_text=f"No task mentions “{shown}”.")


def next_up(h: HandlerContext, cmd: cf.NextTasks) -> NextList:
    person = h.member(cmd.user) if cmd.user is not None else h.actor
    project = h.project(cmd.project) if cmd.project else None
    facts = finder_of(h.uow).next_candidates(
        h.tenant.id, person.id, (project.id,) if project else None, h.now, NEXT_LIMIT)
    ranked = next_tasks(facts, h.now, h.tz, NEXT_LIMIT)
    tasks = h.uow.tasks.get_many(h.tenant.id, [r.number for r in ranked])
    views = {v.number: v for v in h.views.tasks(list(tasks.values()), h.now,
                                                 with_blockers=False)}
    whose = "you" if person.id == h.actor.id else person.display_name
    where = f" in {project.name}" if project else ""
    items = tuple(NextItem(task=views[r.number], score=r.score, why=r.why, viewer_tz=h.tz)
                  for r in ranked if r.number in views)
    return NextList(title=f"Next for {whose}{where}", items=items, viewer_tz=h.tz,
                    empty_text=f"Nothing open and unblocked for {whose}{where}.")


HANDLERS: dict[type[Any], Callable[..., Any]] = {
    cf.FilterTasks: filter_tasks, cf.CountTasks: count_tasks, cf.FindTasks: find_tasks,
    cf.NextTasks: next_up,
}
READ_ONLY: frozenset[type[Any]] = frozenset(HANDLERS)
