"""Stored history rows -> report events, for rows with a structured `detail` and, best
effort, for rows written before it existed (whose change is only in display text).

Rules for old rows (what can be trusted, and what is taken from the task as it is now):
- a task belongs to its current project (a task moved between projects reports in the
  one it is in now);
- `assigned to NAME` / `taken by NAME` map NAME to a member by display name; `unassigned
  from NAME` means nobody; the last assignment of a task is its current assignee whatever
  the text says (a renamed person is still found). With no assignment row, the task had
  its current assignee from creation; with one, its first assignee is the one an
  `unassigned from NAME` names, else nobody;
- `due ...` text is not parsed (it is a localized display date): the last due change of a
  task is its current due date, `due date removed` is none, earlier ones are skipped; with
  no due row the task had its current due date from creation, with some it had none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from core.reports.events import EventKind, HistoryEvent, status_kind


class Row(Protocol):
    """A stored history row: `core.ports.HistoryRecord`, or the store's lighter tuple."""

    @property
    def task_id(self) -> int: ...
    @property
    def actor_id(self) -> int | None: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def detail(self) -> dict[str, Any] | None: ...


class StoredRow(NamedTuple):
    task_id: int
    actor_id: int | None
    at: dt.datetime
    kind: str
    text: str
    detail: dict[str, Any] | None = None


@dataclass(frozen=True)
class TaskNow:
    """A task as it is now: the fallback for what old history rows do not say."""

    task_id: int
    project_id: int | None
    assignee_id: int | None
    due_at: dt.datetime | None


def _when(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _legacy_assignee(text: str, names: Mapping[str, int]) -> tuple[bool, int | None]:
    """(understood, member id) from `assigned to X`, `taken by X`, `unassigned from X`."""
    for prefix in ("assigned to ", "taken by "):
        if text.startswith(prefix):
            name = text[len(prefix):].strip().lower()
            return name in names, names.get(name)
    return text.startswith("unassigned from "), None


READ_KINDS = ("created", "assigned", "due", "blocked", "unblocked", "status")
"""The row kinds that become events (a store may skip the others: comments, edits)."""


def task_events(rows: Sequence[Row], now: TaskNow,
                names: Mapping[str, int]) -> list[HistoryEvent]:
    """One task's rows (oldest first) as events. (Called once per task of a report: a
    year of a big project is thousands of tasks, so the loop stays plain, and the scans
    only old rows need run only when one turns up.)"""
    task = now.task_id
    out: list[HistoryEvent] = []
    add = out.append
    last: dict[str, int] = {}

    def last_of(kind: str) -> int:
        if kind not in last:
            last[kind] = _last(rows, kind)
        return last[kind]

    for i, row in enumerate(rows):
        kind = row.kind
        if kind == "status":
            moved = status_kind(row.text)
            if moved is not None:
                add(HistoryEvent(task, moved, row.at, row.actor_id))
        elif kind == "created":
            d = row.detail or {}
            due = (_when(d.get("due")) if "due" in d
                   else (None if last_of("due") >= 0 else now.due_at))
            who = (_int(d["assignee"]) if "assignee" in d
                   else _first_assignee(rows, names, now))
            add(HistoryEvent(task, EventKind.CREATED, row.at, row.actor_id,
                             project=now.project_id, due=due, assignee=who))
        elif kind == "assigned":
            d = row.detail or {}
            if "assignee" in d:
                who = _int(d["assignee"])
            elif i == last_of("assigned"):
                who = now.assignee_id
            else:
                who = _legacy_assignee(row.text, names)[1]
            add(HistoryEvent(task, EventKind.ASSIGNED, row.at, row.actor_id, assignee=who))
        elif kind == "due":
            d = row.detail or {}
            if "due" in d:
                due = _when(d["due"])
            elif i == last_of("due"):
                due = now.due_at
            elif row.text.startswith("due date removed"):
                due = None
            else:
                continue
            add(HistoryEvent(task, EventKind.DUE_CHANGED, row.at, row.actor_id, due=due))
        elif kind in ("blocked", "unblocked"):
            span = EventKind.BLOCKED if kind == "blocked" else EventKind.UNBLOCKED
            add(HistoryEvent(task, span, row.at, row.actor_id))
    return out


def _last(rows: Sequence[Row], kind: str) -> int:
    """The index of the task's last row of `kind` (-1: none)."""
    return max((i for i, r in enumerate(rows) if r.kind == kind), default=-1)


def _first_assignee(rows: Sequence[Row], names: Mapping[str, int],
                    now: TaskNow) -> int | None:
    first = next((r for r in rows if r.kind == "assigned"), None)
    if first is None:
        return now.assignee_id
    if first.detail is not None:
        return None      # structured rows exist: the created row says it (or none was set)
    if first.text.startswith("unassigned from "):
        name = first.text[len("unassigned from "):].strip().lower()
        return names.get(name)
    return None


def events_from_rows(rows: Iterable[Row], tasks: Mapping[int, TaskNow],
                     names: Mapping[str, int]) -> list[HistoryEvent]:
    """Events of every task in `tasks` from its rows (in storage order); rows of other
    tasks are ignored. `names`: lower-cased display name -> member id."""
    per_task: dict[int, list[Row]] = {}
    for row in rows:
        if row.task_id in tasks:
            per_task.setdefault(row.task_id, []).append(row)
    out: list[HistoryEvent] = []
    for task_id, task_rows in per_task.items():
        out.extend(task_events(task_rows, tasks[task_id], names))
    return out
