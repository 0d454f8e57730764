"""Replies of the project layer that keep a manager from a silent mistake: a milestone
marked reached by hand while tasks of it are open says how many stay open, and a target
or milestone date that has already passed is called out (both are still accepted)."""

from __future__ import annotations

from adapters.storage.uow import SqlUnitOfWorkFactory
from core.bus import CommandBus
from core.ports import FixedClock
from tests.integration.plan_talk import NOW, say


def test_reaching_a_milestone_with_open_tasks_says_they_stay_open(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = CommandBus(uow_factory, FixedClock(NOW))
    say(bus, "/project", "new launch")
    say(bus, "/project", "milestone launch beta due:2026-12-20")
    for title in ("Spec", "Build", "Test"):
        say(bus, "/task", f"add {title} project:launch milestone:beta")
    say(bus, "/task", "done #1")
    reached = say(bus, "/project", "milestone launch beta done")
    assert reached == ("Milestone beta of launch reached. 2 of its 3 tasks are still open; "
                       "those tasks stay open.")
    say(bus, "/project", "milestone launch gamma due:2026-12-24")
    say(bus, "/task", "add Ship project:launch milestone:gamma")
    say(bus, "/task", "done #4")
    assert say(bus, "/project", "milestone launch gamma done") == \
        "Milestone gamma of launch reached."
    say(bus, "/project", "milestone launch delta due:2026-12-26")
    say(bus, "/task", "add Party project:launch milestone:delta")
    assert say(bus, "/project", "milestone launch delta done") == (
        "Milestone delta of launch reached. Its one task is still open; the task stays open.")


def test_a_date_in_the_past_is_accepted_and_called_out(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = CommandBus(uow_factory, FixedClock(NOW))
    say(bus, "/project", "new launch")
    assert say(bus, "/project", "due launch 2026-11-20") == \
        "launch is now due Fri 20 Nov. That date has already passed."
    assert say(bus, "/project", "due launch 2026-12-18") == "launch is now due Fri 18 Dec."
    added = say(bus, "/project", "milestone launch beta due:2026-11-25")
    assert added.startswith("Added milestone beta to launch, due Wed 25 Nov (already passed).")
