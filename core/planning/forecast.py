"""The forward pass: each open task's expected start and finish.

Tasks are scheduled one at a time, most urgent first among those whose blockers are all
scheduled (a list scheduler). Urgency: in progress first, then higher priority, then the
earlier due date (none last), then the lower id. A task starts at the latest of: now, the
forecast finish of each blocker, and the moment its assignee is free; it then takes its
duration in the assignee's working time. A person does one task at a time: a task is
placed in the first gap of the person's timeline, at or after its earliest start, that is
long enough, so a more urgent task that waits on a blocker does not leave the person idle
when a less urgent one fits before it (it never delays anything already placed).
Unassigned tasks have no person to wait for: they run in parallel, on the default calendar.
"""

from __future__ import annotations

import datetime as dt
import heapq
import statistics
from bisect import bisect_right
from collections.abc import Iterable

from core.planning.calendar import Cursor, WorkCalendar
from core.planning.model import (
    Forecast,
    MilestoneForecast,
    MilestoneKey,
    PlanInput,
    PlanTask,
    ProjectForecast,
    TaskForecast,
    WaitsFor,
)

_NO_DUE = dt.datetime.max.replace(tzinfo=dt.UTC)
Urgency = tuple[int, int, dt.datetime, int]


def urgency(t: PlanTask) -> Urgency:
    """Sort key, most urgent first: in progress, priority, due date, id."""
    return (0 if t.in_progress else 1, -t.priority, t.due or _NO_DUE, t.id)


def work_minutes(t: PlanTask, cal: WorkCalendar, median: float | None) -> tuple[float, bool]:
    """(minutes of work left, from an estimate?): estimate minus logged (floor 0), else the
    project's median cycle time, else one working day of the person."""
    if t.estimate is not None:
        day = cal.day_minutes
        return max(0, t.estimate.to_minutes(day) - t.logged.to_minutes(day)), True
    return (median if median is not None else cal.day_minutes), False


class _Timeline:
    """One person's placed tasks, sorted by start, never overlapping. Starts and ends are
    positions in the person's working time (`Cursor`), so looking for a gap is arithmetic;
    `fins` keeps the finish instants (where the search for a gap begins)."""

    __slots__ = ("cursor", "ends", "fins", "ids", "starts")

    def __init__(self, cursor: Cursor) -> None:
        self.cursor = cursor
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.fins: list[dt.datetime] = []
        self.ids: list[int] = []

    def place(self, earliest: dt.datetime, minutes: float,
              tid: int) -> tuple[dt.datetime, dt.datetime, int | None]:
        """Put the task in the first gap at or after `earliest` that holds it: (start,
        finish, the task it waits for, if the person was busy)."""
        i = bisect_right(self.fins, earliest)
        s, seconds, after = self.cursor.position(earliest), minutes * 60, None
        starts, ends, n = self.starts, self.ends, len(self.ids)
        while True:
            f = s + seconds
            while i < n and ends[i] <= s and starts[i] < s:
                i += 1
            if i == n or f <= starts[i]:
                break
            s, after = ends[i], self.ids[i]
            i += 1
        start, finish = _instants(self.cursor, s, seconds)
        starts.insert(i, s)
        ends.insert(i, s + seconds)
        self.fins.insert(i, finish)
        self.ids.insert(i, tid)
        return start, finish, after


def _instants(cursor: Cursor, p: float, seconds: float) -> tuple[dt.datetime, dt.datetime]:
    """(start, finish) of `seconds` of work at position `p` (as `work_span`)."""
    start = cursor.start(p)
    return start, (cursor.finish(p + seconds) if seconds > 0 else start)


def medians(plan: PlanInput) -> dict[str, float]:
    return {p: float(statistics.median(v)) for p, v in plan.cycle_minutes.items() if v}


def forecast(plan: PlanInput) -> Forecast:
    """Forecast every task of `plan` (see the module docstring). O((n + e) log n) plus the
    calendar walk of each task; a dependency cycle cannot hang it (see `cycle_broken`)."""
    if plan.now.tzinfo is None:
        raise ValueError("plan.now must be an aware datetime")
    tasks = {t.id: t for t in plan.tasks}
    med = medians(plan)
    ups: dict[int, list[int]] = {}
    downs: dict[int, list[int]] = {i: [] for i in tasks}
    for t in tasks.values():
        ups[t.id] = [b for b in dict.fromkeys(t.blockers) if b in tasks and b != t.id]
        for b in ups[t.id]:
            downs[b].append(t.id)
    waiting = {i: len(u) for i, u in ups.items()}
    heap: list[tuple[Urgency, int]] = [(urgency(t), t.id) for t in tasks.values()
                                       if not waiting[t.id]]
    heapq.heapify(heap)
    queued = {i for _, i in heap}
    lines: dict[str, _Timeline] = {}
    done: dict[int, TaskForecast] = {}
    order: list[int] = []
    broken: list[int] = []
    while len(done) < len(tasks):
        if not heap:  # only a cycle leaves tasks unqueued: start its most urgent task
            forced = min((t for i, t in tasks.items() if i not in queued), key=urgency)
            broken.append(forced.id)
            queued.add(forced.id)
            heap.append((urgency(forced), forced.id))
        _, tid = heapq.heappop(heap)
        done[tid] = _schedule(plan, tasks[tid], ups[tid], done, lines, med)
        order.append(tid)
        for d in downs[tid]:
            waiting[d] -= 1
            if waiting[d] <= 0 and d not in queued:
                queued.add(d)
                heapq.heappush(heap, (urgency(tasks[d]), d))
    return Forecast(now=plan.now, tasks=done, order=tuple(order),
                    milestones=_milestones(plan, done.values()),
                    projects=_projects(plan, done.values()),
                    person_order={p: tuple(line.ids) for p, line in lines.items()},
                    cycle_broken=tuple(broken))


def _schedule(plan: PlanInput, t: PlanTask, ups: list[int], done: dict[int, TaskForecast],
              lines: dict[str, _Timeline], med: dict[str, float]) -> TaskForecast:
    cal = plan.calendar_of(t.assignee)
    minutes, estimated = work_minutes(t, cal, med.get(t.project))
    earliest, driver = plan.now, None
    waits: WaitsFor = "now"
    for b in ups:
        if b in done and done[b].finish > earliest:
            earliest, driver, waits = done[b].finish, b, "blocker"
    if t.assignee is None:
        cursor = Cursor(cal, plan.now)
        start, finish = _instants(cursor, cursor.position(earliest), minutes * 60)
    else:
        line = lines.get(t.assignee)
        if line is None:
            line = lines[t.assignee] = _Timeline(Cursor(cal, plan.now))
        start, finish, after = line.place(earliest, minutes, t.id)
        if after is not None:
            driver, waits = after, "person"
    return TaskForecast(id=t.id, project=t.project, start=start, finish=finish,
                        minutes=minutes, estimated=estimated, waits_for=waits, driver=driver)


def _milestones(plan: PlanInput, results: Iterable[TaskForecast]
                ) -> dict[MilestoneKey, MilestoneForecast]:
    by_id = {t.id: t for t in plan.tasks}
    finish: dict[MilestoneKey, dt.datetime] = {}
    count: dict[MilestoneKey, int] = {}
    for r in results:
        name = by_id[r.id].milestone
        if name is None:
            continue
        key = (r.project, name)
        count[key] = count.get(key, 0) + 1
        if key not in finish or r.finish > finish[key]:
            finish[key] = r.finish
    due = {(m.project, m.name): m.due for m in plan.milestones}
    return {k: MilestoneForecast(project=k[0], name=k[1], due=due.get(k),
                                 finish=finish.get(k), open_tasks=count.get(k, 0))
            for k in [*due, *(k for k in finish if k not in due)]}


def _projects(plan: PlanInput, results: Iterable[TaskForecast]) -> dict[str, ProjectForecast]:
    finish: dict[str, dt.datetime] = {}
    count: dict[str, int] = {}
    guessed: dict[str, int] = {}
    for r in results:
        count[r.project] = count.get(r.project, 0) + 1
        guessed[r.project] = guessed.get(r.project, 0) + (not r.estimated)
        if r.project not in finish or r.finish > finish[r.project]:
            finish[r.project] = r.finish
    target = {p.name: p.target for p in plan.projects}
    names = [*target, *(p for p in count if p not in target)]
    return {p: ProjectForecast(name=p, target=target.get(p), finish=finish.get(p),
                               open_tasks=count.get(p, 0), without_estimate=guessed.get(p, 0))
            for p in names}
