"""The evaluator: which tasks of a small, hand-made board each query selects, and in what
order. Every case names the task numbers it expects."""

from __future__ import annotations

import datetime as dt

import pytest

from core.filters.evaluate import matches, select, sort_tasks
from core.filters.facts import TaskFacts
from core.filters.parse import parse_filter
from core.filters.query import Person
from core.model import Priority, Status

NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)  # a Monday
ME = Person(user_id="U1", name="me")
ANA = Person(user_id="U2", name="ana")
BOB = Person(name="Bob")


def days(n: float) -> dt.datetime:
    return NOW + dt.timedelta(days=n)


def task(number: int, title: str, **fields: object) -> TaskFacts:
    values: dict[str, object] = {"created": days(-10), "updated": days(-1), "assignee": ME}
    values.update(fields)
    return TaskFacts(number=number, title=title, **values)  # type: ignore[arg-type]


BOARD = [
    task(1, "Write the spec", project="launch", due=days(2), priority=Priority.HIGH,
         description="The Specification for the café"),
    task(2, "Review the spec", project="Launch", due=days(-1), blocked=True,
         assignee=ANA, milestone="beta"),
    task(3, "Ship it", project="launch", status=Status.IN_PROGRESS, due=days(4.6),
         priority=Priority.URGENT, assignee=BOB, updated=days(-20)),
    task(4, "Old idea", status=Status.DONE, done_at=days(-3), assignee=ANA,
         comments=("Crème brûlée recipe",)),
    task(5, "Dropped plan", status=Status.DROPPED, done_at=days(-30), assignee=None),
    task(6, "Unowned chore", assignee=None, priority=Priority.LOW, waiting=True,
         created=days(-40)),
    task(7, "E-mail the team", due=days(-9), milestone="Beta", created=days(-1)),
]


def numbers(text: str, me: Person = ME) -> list[int]:
    query = parse_filter(text, NOW, "UTC")
    page, total = select(query, BOARD, me=me, now=NOW, page_size=100)
    assert total == len(page)
    return [t.number for t in page]


@pytest.mark.parametrize(("text", "expected"), [
    ("", [7, 1]),  # mine, open; soonest due first
    ("all", [7, 2, 1, 3, 6]),
    ("unassigned", [6]),
    ("unassigned status:done,dropped", [5]),
    ("@ana", [2]),
    ("@ana,@bob", [2, 3]),
    ("@BOB", [3]),
    ("<@U2>", [2]),
    ("project:launch", [2, 1, 3]),  # a project means everyone's; names ignore case
    ("project:launch,nowhere mine", [1]),
    ("milestone:beta", [7, 2]),
    ("all status:in-progress", [3]),
    ("all status:blocked", [2]),
    ("all status:overdue", [7, 2]),
    ("all status:done", [4]),
    ("all status:dropped", [5]),
    ("all status:done,dropped", [4, 5]),
    ("all +blocked", [2]),
    ("all -blocked", [7, 1, 3, 6]),
    ("all +overdue", [7, 2]),
    ("all -overdue", [1, 3, 6]),
    ("all +waiting", [6]),
    ("all priority:high,urgent", [1, 3]),
    ("all priority>=high", [1, 3]),
    ("all priority>normal", [1, 3]),
    ("all priority<normal", [6]),
    ("all priority<=normal", [7, 2, 6]),
    ("all due<today", [7, 2]),
    ("all due:tomorrow", []),
    ("all due<=wed", [7, 2, 1]),  # wed is 2026-12-02, task 1 is due then
    ("all due>wed", [3]),
    ("all due:this-week", [1, 3]),  # Monday 30 Nov to Sunday 6 Dec (2 is due Sunday 29)
    ("all due:last-week", [2]),
    ("all due:none", [6]),
    ("all created>2026-11-25", [7]),
    ('all updated<"2 weeks ago"', [3]),
    ('all done>"last monday"', [4]),
    ("all done:none", [7, 2, 1, 3, 6]),
    ("all spec", [2, 1]),
    ("all SPEC", [2, 1]),
    ("all specif", [1]),  # a prefix of a word in the description
    ("all pec", []),  # whole words only: not inside one
    ("all cafe", [1]),  # accents fold
    ('all "creme brulee" status:done', [4]),  # a comment, a phrase
    ('all "brulee creme" status:done', []),  # a phrase keeps its order
    ("all e-mail", [7]),
    ("all email", []),
    ('all "the spec"', [2, 1]),
    ('all "the sp"', [2, 1]),  # the last word of a phrase may be a prefix
    ('all "th spec"', []),  # the others are whole words
    ("all spec review", [2]),  # words combine with AND
])
def test_selects(text: str, expected: list[int]) -> None:
    assert numbers(text) == expected


def test_mine_is_whoever_asks() -> None:
    assert numbers("", me=ANA) == [2]
    assert numbers("", me=Person(name="ANA")) == [2]  # by name, ignoring case


@pytest.mark.parametrize(("text", "expected"), [
    ("all sort:due", [7, 2, 1, 3, 6]),
    ("all sort:due-", [3, 1, 2, 7, 6]),  # no due date last either way
    ("all sort:priority", [3, 1, 2, 7, 6]),
    ("all sort:priority-", [6, 2, 7, 1, 3]),
    ("all sort:created", [7, 1, 2, 3, 6]),
    ("all sort:updated-", [3, 1, 2, 6, 7]),
    ("all sort:urgency", [3, 7, 1, 2, 6]),  # see test_urgency for the sums
    ("all sort:urgency-", [6, 2, 1, 7, 3]),
])
def test_sorts(text: str, expected: list[int]) -> None:
    assert numbers(text) == expected


def test_pages() -> None:
    query = parse_filter("all sort:due page:2", NOW)
    page, total = select(query, BOARD, me=ME, now=NOW, page_size=2)
    assert ([t.number for t in page], total) == ([1, 3], 5)
    beyond = parse_filter("all page:9", NOW)
    assert select(beyond, BOARD, me=ME, now=NOW, page_size=2) == ([], 5)


def test_ties_go_by_number_in_both_directions() -> None:
    same = [task(n, f"t{n}", due=days(1)) for n in (3, 1, 2)]
    for text in ("sort:due", "sort:due-", "sort:priority", "sort:created-"):
        ordered = sort_tasks(same, parse_filter(text, NOW).sort, now=NOW)
        assert [t.number for t in ordered] == [1, 2, 3]


def test_a_closed_task_is_neither_blocked_nor_overdue() -> None:
    closed = task(9, "x", status=Status.DONE, blocked=True, due=days(-5))
    for text in ("all status:done +blocked", "all status:done +overdue"):
        assert not matches(parse_filter(text, NOW), closed, me=ME, now=NOW)
    assert matches(parse_filter("all status:done -blocked -overdue", NOW), closed, me=ME,
                   now=NOW)
