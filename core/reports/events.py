"""The history a report reads: one plain value per thing that happened to a task.

`HistoryEvent` is the report's own vocabulary (typed kinds, the assignee as an id, hours as
numbers), so the metrics never parse the free text of `HistoryRecord`; `from_record` maps
today's stored rows onto it for the kinds whose meaning the row carries by itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from core.ports import HistoryRecord


class EventKind(StrEnum):
    CREATED = "created"
    STARTED = "started"
    DONE = "done"
    DROPPED = "dropped"
    REOPENED = "reopened"
    ASSIGNED = "assigned"
    BLOCKED = "blocked"
    UNBLOCKED = "unblocked"
    DUE_CHANGED = "due_changed"
    ESTIMATED = "estimated"
    LOGGED = "logged"


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One change to one task. `at` is timezone-aware.

    - CREATED may carry `project`, `assignee`, `due` and `hours` (the first estimate).
    - ASSIGNED carries `assignee` (None: unassigned). DUE_CHANGED carries `due` (None: cleared).
    - ESTIMATED carries `hours` (the new estimate); LOGGED carries `hours` spent by `actor`.
    """

    task_id: int
    kind: EventKind
    at: dt.datetime
    actor: int | None = None
    assignee: int | None = None
    project: int | None = None
    due: dt.datetime | None = None
    hours: float | None = None


_STATUS_WORDS = {"started": EventKind.STARTED, "done": EventKind.DONE,
                 "dropped": EventKind.DROPPED, "reopened": EventKind.REOPENED}


def from_record(record: HistoryRecord) -> HistoryEvent | None:
    """The event a stored history row stands for, or None for rows that are not metrics
    (comments, edits, repeat rules) or whose value is only in display text (assignments and
    due dates are re-read from the task row by the caller, which knows the ids)."""
    if record.kind == "created":
        kind: EventKind | None = EventKind.CREATED
    elif record.kind == "status":
        kind = _STATUS_WORDS.get(record.text.strip())
    else:
        kind = None
    if kind is None:
        return None
    return HistoryEvent(task_id=record.task_id, kind=kind, at=record.at, actor=record.actor_id)
