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
from collections.abc import Iterable, Mapping

from core.planning.calendar import Cursor
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


def work_minutes(t: PlanTask, day: int, median: float | None) -> tuple[float, bool]:
    """(minutes of work left, from an estimate?): estimate minus logged (floor 0), else the
    project's median cycle time, else one working day of the person (`day` minutes)."""
    if t.estimate is not None:
        return max(0, t.estimate.to_minutes(day) - t.logged.to_minutes(day)), True
    return (median if median is not None else day), False


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
        start, finish = self.cursor.span(s, seconds)
        starts.insert(i, s)
        ends.insert(i, s + seconds)
        self.fins.insert(i, finish)
        self.ids.insert(i, tid)
        return start, finish, after


def medians(plan: PlanInput) -> dict[str, float]:
    return {p: float(statistics.median(v)) for p, v in plan.cycle_minutes.items() if v}


def forecast(plan: PlanInput) -> Forecast:
    """Forecast every task of `plan` (see the module docstring). O((n + e) log n) plus the
    calendar walk of each task; a dependency cycle cannot hang it (see `cycle_broken`)."""
    if plan.now.tzinfo is None:
        raise ValueError("plan.now must be an aware datetime")
    tasks = {t.id: t for t in plan.tasks}
    med = medians(plan)
    # the heap holds urgency ranks (ints compare faster than urgency tuples; urgency keys
    # are unique, ids last, so the order is the same)
    by_urgency = sorted(tasks.values(), key=urgency)
    rank = {t.id: k for k, t in enumerate(by_urgency)}
    ups: dict[int, list[int]] = {}
    downs: dict[int, list[int]] = {i: [] for i in tasks}
    for t in tasks.values():
        mine = ups[t.id] = [b for b in dict.fromkeys(t.blockers)
                            if b in tasks and b != t.id] if t.blockers else []
        for b in mine:
            downs[b].append(t.id)
    waiting = {i: len(u) for i, u in ups.items()}
    heap = [rank[i] for i, n in waiting.items() if not n]
    heapq.heapify(heap)
    queued = {by_urgency[k].id for k in heap}
    people: dict[str | None, _Person] = {}
    done: dict[int, TaskForecast] = {}
    order: list[int] = []
    broken: list[int] = []
    while len(done) < len(tasks):
        if not heap:  # only a cycle leaves tasks unqueued: start its most urgent task
            forced = min(rank[i] for i in tasks if i not in queued)
            broken.append(by_urgency[forced].id)
            queued.add(by_urgency[forced].id)
            heap.append(forced)
        t = by_urgency[heapq.heappop(heap)]
        tid = t.id
        who = people.get(t.assignee)
        if who is None:
            who = people[t.assignee] = _Person(plan, t.assignee)
        done[tid] = who.schedule(t, ups[tid], done, med.get(t.project))
        order.append(tid)
        for d in downs[tid]:
            waiting[d] -= 1
            if waiting[d] <= 0 and d not in queued:
                queued.add(d)
                heapq.heappush(heap, rank[d])
    return Forecast(now=plan.now, tasks=done, order=tuple(order),
                    milestones=_milestones(plan, tasks, done.values()),
                    projects=_projects(plan, done.values()),
                    person_order={p: tuple(who.line.ids) for p, who in people.items()
                                  if p is not None and who.line is not None},
                    cycle_broken=tuple(broken))


class _Person:
    """What scheduling a task of one assignee (or of nobody) needs, looked up once per
    forecast: the calendar, its day length and the working-time cursor (a timeline for a
    person, who does one task at a time)."""

    __slots__ = ("cursor", "day", "line", "now")

    def __init__(self, plan: PlanInput, person: str | None) -> None:
        cal = plan.calendar_of(person)
        self.now = plan.now
        self.day = cal.day_minutes
        self.cursor = Cursor(cal, plan.now)
        self.line = _Timeline(self.cursor) if person is not None else None

    def schedule(self, t: PlanTask, ups: list[int], done: dict[int, TaskForecast],
                 median: float | None) -> TaskForecast:
        """`t`'s forecast (its blockers in `done`)."""
        minutes, estimated = work_minutes(t, self.day, median)
        earliest, driver = self.now, None
        waits: WaitsFor = "now"
        for b in ups:
            f = done.get(b)
            if f is not None and f.finish > earliest:
                earliest, driver, waits = f.finish, b, "blocker"
        if self.line is None:
            cursor = self.cursor
            start, finish = cursor.span(cursor.position(earliest), minutes * 60)
        else:
            start, finish, after = self.line.place(earliest, minutes, t.id)
            if after is not None:
                driver, waits = after, "person"
        return TaskForecast(t.id, t.project, start, finish, minutes, estimated, waits, driver)


def _milestones(plan: PlanInput, by_id: Mapping[int, PlanTask],
                results: Iterable[TaskForecast]) -> dict[MilestoneKey, MilestoneForecast]:
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
    done = {(m.project, m.name) for m in plan.milestones if m.done}
    return {k: MilestoneForecast(project=k[0], name=k[1], due=due.get(k),
                                 finish=finish.get(k), open_tasks=count.get(k, 0),
                                 done=k in done)
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
