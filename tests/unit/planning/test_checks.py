"""Early-warning checks (now = Mon 30 Nov 2026 09:00 UTC, 8 h days)."""

from __future__ import annotations

from core.planning.checks import (
    LateBlocker,
    LateMilestone,
    LateTask,
    blockers_due_after,
    late_blockers,
    late_milestones,
    late_tasks,
)
from core.planning.forecast import forecast
from core.planning.model import Milestone
from tests.unit.planning.helpers import at, plan, task


def test_a_blocker_due_after_its_dependant() -> None:
    tasks = [task(1, due=at(4, 17)), task(2, due=at(2, 17), blockers=(1, 3, 99)),
             task(3), task(4, blockers=(1,))]
    assert late_blockers(tasks) == [LateBlocker(1, 2, at(4, 17), at(2, 17))]
    by_id = {t.id: t for t in tasks}
    assert blockers_due_after(by_id[4], by_id) == []  # no due date of its own


def test_tasks_and_milestones_forecast_past_their_due() -> None:
    p = plan(task(1, est="2d", assignee="ann", due=at(30, 17), milestone="m"),
             task(2, est="1d", assignee="bob", due=at(1, 17), milestone="n"),
             milestones=(Milestone("web", "m", at(1, 12)), Milestone("web", "n", at(1, 17)),
                         Milestone("web", "empty", at(30, 10))))
    fc = forecast(p)
    assert late_tasks(p.tasks, fc) == [LateTask(1, at(30, 17), at(1, 17))]
    assert late_milestones(fc) == [LateMilestone(("web", "m"), at(1, 12), at(1, 17))]


def test_a_milestone_marked_reached_is_not_at_risk() -> None:
    p = plan(task(1, est="2d", assignee="ann", milestone="m"),
             milestones=(Milestone("web", "m", at(1, 12), done=True),))
    fc = forecast(p)
    reached = fc.milestones[("web", "m")]
    assert reached.done and reached.finish == at(1, 17) and not reached.late
    assert late_milestones(fc) == []
