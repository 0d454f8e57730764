"""Slack and the critical path (now = Mon 30 Nov 2026 09:00 UTC, 8 h days, Mon-Fri)."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from core.planning.calendar import WorkCalendar, add_working
from core.planning.forecast import forecast
from core.planning.model import Forecast, Milestone, PlanInput, ProjectPlan
from core.planning.slack import critical_path, critical_paths, due_margins, slack, slack_to_due
from tests.bench.plan_bench import make_plan
from tests.unit.planning.helpers import at, plan, task


def test_slack_counts_working_time_to_what_a_task_holds_up() -> None:
    p = plan(task(20, "api", est="2d", assignee="bob"),
             task(10, "web", est="1d", assignee="ann", blockers=(20,)),
             task(11, "web", est="4h", assignee="ann"))
    fc = forecast(p)
    s = slack(p, fc)
    # 11 runs Mon 09-13; ann's next task (10) starts Wed 09:00: 4 h + Tue's 8 h
    assert s == {20: 0, 10: 0, 11: 720}


def test_a_milestone_limits_slack_before_the_project_does() -> None:
    p = plan(task(1, est="1d", milestone="m1"), task(2, est="2d", milestone="m1"),
             task(3, est="3d"))
    fc = forecast(p)
    assert slack(p, fc) == {1: 480, 2: 0, 3: 0}  # m1 ends Tue 17:00 with task 2
    without = plan(task(1, est="1d"), task(2, est="2d"), task(3, est="3d"))
    assert slack(without, forecast(without)) == {1: 960, 2: 480, 3: 0}


def test_the_critical_path_crosses_projects_with_dates() -> None:
    p = plan(task(20, "api", est="2d", assignee="bob"),
             task(10, "web", est="1d", assignee="ann", blockers=(20,)),
             task(11, "web", est="4h", assignee="ann"))
    path = critical_path(forecast(p), "web")
    assert [(s.id, s.project, s.start, s.finish, s.waits_for) for s in path] == [
        (20, "api", at(30, 9), at(1, 17), "now"),
        (10, "web", at(2, 9), at(2, 17), "blocker"),
    ]


def test_the_critical_path_follows_a_person_and_skips_the_weekend() -> None:
    p = plan(task(1, est="3d", assignee="ann", priority=2), task(2, est="3d", assignee="ann"),
             task(3, est="1d", assignee="bob"))
    path = critical_path(forecast(p), "web")
    assert [(s.id, s.start, s.finish, s.waits_for) for s in path] == [
        (1, at(30, 9), at(2, 17), "now"),
        (2, at(3, 9), at(7, 17), "person"),  # Thu, Fri, then Monday
    ]


def test_an_empty_project_has_no_critical_path() -> None:
    fc = forecast(plan(task(1, "other", est="1d")))
    assert critical_path(fc, "web") == []
    assert critical_paths(fc) == {"other": [critical_path(fc, "other")[0]]}


def _check_schedule(p: PlanInput, fc: Forecast) -> None:
    by_id = {t.id: t for t in p.tasks}
    for tid, f in fc.tasks.items():
        assert f.start >= p.now and f.finish >= f.start
        for b in by_id[tid].blockers:
            assert fc.tasks[b].finish <= f.start
    for ids in fc.person_order.values():
        spans = sorted((fc.tasks[i].start, fc.tasks[i].finish) for i in ids)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_on_one_calendar_the_critical_path_has_zero_slack(seed: int) -> None:
    p = dataclasses.replace(make_plan(tasks=300, people=12, edges=450, seed=seed),
                            calendars={})
    fc = forecast(p)
    s = slack(p, fc)
    path = critical_path(fc, "main")
    assert len(path) > 10 and path[-1].finish == fc.projects["main"].finish
    assert [s[step.id] for step in path] == [0] * len(path)
    assert all(v >= 0 for v in s.values())
    _check_schedule(p, fc)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_across_time_zones_each_step_starts_as_soon_as_the_one_before_ends(seed: int) -> None:
    """Slack on the path is only the night between two people's working days."""
    p = make_plan(tasks=300, people=12, edges=450, seed=seed)
    fc = forecast(p)
    s = slack(p, fc)
    path = critical_path(fc, "main")
    by_id = {t.id: t for t in p.tasks}
    assert path[0].waits_for == "now" and path[-1].finish == fc.projects["main"].finish
    for before, step in itertools.pairwise(path):
        cal = p.calendar_of(by_id[step.id].assignee)
        assert step.start == add_working(cal, before.finish, 0)
    assert all(s[step.id] < p.calendar_of(by_id[step.id].assignee).day_minutes
               for step in path)
    _check_schedule(p, fc)


def test_slack_to_due_dates_can_be_negative() -> None:
    chain = (task(20, est="2d", assignee="bob"),
             task(10, est="1d", assignee="ann", blockers=(20,), milestone="m"),
             task(11, est="1d", assignee="cy"))
    early = plan(*chain, milestones=(Milestone("web", "m", at(3, 17)),))
    # m due Thu 17:00, forecast Wed 17:00: one day to spare along the chain; no date
    # depends on task 11 (no milestone, no project target)
    fc = forecast(early)
    assert slack_to_due(early, fc) == {20: 480, 10: 480, 11: None}
    assert due_margins(fc, WorkCalendar()) == ({("web", "m"): 1}, {"web": None})
    late = plan(*chain, milestones=(Milestone("web", "m", at(3, 17)),),
                projects=(ProjectPlan("web", target=at(1, 17)),))
    fc = forecast(late)
    # target Tue 17:00: 10 (Wed) is a day late, so 20 had to end by Tue 09:00; 11 (Mon) is not
    assert slack_to_due(late, fc) == {20: -480, 10: -480, 11: 480}
    assert due_margins(fc, WorkCalendar())[1] == {"web": -1}


@pytest.mark.parametrize("seed", [3, 15])
def test_slack_of_some_tasks_is_their_slack_in_the_full_pass(seed: int) -> None:
    # `only` visits just what those tasks hold up: same numbers as the whole backward pass
    p = make_plan(tasks=400, people=12, edges=600, seed=seed)
    fc = forecast(p)
    full = slack(p, fc)
    path = critical_path(fc, "main")
    picks = [[s.id for s in path[-15:]], [s.id for s in path[:3]], sorted(fc.tasks)[::37],
             [fc.order[0]], []]
    for only in picks:
        assert slack(p, fc, only=only) == {i: full[i] for i in only}
