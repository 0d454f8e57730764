"""The urgency score of `/task next`: its parts as the docstring writes them, the order it
gives, the reasons, the deterministic ties, and the transitive count of waiting work."""

from __future__ import annotations

import datetime as dt

import pytest

from core.filters.facts import TaskFacts
from core.filters.urgency import due_factor, next_tasks, rank, score, waiting_on, why
from core.model import Priority, Status

NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)


def days(n: float) -> dt.datetime:
    return NOW + dt.timedelta(days=n)


def task(number: int, **fields: object) -> TaskFacts:
    values: dict[str, object] = {"created": NOW, "updated": NOW}
    values.update(fields)
    return TaskFacts(number=number, title=f"task {number}", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("due_in", "factor"), [
    (30, 0.2), (14, 0.2), (0, 0.2 + 0.8 * 14 / 21), (1, 0.2 + 0.8 * 13 / 21),
    (-7, 1.0), (-30, 1.0), (3.5, 0.2 + 0.8 * 10.5 / 21),
])
def test_due_factor(due_in: float, factor: float) -> None:
    assert due_factor(days(due_in), NOW) == pytest.approx(factor)


def test_the_parts_add_up_as_documented() -> None:
    busy = task(1, priority=Priority.HIGH, due=days(1), waits_on_it=2, critical=True,
                status=Status.IN_PROGRESS, created=days(-73))
    found = score(busy, NOW)
    assert dict(found.parts) == pytest.approx({
        "priority": 6.0, "due": 12 * (0.2 + 0.8 * 13 / 21), "waits": 6.0, "critical": 3.0,
        "in progress": 4.0, "age": 2 * 73 / 365})
    assert found.total == pytest.approx(sum(dict(found.parts).values()))
    # waiting work counts 3 each, up to 12; age at most 2; blocked takes 5 off
    assert dict(score(task(2, waits_on_it=9, created=days(-900)), NOW).parts) == {
        "priority": 2.0, "waits": 12.0, "age": 2.0}
    assert dict(score(task(3, blocked=True, priority=Priority.LOW), NOW).parts) == {
        "blocked": -5.0}


def test_ordering() -> None:
    tasks = [
        task(1),  # normal, nothing else: 2
        task(2, priority=Priority.URGENT),  # 9
        task(3, due=days(-8)),  # 2 + 12 = 14
        task(4, waits_on_it=4),  # 2 + 12 = 14, no due date: after 3
        task(5, status=Status.IN_PROGRESS, priority=Priority.LOW),  # 4
        task(6, due=days(20), priority=Priority.HIGH),  # 6 + 2.4 = 8.4
    ]
    assert [r.number for r in rank(tasks, NOW)] == [3, 4, 2, 6, 5, 1]


def test_ties_break_by_due_then_number() -> None:
    tied = [task(9), task(4), task(7, due=days(30)), task(8, due=days(20))]
    # same score (2 + 2.4 for both due dates beyond 14 days; 2 without): due first, then number
    assert [r.number for r in rank(tied, NOW)] == [8, 7, 4, 9]
    assert rank(list(reversed(tied)), NOW) == rank(tied, NOW)


def test_next_leaves_out_closed_and_blocked_work_and_keeps_five() -> None:
    tasks = [task(n, due=days(n)) for n in range(1, 9)]
    tasks += [task(20, status=Status.DONE, priority=Priority.URGENT),
              task(21, blocked=True, priority=Priority.URGENT, due=days(-10))]
    top = next_tasks(tasks, NOW)
    assert [r.number for r in top] == [1, 2, 3, 4, 5]
    assert top[0].score == round(score(tasks[0], NOW).total, 2)


@pytest.mark.parametrize(("fields", "reason"), [
    ({"waits_on_it": 4, "due": days(1)}, "blocks 4 · due tomorrow"),
    ({"due": days(0.2)}, "due today"),
    ({"due": days(-0.2)}, "overdue"),
    ({"due": days(-3)}, "overdue 3 days"),
    ({"due": days(-1)}, "overdue 1 day"),
    ({"due": days(5)}, "due in 5 days"),
    ({"due": days(40)}, "normal priority"),  # far away: not worth saying
    ({"priority": Priority.URGENT, "critical": True, "status": Status.IN_PROGRESS,
      "waits_on_it": 1}, "urgent · in progress · blocks 1"),
    ({"priority": Priority.HIGH, "created": days(-60)}, "high priority · open 60 days"),
    ({"priority": Priority.LOW}, "low priority"),
])
def test_why(fields: dict[str, object], reason: str) -> None:
    one = task(1, **fields)
    assert why(one, score(one, NOW), NOW) == reason


def test_why_reads_days_in_the_readers_zone() -> None:
    # due 03:00 UTC Tuesday: tomorrow in Lisbon, still today (Monday evening) in New York
    one = task(1, due=dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC))
    found = score(one, NOW)
    assert why(one, found, NOW, "Europe/Lisbon") == "due tomorrow"
    assert why(one, found, NOW, "America/New_York") == "due today"


def test_waiting_on_counts_open_work_transitively() -> None:
    # 1 blocks 2 and 3; 3 blocks 4; 4 blocks 5 (closed) which blocks 6; 7 blocks 1 (a cycle
    # through 1 is counted once and never loops)
    blocks = {1: [2, 3], 3: [4], 4: [5], 5: [6], 7: [1], 2: [7]}
    counts = waiting_on(blocks, active=[1, 2, 3, 4, 6, 7])
    assert counts[1] == 4  # 2, 3, 4 and 7 (through 2); not 5 (closed) nor 6 (behind 5)
    assert counts[3] == 1
    assert counts[4] == 0
    assert counts[6] == 0
    assert counts[7] == 4  # 1, 2, 3, 4
    assert 5 not in counts
