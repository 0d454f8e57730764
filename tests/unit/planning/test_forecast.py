"""The forward pass on hand-computed cases. Unless said otherwise: now = Monday 30 Nov 2026
09:00 UTC, everyone on 09:00-17:00 UTC, Monday to Friday (a day = 8 h)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.planning.calendar import WorkCalendar
from core.planning.forecast import forecast
from core.planning.model import Milestone, ProjectPlan
from tests.unit.planning.helpers import UTC, at, plan, task


def span(fc: object, tid: int) -> tuple[dt.datetime, dt.datetime]:
    f = fc.tasks[tid]  # type: ignore[attr-defined]
    return f.start, f.finish


def test_two_people_work_in_parallel() -> None:
    fc = forecast(plan(task(1, est="2d", assignee="ann"), task(2, est="1d", assignee="bob")))
    assert span(fc, 1) == (at(30, 9), at(1, 17))
    assert span(fc, 2) == (at(30, 9), at(30, 17))
    assert fc.projects["web"].finish == at(1, 17)
    assert fc.without_estimate == 0


def test_one_person_does_the_more_urgent_task_first() -> None:
    fc = forecast(plan(task(1, est="1d", assignee="ann"),
                       task(2, est="4h", assignee="ann", priority=2)))
    assert span(fc, 2) == (at(30, 9), at(30, 13))
    assert span(fc, 1) == (at(30, 13), at(1, 13))
    assert (fc.tasks[1].waits_for, fc.tasks[1].driver) == ("person", 2)


def test_urgency_order_in_progress_then_priority_then_due_then_id() -> None:
    fc = forecast(plan(
        task(1, est="1h", assignee="ann", priority=3),
        task(2, est="1h", assignee="ann", priority=0, in_progress=True),
        task(3, est="1h", assignee="ann", priority=1, due=at(9)),
        task(4, est="1h", assignee="ann", priority=1, due=at(8)),
        task(5, est="1h", assignee="ann", priority=1),
        task(6, est="1h", assignee="ann", priority=1)))
    assert fc.person_order["ann"] == (2, 1, 4, 3, 5, 6)
    assert [fc.tasks[i].start.hour for i in (2, 1, 4, 3, 5, 6)] == [9, 10, 11, 12, 13, 14]


def test_weekend() -> None:
    fc = forecast(plan(task(1, est="1d", assignee="ann"), now=at(4, 13)))  # Friday 13:00
    assert span(fc, 1) == (at(4, 13), at(7, 13))


def test_an_away_week_pushes_the_persons_work() -> None:
    ann = WorkCalendar(away=((at(7, 0), at(14, 0)),))
    fc = forecast(plan(task(1, est="1w", assignee="ann"), task(2, est="1d", assignee="ann"),
                       task(3, est="1d", assignee="bob"), calendars={"ann": ann}))
    assert span(fc, 1) == (at(30, 9), at(4, 17))
    assert span(fc, 2) == (at(14, 9), at(14, 17))
    assert span(fc, 3) == (at(30, 9), at(30, 17))  # bob is not away


def test_a_blocker_in_another_project() -> None:
    fc = forecast(plan(task(20, "api", est="2d", assignee="bob"),
                       task(10, "web", est="1d", assignee="ann", blockers=(20,))))
    assert span(fc, 10) == (at(2, 9), at(2, 17))  # Tue 17:00 -> Wed 09:00
    assert (fc.tasks[10].waits_for, fc.tasks[10].driver) == ("blocker", 20)
    assert fc.projects["web"].finish == at(2, 17)
    assert fc.projects["api"].finish == at(1, 17)


def test_a_person_waiting_on_a_blocker_does_smaller_work_meanwhile() -> None:
    fc = forecast(plan(task(2, est="2d", assignee="bob"),
                       task(1, est="1d", assignee="ann", priority=3, blockers=(2,)),
                       task(3, est="1d", assignee="ann", priority=0)))
    assert span(fc, 1) == (at(2, 9), at(2, 17))
    assert span(fc, 3) == (at(30, 9), at(30, 17))  # fits before task 1, delays nothing
    assert fc.person_order["ann"] == (3, 1)


def test_backfill_never_overlaps_and_takes_the_first_gap_that_fits() -> None:
    fc = forecast(plan(task(2, est="1d", assignee="bob"),
                       task(1, est="1d", assignee="ann", priority=3, blockers=(2,)),
                       task(3, est="2d", assignee="ann", priority=0),
                       task(4, est="4h", assignee="ann", priority=0)))
    # ann: gap Mon (1 d) before task 1 on Tue; task 3 (2 d) does not fit, goes after task 1
    assert span(fc, 1) == (at(1, 9), at(1, 17))
    assert span(fc, 3) == (at(2, 9), at(3, 17))
    assert (fc.tasks[3].waits_for, fc.tasks[3].driver) == ("person", 1)
    assert span(fc, 4) == (at(30, 9), at(30, 13))


def test_daylight_saving_in_the_persons_zone() -> None:
    ny = WorkCalendar(tz="America/New_York")
    # Fri 30 Oct 09:00 EDT = 13:00 UTC; 2 d = Friday, then Monday 2 Nov 09:00-17:00 EST
    now = dt.datetime(2026, 10, 30, 13, tzinfo=UTC)
    fc = forecast(plan(task(1, est="2d", assignee="ann"), calendars={"ann": ny}, now=now))
    assert span(fc, 1) == (now, dt.datetime(2026, 11, 2, 22, tzinfo=UTC))


def test_no_estimate_takes_the_projects_median_cycle_time() -> None:
    fc = forecast(plan(task(1, assignee="ann"), task(2, est="1h", assignee="bob"),
                       cycle_minutes={"web": (240.0, 480.0, 960.0)}))
    assert span(fc, 1) == (at(30, 9), at(30, 17))
    assert (fc.tasks[1].estimated, fc.tasks[2].estimated) == (False, True)
    assert fc.without_estimate == 1
    assert fc.projects["web"].without_estimate == 1
    even = forecast(plan(task(1, assignee="ann"), cycle_minutes={"web": (240.0, 480.0)}))
    assert even.tasks[1].finish == at(30, 15)  # median 6 h


def test_no_estimate_and_nothing_done_takes_one_working_day_of_the_person() -> None:
    short = WorkCalendar(start=dt.time(9), end=dt.time(15))
    fc = forecast(plan(task(1, assignee="ann"), calendars={"ann": short}))
    assert span(fc, 1) == (at(30, 9), at(30, 15))


def test_time_logged_is_taken_off_the_estimate() -> None:
    fc = forecast(plan(task(1, est="1d", logged="6h", assignee="ann"),
                       task(2, est="2h", logged="3h", assignee="bob")))
    assert span(fc, 1) == (at(30, 9), at(30, 11))
    assert span(fc, 2) == (at(30, 9), at(30, 9))  # over-logged: nothing left
    assert fc.tasks[2].minutes == 0


def test_unassigned_tasks_run_in_parallel() -> None:
    fc = forecast(plan(task(1, est="1d"), task(2, est="1d"), task(3, est="1d", blockers=(1,))))
    assert span(fc, 1) == span(fc, 2) == (at(30, 9), at(30, 17))
    assert span(fc, 3) == (at(1, 9), at(1, 17))


def test_a_blocker_missing_from_the_plan_is_done() -> None:
    fc = forecast(plan(task(1, est="1d", assignee="ann", blockers=(99, 1))))
    assert span(fc, 1) == (at(30, 9), at(30, 17))


def test_milestones_and_projects_finish_with_their_last_task() -> None:
    fc = forecast(plan(task(1, est="1d", assignee="ann", milestone="alpha"),
                       task(2, est="3d", assignee="bob", milestone="alpha"),
                       task(3, est="1d", assignee="ann", milestone="beta"),
                       milestones=(Milestone("web", "alpha", at(1, 17)),
                                   Milestone("web", "gamma", at(9, 17))),
                       projects=(ProjectPlan("web", target=at(4, 17)),)))
    alpha = fc.milestones[("web", "alpha")]
    assert (alpha.finish, alpha.open_tasks, alpha.late) == (at(2, 17), 2, True)
    assert fc.milestones[("web", "beta")].finish == at(1, 17)
    assert fc.milestones[("web", "beta")].due is None
    assert fc.milestones[("web", "gamma")].finish is None  # no open tasks
    assert fc.projects["web"].finish == at(2, 17)
    assert not fc.projects["web"].late


def test_an_empty_project() -> None:
    fc = forecast(plan(projects=(ProjectPlan("empty", target=at(4, 17)),)))
    p = fc.projects["empty"]
    assert (p.finish, p.open_tasks, p.late, fc.tasks) == (None, 0, False, {})


def test_a_cycle_does_not_hang() -> None:
    fc = forecast(plan(task(1, est="1d", assignee="ann", blockers=(2,)),
                       task(2, est="1d", assignee="bob", blockers=(1,)),
                       task(3, est="1d", assignee="cy", blockers=(3, 2))))
    assert fc.cycle_broken == (1,)
    assert span(fc, 1) == (at(30, 9), at(30, 17))
    assert span(fc, 2) == (at(1, 9), at(1, 17))
    assert span(fc, 3) == (at(2, 9), at(2, 17))


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        forecast(plan(task(1, est="1d"), now=dt.datetime(2026, 11, 30, 9)))
