"""Replay history events into what each task went through: states over time, the cycle
that led to its final done, blocked spans, due date, estimate and logged hours.

Events are replayed in time order (ties keep their input order). Reopening starts a new
cycle: the cycle time of a task done, reopened and done again runs from the start of the
last cycle. A done without a start before it (skipped, or a start stamped after the done)
has a lead time but no cycle time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from core.reports.events import EventKind, HistoryEvent

OPEN, IN_PROGRESS, DONE, DROPPED = "open", "in_progress", "done", "dropped"
_AT = attrgetter("at")
ACTIVE = (OPEN, IN_PROGRESS)


@dataclass
class TaskFacts:
    task_id: int
    created_at: dt.datetime
    project: int | None = None
    assignee: int | None = None
    due: dt.datetime | None = None
    estimate: float | None = None
    state: str = OPEN
    transitions: list[tuple[dt.datetime, str]] = field(default_factory=list)
    cycle_start: dt.datetime | None = None
    started_at: dt.datetime | None = None
    done_at: dt.datetime | None = None
    dropped_at: dt.datetime | None = None
    blocked: list[tuple[dt.datetime, dt.datetime | None]] = field(default_factory=list)
    logs: list[tuple[dt.datetime, int | None, float]] = field(default_factory=list)

    def state_at(self, at: dt.datetime) -> str | None:
        """The state at `at` (None before the task existed)."""
        if at < self.created_at:
            return None
        current = OPEN
        for when, state in self.transitions:
            if when > at:
                break
            current = state
        return current

    def closed_at(self) -> dt.datetime | None:
        return self.done_at or self.dropped_at

    def lead_time(self) -> dt.timedelta | None:
        return self.done_at - self.created_at if self.done_at else None

    def cycle_time(self) -> dt.timedelta | None:
        if self.done_at is None or self.started_at is None or self.started_at > self.done_at:
            return None
        return self.done_at - self.started_at

    def blocked_within(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        total = dt.timedelta()
        for since, until in self.blocked:
            lo, hi = max(since, start), min(until or end, end)
            if hi > lo:
                total += hi - lo
        return total

    def logged_hours(self) -> float:
        return sum(hours for _, _, hours in self.logs)


def replay(events: Iterable[HistoryEvent]) -> dict[int, TaskFacts]:
    """Facts per task id, from events in any order."""
    facts: dict[int, TaskFacts] = {}
    for event in sorted(events, key=_AT):
        task = facts.get(event.task_id)
        if task is None:
            task = facts[event.task_id] = TaskFacts(event.task_id, event.at)
        _apply(task, event)
    return facts


def _move(task: TaskFacts, at: dt.datetime, state: str) -> None:
    task.state = state
    task.transitions.append((at, state))


def _apply(task: TaskFacts, e: HistoryEvent) -> None:
    kind = e.kind
    if kind is EventKind.CREATED:
        task.created_at = e.at
        task.project, task.assignee = e.project, e.assignee
        task.due, task.estimate = e.due, e.hours
    elif kind is EventKind.STARTED:
        if task.state in ACTIVE:
            task.cycle_start = task.cycle_start or e.at
            _move(task, e.at, IN_PROGRESS)
        elif task.state == DONE and task.started_at is None:
            task.started_at = e.at   # stamped after its done: kept, and cycle_time says None
    elif kind is EventKind.DONE:
        task.done_at, task.dropped_at, task.started_at = e.at, None, task.cycle_start
        _move(task, e.at, DONE)
        _close_blocked(task, e.at)
    elif kind is EventKind.DROPPED:
        task.dropped_at, task.done_at = e.at, None
        _move(task, e.at, DROPPED)
        _close_blocked(task, e.at)
    elif kind is EventKind.REOPENED:
        task.done_at = task.dropped_at = task.started_at = task.cycle_start = None
        _move(task, e.at, OPEN)
    elif kind is EventKind.ASSIGNED:
        task.assignee = e.assignee
    elif kind is EventKind.BLOCKED:
        if not task.blocked or task.blocked[-1][1] is not None:
            task.blocked.append((e.at, None))
    elif kind is EventKind.UNBLOCKED:
        _close_blocked(task, e.at)
    elif kind is EventKind.DUE_CHANGED:
        task.due = e.due
    elif kind is EventKind.ESTIMATED:
        task.estimate = e.hours
    elif kind is EventKind.LOGGED and e.hours:
        task.logs.append((e.at, e.actor if e.actor is not None else task.assignee, e.hours))


def _close_blocked(task: TaskFacts, at: dt.datetime) -> None:
    if task.blocked and task.blocked[-1][1] is None:
        task.blocked[-1] = (task.blocked[-1][0], at)


def state_counts(tasks: Iterable[TaskFacts], instants: list[dt.datetime]) -> list[dict[str, int]]:
    """How many tasks are in each state at each of the (ascending) `instants`: one sweep
    over all state changes, so a daily series of a year costs O(changes + days)."""
    changes: list[tuple[dt.datetime, str | None, str]] = []
    for t in tasks:
        previous: str | None = None
        for at, state in [(t.created_at, OPEN), *t.transitions]:
            changes.append((at, previous, state))
            previous = state
    changes.sort(key=lambda c: c[0])
    counts: dict[str, int] = {OPEN: 0, IN_PROGRESS: 0, DONE: 0, DROPPED: 0}
    out, i = [], 0
    for instant in instants:
        while i < len(changes) and changes[i][0] <= instant:
            _, before, after = changes[i]
            if before is not None:
                counts[before] -= 1
            counts[after] += 1
            i += 1
        out.append(dict(counts))
    return out
