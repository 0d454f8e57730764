"""The daily milestone watch (issue 15): a milestone that slips with no command at all
(time passes, the work does not get done) is found by the first tick of the day, and
the project's owner is told once, even with two tickers; only projects not archived with
an open, dated milestone are forecast (SQLite, and PostgreSQL when
TASKBOT_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import datetime as dt

from core.model import Role
from core.notifications import Notification
from core.ports import FixedClock
from core.results import Result
from tests.integration.scheduling.harness import World, tick_together

MON = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TUE_NIGHT = dt.datetime(2026, 3, 3, 0, 5, tzinfo=dt.UTC)
WED_NIGHT = TUE_NIGHT + dt.timedelta(days=1)


def _text(result: Result) -> str:
    return str(getattr(result, "message", ""))


def _heads_up(notes: list[Notification]) -> list[Notification]:
    return [n for n in notes if n.text.startswith(("Heads-up on", "Good news on"))]


def _on_time_on_monday(w: World) -> None:
    """ana owns launch; bob's 2-day task in milestone beta (due Tuesday 17:00) starts
    Monday 09:00 and is forecast to finish just in time."""
    w.at(MON)
    w.run("ana", "/project new launch")
    w.run("ana", "/project milestone launch beta due:2026-03-03")
    added = w.run("ana", "/task add Spec @bob project:launch milestone:beta estimate:2d")
    assert "Heads-up" not in _text(added)
    w.run("ana", "/project new side")  # an undated milestone: nothing to be late for
    w.run("ana", "/project milestone side someday due:none")
    w.run("ana", "/task add Idea @bob project:side milestone:someday estimate:5d")
    w.tick(MON)
    assert _heads_up(w.take()) == []


def test_a_milestone_that_slips_with_time_is_told_once(world: World) -> None:
    w = world
    _on_time_on_monday(w)
    w.tick(TUE_NIGHT)  # nobody worked on Monday: Spec now takes Tuesday and Wednesday
    [told] = _heads_up(w.take())
    assert told.user_id == "ana"
    assert told.text == ("Heads-up on launch: milestone beta is forecast Wed 4 Mar, after "
                         "its due date Tue 3 Mar.")
    w.tick(TUE_NIGHT + dt.timedelta(minutes=1))  # the same day: the watch ran already
    assert _heads_up(w.take()) == []
    w.run("bob", "/task log #1 15h")  # most of the work was done after all: on time again
    w.tick(TUE_NIGHT + dt.timedelta(minutes=2))  # (delivers what the command queued)
    [back] = _heads_up(w.take())
    assert back.text == ("Good news on launch: milestone beta is forecast to make its due "
                         "date again.")


def test_a_milestone_finished_late_is_not_called_back_on_track(world: World) -> None:
    w = world
    _on_time_on_monday(w)
    w.tick(TUE_NIGHT)
    assert len(_heads_up(w.take())) == 1
    w.at(WED_NIGHT + dt.timedelta(hours=9))
    w.run("bob", "/task done #1")  # a day late: the channel hears it was reached
    w.tick(WED_NIGHT + dt.timedelta(hours=9, minutes=1))
    notes = w.take()
    assert _heads_up(notes) == []
    assert any(n.text.startswith("Milestone beta of launch reached") for n in notes)
    w.tick(WED_NIGHT + dt.timedelta(days=1))  # the next day's watch: nothing left open
    assert _heads_up(w.take()) == []


def _watched(w: World) -> list[str]:
    with w.uows() as uow:
        ids = uow.plans.projects_with_open_milestones(0, 10)
        return sorted(p.name for p in uow.projects.get_many(ids).values())


def test_only_dated_open_milestones_of_live_projects_are_watched(world: World) -> None:
    w = world
    _on_time_on_monday(w)
    assert _watched(w) == ["launch"]  # side's milestone has no date
    w.run("ana", "/project archive launch")
    assert _watched(w) == []
    w.tick(TUE_NIGHT)
    assert _heads_up(w.take()) == []


def test_two_tickers_watch_once(world: World) -> None:
    _on_time_on_monday(world)
    other = World(world.url, FixedClock(world.clock.now()))
    try:
        results = tick_together([world, other], TUE_NIGHT)
        assert sum(r.failures for r in results) == 0
        world.tick(TUE_NIGHT)  # deliver what either queued
        other.tick(TUE_NIGHT)
        assert len(_heads_up(world.take()) + _heads_up(other.take())) == 1
    finally:
        other.close()


def test_a_milestone_marked_reached_by_hand_is_neither_late_nor_back(world: World) -> None:
    w = world
    _on_time_on_monday(w)
    w.run("ana", "/project due launch 2026-03-31")  # still planned once beta is reached
    w.member_setup("mo", role=Role.MANAGER)
    w.tick(TUE_NIGHT)
    assert len(_heads_up(w.take())) == 1
    reached = w.run("mo", "/project milestone launch beta done")  # its task stays open
    assert "Heads-up" not in _text(reached)
    w.tick(TUE_NIGHT + dt.timedelta(minutes=1))
    w.tick(WED_NIGHT)
    assert _heads_up(w.take()) == []  # no "back on track" for ana, no new warning
