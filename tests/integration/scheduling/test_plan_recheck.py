"""A milestone back on track after a close (issue 15): the close itself forecasts
nothing; the tick that follows the task history finds the milestone's forecast back
within its due date and tells the project's owner once, even with two tickers (SQLite,
and PostgreSQL when TASKBOT_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import datetime as dt

from core.notifications import Notification
from core.ports import FixedClock
from core.results import Result
from tests.integration.scheduling.harness import World, tick_together

MON = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _text(result: Result) -> str:
    return str(getattr(result, "message", ""))


def _good_news(w: World) -> list[Notification]:
    return [n for n in w.sent() if "Good news" in n.text]


def _late_milestone(w: World) -> None:
    """ana owns launch; bob's two tasks push milestone beta past its due date."""
    w.at(MON)
    w.run("ana", "/project new launch")
    w.run("ana", "/project milestone launch beta due:2026-03-04")
    w.run("ana", "/task add Spec @bob project:launch milestone:beta estimate:2d")
    late = w.run("ana", "/task add Slides @bob project:launch estimate:2d priority:high")
    assert "Heads-up: milestone beta is forecast" in _text(late)
    w.tick(MON)
    w.take()


def test_the_tick_tells_the_owner_once_that_the_milestone_is_back(world: World) -> None:
    _late_milestone(world)
    closed = world.run("bob", "/task drop #2")
    assert "Heads-up" not in _text(closed)
    world.tick(MON + dt.timedelta(minutes=1))
    news = _good_news(world)
    assert [n.user_id for n in news] == ["ana"]
    assert news[0].text == ("Good news on launch: milestone beta is forecast to make its "
                            "due date again.")
    world.tick(MON + dt.timedelta(minutes=2))
    world.run("bob", "/task add Notes @bob project:launch estimate:1h")  # a later change
    world.tick(MON + dt.timedelta(minutes=3))
    assert len(_good_news(world)) == 1


def test_a_close_that_does_not_help_tells_nobody(world: World) -> None:
    _late_milestone(world)
    world.run("bob", "/task add Tiny @bob project:launch estimate:1h priority:low")
    world.run("bob", "/task done #3")  # bob's other work still holds beta up
    world.tick(MON + dt.timedelta(minutes=1))
    assert _good_news(world) == []


def test_two_tickers_tell_the_owner_once(world: World) -> None:
    _late_milestone(world)
    world.run("bob", "/task drop #2")
    other = World(world.url, FixedClock(world.clock.now()))
    try:
        at = MON + dt.timedelta(minutes=1)
        results = tick_together([world, other], at)
        assert sum(r.failures for r in results) == 0
        world.tick(at)  # deliver what either queued
        other.tick(at)
        assert len(_good_news(world) + _good_news(other)) == 1
    finally:
        other.close()
