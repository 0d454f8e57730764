"""Recurring tasks finished (or dropped) before the scheduler first saw them: the series
still starts and advances exactly once, also with two replicas ticking the same instant."""

from __future__ import annotations

import datetime as dt

from core.bus import ErrorReply
from core.commands import Context
from core.model import TenantKey
from core.ports import FixedClock
from tests.integration.scheduling.harness import WS, World, tick_together

UTC = dt.UTC


def tasks(w: World) -> list[tuple[int, str, dt.datetime | None]]:
    with w.uows() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", WS))
        found = uow.tasks.get_many(tenant.id, list(range(1, 20)))
    return [(n, t.status.value, t.due_at) for n, t in sorted(found.items())]


def test_done_before_the_first_tick_still_repeats_once(world: World) -> None:
    world.at(dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    world.run("ana", '/task add A every:daily due:"2026-11-23 17:00"')
    world.run("ana", "/task done #1")
    world.tick(dt.datetime(2026, 11, 25, 10, 2, tzinfo=UTC))  # down for two days
    world.tick(dt.datetime(2026, 11, 25, 10, 3, tzinfo=UTC))  # and a retried tick
    # past occurrences are skipped: exactly one new task, due today at the same time
    assert tasks(world) == [(1, "done", dt.datetime(2026, 11, 23, 17, 0, tzinfo=UTC)),
                            (2, "open", dt.datetime(2026, 11, 25, 17, 0, tzinfo=UTC))]
    world.run("ana", "/task done #2")
    world.tick(dt.datetime(2026, 11, 25, 11, 0, tzinfo=UTC))
    assert tasks(world)[-1] == (3, "open", dt.datetime(2026, 11, 26, 17, 0, tzinfo=UTC))


def test_dropped_before_the_first_tick_drops_that_occurrence_only(world: World) -> None:
    world.at(dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    world.run("ana", '/task add A every:daily due:"2026-11-23 17:00"')
    world.run("ana", "/task drop #1")
    world.tick(dt.datetime(2026, 11, 23, 10, 5, tzinfo=UTC))
    world.tick(dt.datetime(2026, 11, 23, 10, 6, tzinfo=UTC))
    assert tasks(world) == [(1, "dropped", dt.datetime(2026, 11, 23, 17, 0, tzinfo=UTC)),
                            (2, "open", dt.datetime(2026, 11, 24, 17, 0, tzinfo=UTC))]


def test_every_off_before_the_first_tick_never_starts_a_series(world: World) -> None:
    world.at(dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    world.run("ana", '/task add A every:daily due:"2026-11-23 17:00"')
    world.run("ana", "/task every #1 off")
    world.run("ana", "/task drop #1")
    for day in (23, 24, 25):
        world.tick(dt.datetime(2026, 11, day, 18, 0, tzinfo=UTC))
    assert [s for _, s, _ in tasks(world)] == ["dropped"]


def test_two_replicas_start_and_advance_a_done_task_once(world: World) -> None:
    world.at(dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    for i in range(5):
        world.run("ana", f'/task add R{i} every:weekdays due:"2026-11-23 17:00"')
        world.run("ana", f"/task done #{i + 1}")
    other = World(world.url, FixedClock(world.clock.now()))
    at = dt.datetime(2026, 11, 23, 10, 5, tzinfo=UTC)
    try:
        tick_together([world, other], at)
        other.ticker.tick(at)  # and each retried
        world.ticker.tick(at)
    finally:
        other.close()
    got = tasks(world)
    assert [s for _, s, _ in got] == ["done"] * 5 + ["open"] * 5
    assert {d for *_, d in got[5:]} == {dt.datetime(2026, 11, 24, 17, 0, tzinfo=UTC)}


def test_monthly_from_the_31st_keeps_to_the_month_end(world: World) -> None:
    world.at(dt.datetime(2026, 1, 20, 10, 0, tzinfo=UTC))
    world.run("ana", '/task add Invoices every:monthly due:"2026-01-31 17:00"')
    world.tick(dt.datetime(2026, 1, 20, 10, 5, tzinfo=UTC))
    world.run("ana", "/task done #1")  # done early: February's comes at once
    world.tick(dt.datetime(2026, 1, 20, 10, 10, tzinfo=UTC))
    # February's is left open: when its time passes, March's is created anyway
    world.tick(dt.datetime(2026, 2, 28, 17, 0, tzinfo=UTC))
    world.tick(dt.datetime(2026, 3, 31, 16, 0, tzinfo=UTC))
    world.run("ana", "/task done #3")
    world.tick(dt.datetime(2026, 3, 31, 16, 5, tzinfo=UTC))
    assert [d.date() for *_, d in tasks(world) if d is not None] == [
        dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31),
        dt.date(2026, 4, 30)]


def test_a_rule_firing_more_than_daily_is_refused_and_writes_nothing(world: World) -> None:
    ctx = Context(platform="console", workspace_id=WS, user_id="ana", channel_id="general")
    for text in ('add Ping every:"* * * * *"', "add Ping every:* * * * *",
                 'add Twice every:"0 9,17 * * *"'):
        refused = world.bus.run_text(ctx, "task", text)
        assert isinstance(refused, ErrorReply), text
        assert "more than once a day" in refused.reason
    world.tick(dt.datetime(2026, 3, 2, 6, 5, tzinfo=UTC))
    assert tasks(world) == []
