"""The history a report reads: one plain value per thing that happened to a task.

`HistoryEvent` is the report's own vocabulary (typed kinds, the assignee as an id, hours as
numbers), so the metrics never parse the free text of `HistoryRecord`; `from_record` maps
today's stored rows onto it for the kinds whose meaning the row carries by itself."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

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


class HistoryEvent(NamedTuple):
    """One change to one task. `at` is timezone-aware. (A named tuple: a year of a big
    project is tens of thousands of these, and a tuple is built several times faster
    than a frozen dataclass.)

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


def status_kind(text: str) -> EventKind | None:
    """The event a `status` row's text stands for (started, done, dropped, reopened)."""
    return _STATUS_WORDS.get(text) or _STATUS_WORDS.get(text.strip())


def from_record(record: HistoryRecord) -> HistoryEvent | None:
    """The event a stored history row stands for, or None for rows that are not metrics
    (comments, edits, repeat rules) or whose value is only in display text (assignments and
    due dates are re-read from the task row by the caller, which knows the ids)."""
    if record.kind == "created":
        kind: EventKind | None = EventKind.CREATED
    elif record.kind == "status":
        kind = status_kind(record.text)
    else:
        kind = None
    if kind is None:
        return None
    return HistoryEvent(record.task_id, kind, record.at, record.actor_id)
