"""Outbox retention: once a day the scheduler deletes rows sent or dead for more than 30
days, keeps everything pending or recent, and two replicas ticking the same instant purge
once between them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from adapters.storage._sql import OUTBOX
from core.notifications import Kind, Notification
from core.ports import DeliveryOutcome, DeliveryStatus, FixedClock
from tests.integration.scheduling.harness import WS, World, tick_together

UTC = dt.UTC
DAY0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def states(w: World) -> Counter[str]:
    with w.engine.connect() as conn:
        return Counter(conn.execute(select(OUTBOX.c.state)).scalars())


def old_and_new_rows(w: World) -> None:
    """Day 0: two reminders sent, one refused for good (dead), one DM held for months
    (pending); day 21: one more sent."""
    w.notifier.script = lambda n: (DeliveryOutcome(DeliveryStatus.FAILED, error="gone")
                                   if "doomed" in n.text else DeliveryOutcome(DeliveryStatus.SENT))
    w.at(DAY0)
    for what in ("one", "two", "doomed"):
        w.run("ana", f"/task remind me {what} 2026-03-02 10:30")
    with w.uows() as uow:
        uow.outbox.add(Notification(kind=Kind.REMINDER, platform="console", workspace_id=WS,
                                    user_id="bob", text="held",
                                    not_before=DAY0 + dt.timedelta(days=90)), DAY0)
        uow.commit()
    w.tick(DAY0 + dt.timedelta(minutes=30))
    w.run("ana", "/task remind me later 2026-03-23 10:30")
    w.tick(DAY0 + dt.timedelta(days=21, minutes=30))
    assert states(w) == Counter({"sent": 3, "dead": 1, "pending": 1})


def test_old_sent_and_dead_rows_go_once_a_day(world: World) -> None:
    old_and_new_rows(world)
    world.ticker.purge_batch = 1  # one row per transaction: the batches run to the end
    month = DAY0 + dt.timedelta(days=31)
    assert world.tick(month).purged == 3
    assert states(world) == Counter({"sent": 1, "pending": 1})
    assert world.tick(month + dt.timedelta(hours=1)).purged == 0  # once that day
    assert world.tick(month + dt.timedelta(days=19)).purged == 0  # the recent one stays
    assert states(world) == Counter({"sent": 1, "pending": 1})


def test_two_replicas_purge_once_between_them(world: World) -> None:
    old_and_new_rows(world)
    other = World(world.url, FixedClock(world.clock.now()))
    try:
        results = tick_together([world, other], DAY0 + dt.timedelta(days=31))
    finally:
        other.close()
    assert sorted(r.purged for r in results) == [0, 3]
    assert states(world) == Counter({"sent": 1, "pending": 1})
