"""Dependency rules: cycle refusal and the open-blocker bookkeeping that makes 'blocked'
and 'unblocked' cost O(the edges touched).

Each task caches `open_blocker_count`, the number of its blockers that are open or in
progress. It changes only when an edge is added or removed, or when a blocker opens or
closes; a task whose count falls to zero is unblocked at that moment."""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import UserError
from core.handlers import notify
from core.handlers.base import HandlerContext
from core.history_detail import blocked_detail
from core.model import Task

MAX_CYCLE_SEARCH = 200_000


def find_cycle(h: HandlerContext, blocker: Task, blocked: Task) -> list[int] | None:
    """If `blocked` already (transitively) blocks `blocker`, adding blocker -> blocked closes
    a cycle: return the task ids along it, from `blocked` to `blocker`. Walks up from
    `blocker` through its blockers one level (one query) at a time. A task that blocks
    nothing (a task being added, most `depends` targets) can't close a cycle: one query
    answers that without the walk up."""
    if blocker.id == blocked.id:
        return [blocked.id]
    if not h.uow.tasks.dependent_ids(blocked.id):
        return None
    parent: dict[int, int | None] = {blocker.id: None}
    frontier = [blocker.id]
    while frontier and len(parent) < MAX_CYCLE_SEARCH:
        edges = h.uow.tasks.blocker_ids_of_many(frontier)
        nxt: list[int] = []
        for child, ups in edges.items():
            for up in ups:
                if up in parent:
                    continue
                parent[up] = child
                if up == blocked.id:
                    path = [up]
                    node: int | None = child
                    while node is not None:
                        path.append(node)
                        node = parent[node]
                    return path
                nxt.append(up)
        frontier = nxt
    return None


def add_dependency(h: HandlerContext, blocker: Task, blocked: Task,
                   new: Task | None = None) -> None:
    """Record 'blocked depends on blocker', refusing a cycle with the cycle spelled out.
    `new`: a task being created in this command, named "this task" (its number is not
    taken when the add is refused, so naming it would point at the next task)."""
    path = find_cycle(h, blocker, blocked)
    if path is not None:
        tasks = h.uow.tasks.get_by_ids(path)

        def name(task: Task) -> str:
            return "this task" if new is not None and task.id == new.id else task.ref

        chain = " -> ".join(name(tasks[i]) for i in path)
        if blocker.id == blocked.id:
            raise UserError(f"{name(blocked).capitalize()} can't depend on itself.")
        nothing = " Nothing was created." if new is not None else ""
        raise UserError(f"That would make a cycle: {chain} -> {name(blocked)} "
                        f"(A -> B means A blocks B).{nothing}")
    h.uow.tasks.add_edge(blocker.id, blocked.id)
    if blocker.status.is_active:
        h.uow.tasks.adjust_open_blockers([blocked.id], +1)
        blocked.open_blocker_count += 1
        if blocked.open_blocker_count == 1 and blocked.status.is_active:
            h.record(blocked, "blocked", f"blocked by {blocker.ref}", blocked_detail(blocker))


def blocker_closed(h: HandlerContext, blocker: Task) -> list[Task]:
    """`blocker` just went from active to done/dropped: its dependents lose an open blocker;
    those left with none are told. Returns the tasks that became unblocked."""
    dependents = h.uow.tasks.dependent_ids(blocker.id)
    if not dependents:
        return []
    h.uow.tasks.adjust_open_blockers(dependents, -1)
    freed = sorted((t for t in h.uow.tasks.get_by_ids(dependents).values()
                    if t.status.is_active and t.open_blocker_count == 0),
                   key=lambda t: t.number)
    # one batch of views for every freed task, not a round of queries per notification
    for task, view in zip(freed, h.views.tasks(freed, h.now), strict=True):
        h.record(task, "unblocked", f"unblocked: {blocker.ref} closed", blocked_detail(blocker))
        notify.unblocked(h, task, blocker, view)
    return freed


def blocker_reopened(h: HandlerContext, blocker: Task) -> None:
    """`blocker` went from closed to open again: its dependents are blocked by it again."""
    dependents = h.uow.tasks.dependent_ids(blocker.id)
    if dependents:
        h.uow.tasks.adjust_open_blockers(dependents, +1)
        for task in h.uow.tasks.get_by_ids(dependents).values():
            if task.status.is_active and task.open_blocker_count == 1:
                h.record(task, "blocked", f"blocked again by {blocker.ref}",
                         blocked_detail(blocker))


def unique_numbers(numbers: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(numbers))
