"""The delivery worker against the SQL outbox store: a 429 storm and a crash in the middle
of a fan-out lose nothing and duplicate nothing (beyond the messages in flight at the
moment of a crash: at most the worker's concurrency, as the README documents)."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections import Counter

import pytest
from sqlalchemy.orm import Session, sessionmaker

from adapters.storage.outbox import SqlOutboxStore
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.delivery import DeliveryWorker
from core.notifications import Kind, Notification
from core.ports import DeliveryOutcome, DeliveryStatus, FixedClock, OutboxState
from tests.fakes_outbox import RecordingNotifier

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def queue(uows: SqlUnitOfWorkFactory, n: int, destinations: int) -> None:
    with uows() as uow:
        for i in range(n):
            d = i % destinations
            note = Notification(kind=Kind.ASSIGNED, platform="console", workspace_id="W",
                                text=f"m{i}", user_id=f"u{d}" if d % 2 else None,
                                channel_id=None if d % 2 else f"c{d}", dedupe_key=f"k{i}")
            assert uow.outbox.add(note, T0)
        uow.commit()


def states(store: SqlOutboxStore) -> Counter[str]:
    return Counter(i.state.value for s in OutboxState
                   for i in store.recent("console", "W", s, limit=10_000))


def test_a_429_storm_loses_and_duplicates_nothing(
        uow_factory: SqlUnitOfWorkFactory, session_factory: sessionmaker[Session]) -> None:
    queue(uow_factory, 150, 15)
    store, clock = SqlOutboxStore(session_factory), FixedClock(T0)
    rng = random.Random(3)

    def storm(n: Notification) -> DeliveryOutcome:
        if rng.random() < 0.6:
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=rng.choice([1, 2, 5]),
                                   error="429 Too Many Requests")
        return DeliveryOutcome(DeliveryStatus.SENT)

    platform = RecordingNotifier(script=storm)
    worker = DeliveryWorker(store, {"console": platform}, clock, "w1", batch_size=50)
    for _ in range(500):
        asyncio.run(worker.drain(max_batches=10))
        if len(platform.sent) >= 150:
            break
        clock.set(clock.now() + dt.timedelta(seconds=1))
    got = Counter(n.text for n in platform.sent)
    assert len(got) == 150 and set(got.values()) == {1}
    assert states(store) == Counter({"sent": 150})
    assert len(platform.calls) > 300  # it really was a storm


class Crash(BaseException):
    """The process dying: nothing inside the worker catches it."""


@pytest.mark.parametrize("after_platform", [False, True])
def test_a_crash_mid_fan_out_resends_only_the_unconfirmed(
        uow_factory: SqlUnitOfWorkFactory, session_factory: sessionmaker[Session],
        after_platform: bool) -> None:
    """The crash hits before the platform accepted message 30, or after it accepted it but
    before the worker recorded it: then, and only then, that one message goes out twice."""
    queue(uow_factory, 100, 100)
    store, clock = SqlOutboxStore(session_factory), FixedClock(T0)
    accepted: list[str] = []
    budget = {"n": 30}
    crashed: list[str] = []

    class Dying(RecordingNotifier):
        async def deliver(self, note: Notification) -> DeliveryOutcome:
            if budget["n"] == 0:
                if after_platform and not crashed:  # the one message in flight
                    accepted.append(note.text)
                crashed.append(note.text)
                raise Crash
            budget["n"] -= 1
            accepted.append(note.text)
            return DeliveryOutcome(DeliveryStatus.SENT, message_ref=note.text)

    first = DeliveryWorker(store, {"console": Dying()}, clock, "dies", concurrency=1)
    with pytest.raises(Crash):
        asyncio.run(first.drain())
    # the restarted process: rows the dead worker held come back when their lease ends
    clock.set(T0 + dt.timedelta(minutes=1))
    second = RecordingNotifier()
    restarted = DeliveryWorker(store, {"console": second}, clock, "restarted")
    asyncio.run(restarted.drain())
    clock.set(T0 + dt.timedelta(minutes=3))
    asyncio.run(restarted.drain())
    everything = Counter(accepted + [n.text for n in second.sent])
    assert set(everything) == {f"m{i}" for i in range(100)}
    duplicates = [t for t, c in everything.items() if c > 1]
    assert len(duplicates) == (1 if after_platform else 0)
    assert states(store) == Counter({"sent": 100})
