"""Stored history rows -> report events, and replay edge cases."""

from __future__ import annotations

import datetime as dt

from core.ports import HistoryRecord
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.events import from_record
from core.reports.facts import replay

AT = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def test_status_and_created_rows_map_to_events_and_the_rest_is_skipped() -> None:
    rows = [HistoryRecord(1, 5, AT, "created", "created #1 Write the spec"),
            HistoryRecord(1, 5, AT, "status", "started"),
            HistoryRecord(1, 5, AT, "status", "done"),
            HistoryRecord(1, 5, AT, "status", "reopened"),
            HistoryRecord(1, 5, AT, "status", "dropped"),
            HistoryRecord(1, 5, AT, "comment", "done"),
            HistoryRecord(1, 5, AT, "status", "in limbo")]
    kinds = [e.kind if (e := from_record(r)) else None for r in rows]
    assert kinds == [K.CREATED, K.STARTED, K.DONE, K.REOPENED, K.DROPPED, None, None]
    first = from_record(rows[0])
    assert first is not None and (first.task_id, first.actor, first.at) == (1, 5, AT)


def test_replay_orders_by_time_and_closes_blocked_spans_on_done() -> None:
    h = dt.timedelta(hours=1)
    facts = replay([E(1, K.DONE, AT + 5 * h), E(1, K.BLOCKED, AT + h), E(1, K.CREATED, AT),
                    E(1, K.BLOCKED, AT + 2 * h)])
    task = facts[1]
    assert task.state == "done" and task.blocked == [(AT + h, AT + 5 * h)]
    assert task.blocked_within(AT, AT + 10 * h) == 4 * h
    assert task.state_at(AT - h) is None and task.state_at(AT + h) == "open"


def test_a_dropped_task_reopened_and_done_counts_as_done() -> None:
    d = dt.timedelta(days=1)
    task = replay([E(1, K.CREATED, AT), E(1, K.DROPPED, AT + d), E(1, K.REOPENED, AT + 2 * d),
                   E(1, K.STARTED, AT + 3 * d), E(1, K.DONE, AT + 4 * d)])[1]
    assert task.dropped_at is None and task.done_at == AT + 4 * d
    assert task.lead_time() == 4 * d and task.cycle_time() == d


def test_history_without_a_created_row_starts_at_its_first_event() -> None:
    task = replay([E(1, K.STARTED, AT), E(1, K.DONE, AT + dt.timedelta(hours=3))])[1]
    assert task.created_at == AT and task.cycle_time() == dt.timedelta(hours=3)
