"""Due-soon and overdue alerts, escalation, quiet hours and away, on a real database,
ticking every hour through whole days."""

from __future__ import annotations

import datetime as dt

from core.notifications import Kind, Notification
from core.ports import FixedClock
from tests.integration.scheduling.harness import World, steps

UTC = dt.UTC
HOUR = dt.timedelta(hours=1)
DM_KINDS = (Kind.DUE_SOON, Kind.OVERDUE, Kind.ESCALATION)


def run(w: World, start: dt.datetime, end: dt.datetime,
        kinds: tuple[Kind, ...] = DM_KINDS) -> list[tuple[str, str, dt.datetime, Notification]]:
    """(kind, user, when delivered, note) of the alert DMs delivered from start to end."""
    out: list[tuple[str, str, dt.datetime, Notification]] = []
    for t in steps(start, end, HOUR):
        w.tick(t)
        out.extend((n.kind.value, n.user_id or "", t, n) for n in w.take() if n.kind in kinds)
    return out


def test_overdue_waits_for_working_hours_repeats_daily_and_escalates_once(world: World) -> None:
    world.member_setup("bob", tz="America/New_York")
    world.run("ana", "/project new launch")
    # due Monday 03:00 in New York (08:00 UTC): nothing may reach bob at 3 a.m.
    world.run("ana", "/task add Fix the build @bob due:2026-03-02T03:00-05:00 project:launch")
    world.take()
    got = run(world, dt.datetime(2026, 3, 2, 7, 0, tzinfo=UTC),
              dt.datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    overdue = [(who, t) for kind, who, t, _ in got if kind == "overdue"]
    ny_nine = [dt.datetime(2026, 3, d, 14, 0, tzinfo=UTC) for d in (2, 3, 4, 5, 6)]
    # Mon (first DM at 09:00 New York), Tue..Fri one per working day, none on the weekend,
    # Mon 9 Mar at 09:00 EDT (13:00 UTC: New York changed clocks on 8 Mar)
    assert overdue == [("bob", t) for t in ny_nine] + [
        ("bob", dt.datetime(2026, 3, 9, 13, 0, tzinfo=UTC))]
    escalations = [(who, t, n.text) for kind, who, t, n in got if kind == "escalation"]
    assert escalations == [("ana", ny_nine[2], "Escalation in launch: @bob's #1 Fix the build "
                            "has been overdue for 2 working days")]
    assert [n.user_id for k, _, _, n in got if k == "due_soon"] == []
    first = next(n for k, _, _, n in got if k == "overdue")
    assert first.text.startswith("#1 Fix the build is overdue")
    # done: no more reminders
    world.run("bob", "/task done #1")
    assert run(world, dt.datetime(2026, 3, 10, 0, 0, tzinfo=UTC),
               dt.datetime(2026, 3, 11, 23, 0, tzinfo=UTC)) == []


def test_due_soon_settings_and_redating(world: World) -> None:
    world.run("ana", "/task add Report @bob due:2026-03-04T15:00Z")
    world.tick(dt.datetime(2026, 3, 2, 6, 30, tzinfo=UTC))  # #1's alerts are planned now
    world.run("bob", "/task reminders due-soon 4h")
    world.run("ana", "/task add Slides @bob due:2026-03-05T15:00Z")
    world.take()
    got = run(world, dt.datetime(2026, 3, 2, 7, 0, tzinfo=UTC),
              dt.datetime(2026, 3, 4, 16, 0, tzinfo=UTC))
    # #1 was planned with the default (the start of the working day before), #2 with bob's
    # 4 h (Thursday 11:00, after this window); #1 goes overdue at 15:00 on Wednesday
    assert [(k, n.task.number if n.task else 0, t) for k, _, t, n in got] == [
        ("due_soon", 1, dt.datetime(2026, 3, 3, 9, 0, tzinfo=UTC)),
        ("overdue", 1, dt.datetime(2026, 3, 4, 15, 0, tzinfo=UTC)),
    ]
    # re-dating #1 into the future stops the overdue reminders and starts afresh
    world.run("ana", "/task due #1 2026-03-06T12:00Z")
    world.tick(dt.datetime(2026, 3, 4, 16, 15, tzinfo=UTC))
    world.run("bob", "/task reminders due-soon off")
    world.run("ana", "/task due #2 2026-03-06T12:00Z")
    got = run(world, dt.datetime(2026, 3, 4, 17, 0, tzinfo=UTC),
              dt.datetime(2026, 3, 6, 12, 0, tzinfo=UTC))
    assert [(k, n.task.number if n.task else 0, t) for k, _, t, n in got] == [
        # planned (4 h before: 08:00, before bob's working hours) before he turned it off
        ("due_soon", 1, dt.datetime(2026, 3, 6, 9, 0, tzinfo=UTC)),
        ("overdue", 1, dt.datetime(2026, 3, 6, 12, 0, tzinfo=UTC)),
        ("overdue", 2, dt.datetime(2026, 3, 6, 12, 0, tzinfo=UTC)),
    ]


def test_away_holds_alerts_until_the_first_working_hour_back(world: World) -> None:
    world.run("ana", "/task add Taxes @bob due:2026-03-02T10:00Z")
    world.run("bob", "/task away until 2026-03-04T00:00Z")
    world.take()
    got = run(world, dt.datetime(2026, 3, 2, 7, 0, tzinfo=UTC),
              dt.datetime(2026, 3, 4, 12, 0, tzinfo=UTC))
    assert [(k, t) for k, _, t, _ in got] == [
        ("overdue", dt.datetime(2026, 3, 4, 9, 0, tzinfo=UTC))]
    world.run("bob", "/task away off")
    got = run(world, dt.datetime(2026, 3, 4, 13, 0, tzinfo=UTC),
              dt.datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    assert [(k, t) for k, _, t, _ in got] == [
        ("overdue", dt.datetime(2026, 3, 5, 9, 0, tzinfo=UTC))]


def test_working_hours_and_days_are_personal(world: World) -> None:
    world.run("bob", "/task reminders hours 07:00-11:00")
    world.run("bob", "/task reminders days tue,thu")
    world.run("ana", "/task add Review @bob due:2026-03-02T12:00Z")
    world.take()
    got = run(world, dt.datetime(2026, 3, 2, 7, 0, tzinfo=UTC),
              dt.datetime(2026, 3, 5, 12, 0, tzinfo=UTC))
    assert [(k, t) for k, _, t, _ in got] == [
        ("overdue", dt.datetime(2026, 3, 3, 7, 0, tzinfo=UTC)),
        ("overdue", dt.datetime(2026, 3, 5, 7, 0, tzinfo=UTC))]


def test_event_dms_keep_to_the_hours_of_people_who_set_them(schema_url: str) -> None:
    world = World(schema_url, FixedClock(dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC)))
    try:
        for name in ("ana", "bob", "cy"):
            world.member_setup(name, tz="Asia/Tokyo" if name == "bob" else None)
        world.run("bob", "/task reminders hours 09:00-18:00")  # bob chose his hours
        world.at(dt.datetime(2026, 3, 2, 18, 0, tzinfo=UTC))  # 03:00 in Tokyo
        world.run("ana", "/task add Call the bank @bob")
        world.run("ana", "/task add Book a room @cy")  # cy set nothing: told at once
        world.tick(dt.datetime(2026, 3, 2, 18, 1, tzinfo=UTC))  # (after the burst window)
        assert [n.user_id for n in world.take() if n.kind is Kind.ASSIGNED] == ["cy"]
        world.tick(dt.datetime(2026, 3, 2, 23, 59, tzinfo=UTC))  # 08:59 in Tokyo
        assert world.take() == []
        world.tick(dt.datetime(2026, 3, 3, 0, 0, tzinfo=UTC))  # 09:00 in Tokyo
        assert [(n.kind, n.user_id) for n in world.take()] == [(Kind.ASSIGNED, "bob")]
    finally:
        world.close()
