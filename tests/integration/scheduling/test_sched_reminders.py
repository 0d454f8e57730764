"""Personal reminders (with Snooze and Done) and recurring tasks on a real database."""

from __future__ import annotations

import datetime as dt
import re

from core.bus import ErrorReply
from core.commands import Context
from core.model import TenantKey
from core.notifications import Kind
from tests.integration.scheduling.harness import WS, World, steps

UTC = dt.UTC


def reminders(w: World) -> list[tuple[str, str, int]]:
    return [(n.user_id or "", n.text, int(n.extra["reminder_id"]))
            for n in w.take() if n.kind is Kind.REMINDER]


def test_remind_me_snooze_and_done(world: World) -> None:
    world.at(dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    world.run("ana", "/task remind me call the printer guy in 2 hours")
    world.tick(dt.datetime(2026, 3, 2, 11, 59, tzinfo=UTC))
    assert reminders(world) == []
    world.tick(dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    ((who, text, rid),) = reminders(world)
    assert (who, text) == ("ana", "Reminder: call the printer guy")
    world.tick(dt.datetime(2026, 3, 2, 12, 30, tzinfo=UTC))
    assert reminders(world) == []  # once
    world.run("ana", f"/task remind snooze {rid} 1h")
    world.tick(dt.datetime(2026, 3, 2, 13, 40, tzinfo=UTC))
    assert [t for _, t, _ in reminders(world)] == ["Reminder: call the printer guy"]
    world.run("ana", f"/task remind snooze {rid} tomorrow")
    world.tick(dt.datetime(2026, 3, 2, 17, 0, tzinfo=UTC))
    assert reminders(world) == []
    world.tick(dt.datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    assert len(reminders(world)) == 1
    world.run("ana", f"/task remind done {rid}")
    world.tick(dt.datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    assert reminders(world) == []
    # someone else's reminder is not yours to snooze
    ctx = Context(platform="console", workspace_id=WS, user_id="bob", channel_id="general")
    refused = world.bus.run_text(ctx, "task", f"remind snooze {rid}")
    assert isinstance(refused, ErrorReply) and "no reminder" in refused.reason


def test_task_reminder_in_quiet_hours_waits(world: World) -> None:
    world.member_setup("bob", tz="Asia/Tokyo")
    world.run("ana", "/task add Renew the certificate @bob")
    world.take()
    world.at(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # 18:00 in Tokyo
    world.run("bob", "/task remind #1 in 9 hours")  # 03:00 Tokyo
    for t in steps(dt.datetime(2026, 3, 2, 17, 0, tzinfo=UTC),
                   dt.datetime(2026, 3, 2, 23, 30, tzinfo=UTC), dt.timedelta(minutes=30)):
        world.tick(t)
        assert reminders(world) == [], t
    world.tick(dt.datetime(2026, 3, 3, 0, 0, tzinfo=UTC))  # 09:00 Tokyo
    got = reminders(world)
    assert [(w, t) for w, t, _ in got] == [("bob", "Reminder: #1 Renew the certificate")]


def occurrences(w: World) -> list[tuple[int, str, str, dt.datetime | None]]:
    with w.uows() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", WS))
        found = uow.tasks.get_many(tenant.id, list(range(1, 50)))
    return [(n, t.title, t.status.value, t.due_at) for n, t in sorted(found.items())]


def test_recurring_task_done_early_and_left_open(world: World) -> None:
    world.at(dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC))  # Monday
    world.run("ana", "/task add Standup notes @bob every:weekdays due:today")
    world.tick(dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC))
    world.run("bob", "/task done #1")
    world.tick(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    world.tick(dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # a retried tick changes nothing
    tasks = occurrences(world)
    assert [(n, s) for n, _, s, _ in tasks] == [(1, "done"), (2, "open")]
    assert tasks[1][3] == dt.datetime(2026, 3, 3, 17, 0, tzinfo=UTC)  # Tuesday, same time
    # #2 is left open: when its time comes, Wednesday's is created anyway, once
    for t in steps(dt.datetime(2026, 3, 3, 16, 0, tzinfo=UTC),
                   dt.datetime(2026, 3, 3, 19, 0, tzinfo=UTC), dt.timedelta(minutes=30)):
        world.tick(t)
    tasks = occurrences(world)
    assert [(n, s) for n, _, s, _ in tasks] == [(1, "done"), (2, "open"), (3, "open")]
    assert tasks[2][3] == dt.datetime(2026, 3, 4, 17, 0, tzinfo=UTC)
    # finishing the old one later does not create another; Friday's comes after Thursday's
    world.run("bob", "/task done #2")
    world.tick(dt.datetime(2026, 3, 3, 20, 0, tzinfo=UTC))
    assert len(occurrences(world)) == 3
    world.run("bob", "/task done #3")
    world.tick(dt.datetime(2026, 3, 3, 20, 30, tzinfo=UTC))
    assert [d for *_, d in occurrences(world)][-1] == dt.datetime(2026, 3, 5, 17, 0, tzinfo=UTC)
    # dropping the current one drops that occurrence only: Friday's still comes
    world.run("bob", "/task drop #4")
    world.tick(dt.datetime(2026, 3, 3, 21, 0, tzinfo=UTC))
    assert [d for *_, d in occurrences(world)][-1] == dt.datetime(2026, 3, 6, 17, 0, tzinfo=UTC)
    # `/task every #5 off` ends the series: no more occurrences, however long we wait
    world.run("bob", "/task every #5 off")
    for t in steps(dt.datetime(2026, 3, 5, 16, 0, tzinfo=UTC),
                   dt.datetime(2026, 3, 9, 18, 0, tzinfo=UTC), dt.timedelta(hours=6)):
        world.tick(t)
    assert len(occurrences(world)) == 5


def test_recurring_cron_rule_without_a_due_date(world: World) -> None:
    world.member_setup("ana", tz="Europe/Lisbon")
    world.at(dt.datetime(2026, 3, 27, 12, 0, tzinfo=UTC))  # a Friday; Lisbon changes on 29th
    world.run("ana", "/task add Backups check every:0 9 * * 1")
    world.tick(dt.datetime(2026, 3, 27, 12, 5, tzinfo=UTC))
    ((_, _, _, due),) = occurrences(world)
    assert due == dt.datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 WEST
    world.run("ana", "/task done #1")
    world.tick(dt.datetime(2026, 3, 27, 12, 10, tzinfo=UTC))
    assert occurrences(world)[-1][3] == dt.datetime(2026, 4, 6, 8, 0, tzinfo=UTC)


def test_snoozing_a_snoozed_reminder_moves_it_and_it_fires_once(world: World) -> None:
    """The issue's rule: `/task remind snooze 2 tomorrow` on a reminder that is already
    snoozed (or has not gone off yet) changes its time; it still fires once."""
    world.at(dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    world.run("ana", "/task remind me stretch in 1 hour")
    world.tick(dt.datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
    ((_, _, rid),) = reminders(world)
    world.at(dt.datetime(2026, 3, 2, 11, 5, tzinfo=UTC))
    world.run("ana", f"/task remind snooze {rid} 1h")
    world.at(dt.datetime(2026, 3, 2, 11, 30, tzinfo=UTC))
    again = world.run("ana", f"/task remind snooze {rid} 1h")
    said = getattr(again, "message", "")
    assert "Snoozed until" in said and "12:30" in said
    world.tick(dt.datetime(2026, 3, 2, 12, 5, tzinfo=UTC))
    assert reminders(world) == []  # not at the first snooze's time any more
    world.tick(dt.datetime(2026, 3, 2, 12, 30, tzinfo=UTC))
    world.tick(dt.datetime(2026, 3, 2, 12, 31, tzinfo=UTC))
    assert len(reminders(world)) == 1


def test_confirmations_say_when_quiet_hours_or_away_move_the_reminder(world: World) -> None:
    world.member_setup("bob", tz="Asia/Tokyo")
    world.at(dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC))  # Monday 10:00 in Tokyo
    said = getattr(world.run("bob", "/task remind me stretch in 10 hours"), "message", "")
    assert said.startswith("I'll remind you Tue 03 Mar 09:00 (Asia/Tokyo): stretch (Mon 02 "
                           "Mar 20:00 (Asia/Tokyo) is held: outside your working hours")
    world.run("bob", "/task away until wed 12:00")
    said = getattr(world.run("bob", "/task remind me call in 2 hours"), "message", "")
    assert re.fullmatch(re.escape("I'll remind you Wed 04 Mar 12:00 (Asia/Tokyo): call (Mon "
                                  "02 Mar 12:00 (Asia/Tokyo) is held: you're away then) "
                                  "(reminder ") + r"\d+; /task reminders list shows yours\)\.",
                        said), said
    world.tick(dt.datetime(2026, 3, 4, 2, 59, tzinfo=UTC))
    assert reminders(world) == []
    world.tick(dt.datetime(2026, 3, 4, 3, 0, tzinfo=UTC))  # Wednesday 12:00 in Tokyo
    assert sorted(t for _, t, _ in reminders(world)) == ["Reminder: call", "Reminder: stretch"]
