"""Stored history rows -> report events: structured `detail` rows as values, old text-only
rows by the documented best-effort rules (core/reports/history_load.py)."""

from __future__ import annotations

import datetime as dt

from core.ports import HistoryRecord as R
from core.reports.events import EventKind as K
from core.reports.history_load import TaskNow, events_from_rows, task_events

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
NAMES = {"ana": 1, "bob": 2}


def h(hours: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_structured_rows_are_read_as_values() -> None:
    now = TaskNow(10, project_id=7, assignee_id=2, due_at=h(90))
    rows = [R(10, 1, h(0), "created", "created #1 x",
              {"project": 7, "assignee": 1, "due": h(48).isoformat()}),
            R(10, 1, h(1), "assigned", "assigned to bob", {"assignee": 2}),
            R(10, 1, h(2), "due", "due date removed", {"due": None}),
            R(10, 1, h(3), "blocked", "blocked by #2", {"by": 2}),
            R(10, 1, h(4), "unblocked", "unblocked: #2 closed", {"by": 2}),
            R(10, 2, h(5), "status", "done"),
            R(10, 2, h(6), "comment", "nice")]
    events = task_events(rows, now, NAMES)
    assert [e.kind for e in events] == [K.CREATED, K.ASSIGNED, K.DUE_CHANGED, K.BLOCKED,
                                        K.UNBLOCKED, K.DONE]
    assert (events[0].assignee, events[0].due, events[0].project) == (1, h(48), 7)
    assert events[1].assignee == 2 and events[2].due is None
    assert events[5].actor == 2


def test_a_task_without_change_rows_had_its_current_values_from_creation() -> None:
    now = TaskNow(10, project_id=7, assignee_id=2, due_at=h(90))
    [created] = task_events([R(10, 1, h(0), "created", "created #1 x")], now, NAMES)
    assert (created.project, created.assignee, created.due) == (7, 2, h(90))


def test_old_assignment_rows_map_names_and_the_last_one_is_the_current_assignee() -> None:
    now = TaskNow(10, project_id=None, assignee_id=1, due_at=None)
    rows = [R(10, 1, h(0), "created", "created #1 x"),
            R(10, 1, h(1), "assigned", "unassigned from Bob"),
            R(10, 1, h(2), "assigned", "taken by Nobody-we-know"),
            R(10, 1, h(3), "assigned", "assigned to bob"),
            R(10, 1, h(4), "assigned", "assigned to someone renamed since")]
    events = task_events(rows, now, NAMES)
    assert events[0].assignee == 2                  # "unassigned from Bob": Bob had it
    assert [e.assignee for e in events[1:]] == [None, None, 2, 1]


def test_old_due_rows_keep_the_last_as_the_current_due_and_skip_unreadable_ones() -> None:
    now = TaskNow(10, project_id=None, assignee_id=None, due_at=h(100))
    rows = [R(10, 1, h(0), "created", "created #1 x"),
            R(10, 1, h(1), "due", "due Fri 06 Mar 17:00 (UTC)"),
            R(10, 1, h(2), "due", "due date removed"),
            R(10, 1, h(3), "due", "due Mon 09 Mar 09:00 (Europe/Berlin)")]
    events = task_events(rows, now, NAMES)
    assert events[0].due is None                    # changed later: unknown at creation
    assert [(e.kind, e.due) for e in events[1:]] == [(K.DUE_CHANGED, None),
                                                     (K.DUE_CHANGED, h(100))]


def test_rows_of_tasks_outside_the_scope_are_ignored_and_bad_detail_is_tolerated() -> None:
    tasks = {10: TaskNow(10, 7, None, None)}
    rows = [R(11, 1, h(0), "created", "created #2 y"),
            R(10, 1, h(0), "created", "created #1 x",
              {"assignee": "not-an-id", "due": "yesterday"})]
    [created] = events_from_rows(rows, tasks, NAMES)
    assert created.task_id == 10 and created.assignee is None and created.due is None
