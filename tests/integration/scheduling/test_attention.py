"""Notifications that respect attention, on a real database (SQLite, and PostgreSQL when
TASKBOT_TEST_DATABASE_URL is set): batches per person, burst windows per actor, urgent
kinds at once, quiet hours, exactly once across replicas and restarts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from adapters.storage.attention_tables import HELD
from core.attention.items import summary_count, summary_items
from core.notifications import Kind, Notification
from core.ports import FixedClock
from core.results import Info
from tests.integration.scheduling.harness import World, tick_together

UTC = dt.UTC
MON = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday, in working hours (UTC)


@pytest.fixture
def team(world: World) -> Iterator[World]:
    world.at(MON)
    for i in range(1, 41):
        world.run("ana", f"/task add Task {i}")
    world.take()
    yield world


def to(w: World, who: str) -> list[Notification]:
    return [n for n in w.sent() if n.user_id == who]


def assign_spread(w: World, who: str, count: int, every: dt.timedelta,
                  start: dt.datetime = MON) -> None:
    """`count` assignments by ana, `every` apart, ticking (and delivering) after each."""
    for i in range(count):
        w.tick(start + i * every)
        w.run("ana", f"/task assign #{i + 1} @{who}")
    w.tick(start + count * every)


def held(w: World) -> int:
    with w.engine.connect() as conn:
        return len(conn.execute(select(HELD.c.id)).all())


def test_twenty_assignments_in_an_hour_are_one_dm_for_an_hourly_person(team: World) -> None:
    team.run("bob", "/task notify hourly")
    assign_spread(team, "bob", 20, dt.timedelta(minutes=2, seconds=30))  # 10:00-10:50
    assert to(team, "bob") == []
    assert held(team) == 20
    team.tick(MON + dt.timedelta(hours=1))  # 11:00: the hour boundary
    dms = to(team, "bob")
    assert len(dms) == 1 and dms[0].kind is Kind.SUMMARY
    assert summary_count(dms[0]) == 20
    assert [i.number for i in summary_items(dms[0])] == list(range(1, 21))
    assert dms[0].text.startswith("20 updates on your tasks:")
    assert held(team) == 0
    team.tick(MON + dt.timedelta(hours=2))
    assert len(to(team, "bob")) == 1


def test_twenty_assignments_over_an_hour_are_twenty_dms_for_an_immediate_person(
        team: World) -> None:
    assign_spread(team, "cy", 20, dt.timedelta(minutes=2, seconds=30))
    dms = to(team, "cy")
    assert len(dms) == 20
    assert all(n.kind is Kind.ASSIGNED for n in dms)
    assert [n.task.number for n in dms if n.task] == list(range(1, 21))


def test_a_burst_of_ten_changes_in_a_minute_is_one_dm(team: World) -> None:
    assign_spread(team, "dee", 10, dt.timedelta(seconds=5))  # 10:00:00-10:00:45
    assert to(team, "dee") == []  # the window is open until 10:01:00
    team.tick(MON + dt.timedelta(minutes=1))
    dms = to(team, "dee")
    assert len(dms) == 1 and dms[0].kind is Kind.SUMMARY
    assert summary_count(dms[0]) == 10
    assert dms[0].text.startswith("10 updates from ana:")


def test_bursts_are_per_actor(team: World) -> None:
    team.run("ana", "/task assign #1 @dee")
    team.run("bob", "/task comment #1 looks good")
    team.tick(MON + dt.timedelta(minutes=1))
    dms = to(team, "dee")
    assert sorted(n.kind for n in dms) == [Kind.ASSIGNED, Kind.COMMENTED]


def test_changes_to_your_task_are_told_and_coalesced(team: World) -> None:
    team.run("ana", "/task assign #1 @bob")
    team.run("ana", "/task due #1 2026-03-06")
    team.run("ana", '/task edit #1 title:"Renamed" priority:high')
    team.tick(MON + dt.timedelta(minutes=1))
    (dm,) = to(team, "bob")
    texts = [i.text for i in summary_items(dm)]
    assert texts[0] == "ana assigned you #1 Task 1"
    assert texts[1].startswith("ana changed #1 Task 1: due Fri")
    assert texts[2] == "ana changed #1 Renamed: title to “Renamed”; priority to high"


def test_unblocking_stays_immediate_for_a_batched_person(team: World) -> None:
    team.run("ana", "/task add Later @bob after:#1")  # task 41, waits for #1
    team.run("bob", "/task notify daily")
    team.tick(MON + dt.timedelta(minutes=1))  # the assignment DM (sent before daily)
    team.take()
    team.run("ana", "/task done #1")
    team.tick(MON + dt.timedelta(minutes=1, seconds=1))
    dms = to(team, "bob")
    assert [n.kind for n in dms] == [Kind.UNBLOCKED]


def test_daily_at_a_time_and_quiet_hours_still_apply(team: World) -> None:
    team.run("bob", "/task reminders hours 09:00-17:00")
    team.run("bob", "/task notify daily at 08:00")
    team.run("ana", "/task assign #1 @bob")
    team.tick(dt.datetime(2026, 3, 3, 8, 0, tzinfo=UTC))  # released, but before his hours
    assert to(team, "bob") == []
    team.tick(dt.datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    (dm,) = to(team, "bob")
    assert dm.kind is Kind.SUMMARY and summary_count(dm) == 1


def test_switching_back_to_immediate_releases_the_batch(team: World) -> None:
    team.run("bob", "/task notify daily")
    team.run("ana", "/task assign #1 @bob")
    team.run("ana", "/task assign #2 @bob")
    team.tick(MON + dt.timedelta(minutes=5))
    assert to(team, "bob") == []
    team.run("bob", "/task notify immediate")
    team.tick(MON + dt.timedelta(minutes=5, seconds=1))
    (dm,) = to(team, "bob")
    assert summary_count(dm) == 2


def test_notify_show_says_what_and_when(team: World) -> None:
    team.member_setup("bob", tz="Europe/Paris")
    team.run("bob", "/task notify hourly")
    team.run("ana", "/task assign #1 @bob")
    shown = team.run("bob", "/task notify show")
    assert isinstance(shown, Info)
    assert "Your notifications: hourly." in shown.message
    assert "Next summary: Mon 02 Mar 12:00 (Europe/Paris)." in shown.message  # 11:00 UTC
    assert "Waiting: 1 notification" in shown.message
    assert "Unblocked tasks, due-soon and overdue alerts, escalations and reminders come " \
           "at once" in shown.message


def test_two_tickers_release_a_batch_once(team: World) -> None:
    team.run("bob", "/task notify hourly")
    for i in range(1, 6):
        team.run("ana", f"/task assign #{i} @bob")
    other = World(team.url, FixedClock(team.clock.now()))
    try:
        eleven = MON + dt.timedelta(hours=1)
        results = tick_together([team, other], eleven)
        assert sum(r.failures for r in results) == 0
        assert sum(r.batches for r in results) >= 1
        team.tick(eleven)  # deliver (a third tick finds nothing left)
        other.tick(eleven)
        dms = to(team, "bob") + to(other, "bob")
        assert len(dms) == 1 and summary_count(dms[0]) == 5
        assert held(team) == 0
    finally:
        other.close()


def test_held_notes_survive_a_restart(team: World) -> None:
    team.run("bob", "/task notify hourly")
    team.run("ana", "/task assign #1 @bob")
    team.close()  # the process goes away with the note held in the database
    again = World(team.url, FixedClock(MON + dt.timedelta(hours=1)))
    try:
        again.tick()
        (dm,) = to(again, "bob")
        assert summary_count(dm) == 1
    finally:
        again.close()


def test_release_held_alone_sends_what_is_due(team: World) -> None:
    """The console's check after each line: only the held part of a tick."""
    team.run("ana", "/task assign #1 @bob")
    assert team.ticker.release_held(MON + dt.timedelta(seconds=59)) == 0
    assert team.ticker.release_held(MON + dt.timedelta(minutes=1)) == 1
    assert held(team) == 0
    team.tick(MON + dt.timedelta(minutes=1))
    assert [n.kind for n in to(team, "bob")] == [Kind.ASSIGNED]


def test_a_note_to_someone_who_left_goes_out_as_it_was(team: World) -> None:
    """A DM to a person the workspace does not know is not held (nothing to key it on)."""
    with team.uows() as uow:
        uow.outbox.add(Notification(kind=Kind.ASSIGNED, platform="console", workspace_id="W1",
                                    user_id="ghost", text="hello"), MON)
        uow.commit()
    assert held(team) == 0
    team.tick(MON)
    assert [n.user_id for n in team.sent()] == ["ghost"]


def test_back_early_brings_the_held_summary_forward(team: World) -> None:
    """Notes held for an hourly person who is away wait for the end of the away period;
    `/task away off` moves them to the next hour."""
    team.run("bob", "/task notify hourly")
    team.run("bob", "/task away until 2026-03-05")  # until Thursday
    for i in range(1, 4):
        team.run("ana", f"/task assign #{i} @bob")
    team.tick(MON + dt.timedelta(hours=1))
    assert to(team, "bob") == [] and held(team) == 3  # held past the away period
    team.at(MON + dt.timedelta(hours=1, minutes=10))
    back = team.run("bob", "/task away off")
    assert isinstance(back, Info)
    assert "Your held summary (3 notifications) goes out at" in back.message
    team.tick(MON + dt.timedelta(hours=1, minutes=59))
    assert to(team, "bob") == []
    team.tick(MON + dt.timedelta(hours=2))  # 12:00: the next hour boundary
    dms = to(team, "bob")
    assert len(dms) == 1 and summary_count(dms[0]) == 3
    assert held(team) == 0


def test_back_early_with_nothing_held_says_only_welcome_back(team: World) -> None:
    team.run("bob", "/task notify hourly")
    team.run("bob", "/task away until 2026-03-05")
    back = team.run("bob", "/task away off")
    assert isinstance(back, Info) and "held summary" not in back.message
    assert back.message.startswith("Welcome back")
