"""Baselines, variance, scope change and what-if (now = Mon 30 Nov 2026 09:00 UTC)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from core.planning.baseline import (
    Baseline,
    ScopeChange,
    describe_scope,
    open_scope,
    take_baseline,
    variance,
)
from core.planning.calendar import WorkCalendar
from core.planning.durations import parse_duration
from core.planning.forecast import forecast
from core.planning.model import Milestone
from core.planning.whatif import Redate, Shift, Slip, UnknownTask, what_if
from tests.unit.planning.helpers import at, plan, task

OFFICE = WorkCalendar()


def test_variance_and_scope_since_the_baseline() -> None:
    before = plan(task(1, est="1d", assignee="ann", milestone="alpha"),
                  task(2, est="2d", assignee="ann", milestone="alpha"),
                  task(3, est="1d", assignee="ann", milestone="beta"))
    base = take_baseline(forecast(before), "web", open_scope(before, "web"))
    assert (base.finish, base.milestones) == (at(3, 17), {"alpha": at(2, 17),
                                                          "beta": at(3, 17)})
    assert (base.task_count, base.estimate_days) == (3, 4)

    # task 1 dropped, task 2 now 4 d, task 4 (1 d) added to beta
    after = plan(task(2, est="4d", assignee="ann", milestone="alpha"),
                 task(3, est="1d", assignee="ann", milestone="beta"),
                 task(4, est="1d", assignee="ann", milestone="beta"),
                 milestones=(Milestone("web", "gamma"),))
    scope = open_scope(after, "web")
    v = variance(base, forecast(after), scope, OFFICE)
    assert v.project == 2                          # Thu 3 Dec -> Mon 7 Dec
    assert v.milestones == {"alpha": 1, "beta": 2, "gamma": None}
    assert v.tasks == {2: 1, 3: 1}
    assert v.scope == ScopeChange(added=(4,), dropped=(1,), estimate_days=2)
    assert describe_scope(v.scope, base.taken) == \
        "scope +1 -1 tasks, +2 d since the baseline of 30 Nov"


def test_describe_scope() -> None:
    base = Baseline("web", at(1), None, scope={1: 1.0})
    grown = {1: 1.0, **{i: 1.5 for i in range(2, 8)}}
    v = variance(base, forecast(plan()), grown, OFFICE)
    assert describe_scope(v.scope, base.taken) == "scope +6 tasks, +9 d since the baseline of 1 Dec"
    assert describe_scope(ScopeChange((), (5,), -0.5), at(1)) == \
        "scope -1 task, -0.5 d since the baseline of 1 Dec"
    assert describe_scope(ScopeChange((), (), 0), at(1)) == \
        "no scope change since the baseline of 1 Dec"


def test_scope_estimates_use_the_assignees_day() -> None:
    six = WorkCalendar(start=dt.time(9), end=dt.time(15))
    p = plan(task(1, est="1.5d", assignee="ann"), task(2, est="3h", assignee="ann"),
             task(3, assignee="bob"), task(4, "api", est="1d"), calendars={"ann": six})
    assert open_scope(p, "web") == {1: 1.5, 2: 0.5, 3: 0.0}


def _chain() -> object:
    return plan(task(20, est="2d", assignee="bob"),
                task(10, est="1d", assignee="ann", blockers=(20,), due=at(2, 17),
                     milestone="m"),
                milestones=(Milestone("web", "m", at(2, 17)),))


def test_what_if_a_blocker_slips_a_day() -> None:
    p = _chain()
    answer = what_if(p, Slip(20, parse_duration("1d")))  # type: ignore[arg-type]
    assert answer.shifts == (
        Shift("project", "web", at(2, 17), at(3, 17), 1),
        Shift("milestone", "web/m", at(2, 17), at(3, 17), 1),
        Shift("task", "#10", at(2, 17), at(3, 17), 1),
        Shift("task", "#20", at(1, 17), at(2, 17), 1),
    )
    assert answer.new_misses == ("milestone web/m", "task #10")
    assert p == _chain()  # nothing changed


def test_what_if_slip_on_a_task_without_estimate_adds_to_the_median() -> None:
    p = plan(task(1, assignee="ann"), cycle_minutes={"web": (240.0,)})
    answer = what_if(p, Slip(1, parse_duration("2h")))
    assert [(s.key, s.after) for s in answer.shifts] == [("web", at(30, 15)), ("#1", at(30, 15))]
    assert answer.forecast.tasks[1].estimated


def test_what_if_a_new_due_date_reorders_a_persons_work() -> None:
    p = plan(task(1, est="1d", assignee="ann"), task(2, est="1d", assignee="ann"))
    answer = what_if(p, Redate(2, at(30, 17)))
    assert answer.shifts == (Shift("task", "#1", at(30, 17), at(1, 17), 1),
                             Shift("task", "#2", at(1, 17), at(30, 17), -1))
    assert answer.new_misses == ()
    late = what_if(p, Redate(1, at(30, 12)))
    assert (late.shifts, late.new_misses) == ((), ("task #1",))


def test_what_if_an_unknown_task() -> None:
    with pytest.raises(UnknownTask):
        what_if(plan(task(1, est="1d")), Slip(9, parse_duration("1d")))


def test_a_baseline_of_an_empty_project() -> None:
    p = plan()
    base = take_baseline(forecast(p), "web", {})
    assert (base.finish, base.task_count) == (None, 0)
    v = variance(base, forecast(dataclasses.replace(p, tasks=(task(1, est="1d"),))),
                 {1: 1.0}, OFFICE)
    assert (v.project, v.scope.added) == (None, (1,))
