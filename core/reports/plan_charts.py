"""Chart values for the plan: a timeline (tasks as bars, milestones as diamonds, the
critical path highlighted, today marked) and the dependency graph with a layered
left-to-right layout computed here, so the renderer only places what it is given.

Inputs are plain: the planning layer (or the handler) says which tasks are critical and
which are milestones; nothing here recomputes the schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.reports.period import date_span, full_date, short_date
from core.reports.wording import count


@dataclass(frozen=True)
class TimelineItem:
    task_id: int
    label: str
    start: dt.date
    end: dt.date            # inclusive; a milestone has start == end
    milestone: bool = False
    critical: bool = False
    done: bool = False


@dataclass(frozen=True)
class Timeline:
    title: str
    alt: str
    items: list[TimelineItem]
    today: dt.date


def timeline(items: Iterable[TimelineItem], today: dt.date, name: str,
             rows: int = 30) -> Timeline:
    """At most `rows` items, earliest start first (critical ones and milestones are kept
    before others when there are more)."""
    every = sorted(items, key=lambda i: (i.start, i.end, i.task_id))
    total = len(every)
    if total > rows:
        keep = {i.task_id for i in sorted(every, key=lambda i: (not i.critical, not i.milestone,
                                                    i.start))[:rows]}
        every = [i for i in every if i.task_id in keep]
    if not every:
        return Timeline(f"Timeline: {name}", f"{name} has no scheduled tasks.", [], today)
    first, last = min(i.start for i in every), max(i.end for i in every)
    title = f"Timeline: {name}, {date_span(first, last)}"
    critical = [i for i in every if i.critical]
    late = [i for i in every if not i.done and i.end < today]
    marks = sum(1 for i in every if i.milestone)
    alt = (f"{count(len(every) - marks, 'task')}"
           + (f" and {count(marks, 'milestone')}" if marks else "")
           + f" {'on' if first == last else 'from'} {date_span(first, last)}; "
           f"{len(critical)} on the critical path")
    if critical:
        alt += f", which ends {short_date(max(i.end for i in critical))}"
    alt += f"; {len(late)} past their end and not done." if late else "; none running late."
    if total > len(every):
        alt += (f" Shown: {len(every)} of {total} (the critical path and milestones first, "
                "then the earliest).")
    return Timeline(title, alt, every, today)


@dataclass(frozen=True)
class GraphNode:
    task_id: int
    label: str
    layer: int
    row: float
    column: int = 0          # where to draw: a layer taller than the chart wraps to columns
    blocked: bool = False
    done: bool = False
    critical: bool = False


@dataclass(frozen=True)
class DependencyGraph:
    title: str
    alt: str
    nodes: list[GraphNode]
    edges: list[tuple[int, int]]     # (blocker, blocked)


@dataclass(frozen=True)
class GraphTask:
    task_id: int
    label: str
    done: bool = False
    critical: bool = False


def layered_layout(ids: Sequence[int], edges: Sequence[tuple[int, int]],
                   sweeps: int = 4) -> dict[int, tuple[int, float]]:
    """(layer, row) per node: layer = longest chain of blockers before it (edges closing a
    cycle are ignored), rows ordered by the barycentre of neighbours, swept left and right
    a few times to uncross edges (Sugiyama's heuristic, without dummy nodes)."""
    known = set(ids)
    succ: dict[int, list[int]] = {i: [] for i in ids}
    pred: dict[int, list[int]] = {i: [] for i in ids}
    indegree = dict.fromkeys(ids, 0)
    for a, b in edges:
        if a in known and b in known and a != b:
            succ[a].append(b)
            pred[b].append(a)
            indegree[b] += 1
    layer = dict.fromkeys(ids, 0)
    ready = [i for i in ids if indegree[i] == 0]
    seen = 0
    while seen < len(ids):
        if not ready:        # a cycle: release the lowest-id waiting node
            ready.append(min(i for i in ids if indegree[i] > 0))
            indegree[ready[-1]] = 0
        node = ready.pop()
        seen += 1
        for nxt in succ[node]:
            if indegree[nxt] > 0:
                layer[nxt] = max(layer[nxt], layer[node] + 1)
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    ready.append(nxt)
    layers: dict[int, list[int]] = {}
    for i in ids:
        layers.setdefault(layer[i], []).append(i)
    order = {i: float(r) for members in layers.values() for r, i in enumerate(members)}
    for sweep in range(sweeps):
        keys = sorted(layers) if sweep % 2 == 0 else sorted(layers, reverse=True)
        for key in keys:
            near = pred if sweep % 2 == 0 else succ
            members = layers[key]
            members.sort(key=lambda i: _barycentre(i, near[i], order))
            for r, i in enumerate(members):
                order[i] = float(r)
    height = max((len(m) for m in layers.values()), default=1)
    return {i: (layer[i], order[i] + (height - len(layers[layer[i]])) / 2) for i in ids}


def _barycentre(node: int, near: list[int], order: dict[int, float]) -> float:
    return sum(order[n] for n in near) / len(near) if near else order[node]


def dependency_graph(tasks: Iterable[GraphTask], edges: Iterable[tuple[int, int]], name: str,
                     today: dt.date, limit: int = 60, rows: int = 12) -> DependencyGraph:
    """Tasks linked by a dependency (a task with none says nothing in this picture), at most
    `limit` of them; a task is blocked when it is not done and a blocker of it is not done.
    A layer with more than `rows` tasks wraps into extra columns so labels never overlap."""
    every = list(tasks)
    known = {t.task_id for t in every}
    links = [(a, b) for a, b in edges if a in known and b in known and a != b]
    linked = {x for link in links for x in link}
    shown = [t for t in every if t.task_id in linked][:limit]
    ids = [t.task_id for t in shown]
    links = [(a, b) for a, b in links if a in set(ids) and b in set(ids)]
    done = {t.task_id for t in shown if t.done}
    blocked = {b for a, b in links if a not in done and b not in done}
    place = layered_layout(ids, links)
    column = _columns(place, rows)
    nodes = [GraphNode(t.task_id, t.label, place[t.task_id][0], column[t.task_id][1],
                       column[t.task_id][0], t.task_id in blocked, t.done, t.critical)
             for t in shown]
    title = f"Dependencies: {name}, {full_date(today)}"
    if not nodes:
        return DependencyGraph(title, f"{name} has no dependencies between its tasks.", [], [])
    depth = max(n.layer for n in nodes) + 1
    alt = (f"{len(nodes)} tasks in {depth} steps, {len(links)} dependencies; "
           f"{len(blocked)} blocked, {len(done & set(ids))} done.")
    if len(linked) > len(shown):
        alt += f" {len(linked) - len(shown)} more linked tasks not drawn."
    return DependencyGraph(title, alt, nodes, links)


def _columns(place: dict[int, tuple[int, float]], rows: int) -> dict[int, tuple[int, float]]:
    """(column, row) per node: each layer in row order, `rows` to a column, centred."""
    layers: dict[int, list[int]] = {}
    for node, (layer, _) in place.items():
        layers.setdefault(layer, []).append(node)
    height = min(rows, max((len(m) for m in layers.values()), default=1))
    out, column = {}, 0
    for layer in sorted(layers):
        members = sorted(layers[layer], key=lambda n: place[n][1])
        for start in range(0, len(members), rows):
            chunk = members[start:start + rows]
            for r, node in enumerate(chunk):
                out[node] = (column, r + (height - len(chunk)) / 2)
            column += 1
    return out
