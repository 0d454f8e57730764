"""The critical path of a project: the longest chain of unfinished tasks, each blocking the
next. It is the shortest sequence of work that must still happen one after another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.model import Task


def critical_path(active: Sequence[Task], blockers: Mapping[int, Sequence[int]]) -> list[Task]:
    """Longest chain among `active` tasks (edges outside the set are ignored).
    Ties go to the chain ending at the lower task number. O(tasks + edges)."""
    by_id = {t.id: t for t in active}
    ups = {tid: [b for b in blockers.get(tid, ()) if b in by_id] for tid in by_id}
    depth: dict[int, int] = {}
    best_up: dict[int, int | None] = {}
    for start in sorted(by_id, key=lambda i: by_id[i].number):
        stack = [start]
        while stack:
            node = stack[-1]
            if node in depth:
                stack.pop()
                continue
            pending = [u for u in ups[node] if u not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            choice = max(ups[node], key=lambda u: (depth[u], -by_id[u].number), default=None)
            depth[node] = 1 + (depth[choice] if choice is not None else 0)
            best_up[node] = choice
    if not depth:
        return []
    end: int | None = max(depth, key=lambda i: (depth[i], -by_id[i].number))
    chain: list[Task] = []
    while end is not None:
        chain.append(by_id[end])
        end = best_up[end]
    chain.reverse()
    return chain if len(chain) > 1 else []
