"""The outbox delivery worker against an in-memory store and recording notifiers."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections import Counter

import pytest

from core.delivery import UNREACHABLE_MARK, DeliveryWorker
from core.notifications import Kind, Notification
from core.ports import DeliveryOutcome, DeliveryStatus, FixedClock, OutboxState
from tests.fakes_outbox import InMemoryOutboxStore, RecordingNotifier

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def note(text: str, *, user: str | None = None, channel: str | None = None,
         fallback: str | None = None, key: str | None = None) -> Notification:
    return Notification(kind=Kind.ASSIGNED, platform="console", workspace_id="w", text=text,
                        user_id=user, channel_id=channel, fallback_channel_id=fallback,
                        dedupe_key=key)


def worker(store: InMemoryOutboxStore, notifier: RecordingNotifier, clock: FixedClock,
           **kw: object) -> DeliveryWorker:
    return DeliveryWorker(store, {"console": notifier}, clock, "w1",
                          rng=random.Random(7), **kw)  # type: ignore[arg-type]


def test_sends_and_records_the_platform_message_id() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    store.add(note("hello", user="ana"), T0)
    store.add(note("hi all", channel="general"), T0)
    rec = RecordingNotifier()
    assert asyncio.run(worker(store, rec, clock).drain_once()) == 2
    assert [n.text for n in rec.sent] == ["hello", "hi all"]
    assert sorted(r.message_ref or "" for r in store.in_state(OutboxState.SENT)) == ["m1", "m2"]
    assert asyncio.run(worker(store, rec, clock).drain_once()) == 0


def test_retry_after_is_honoured_exactly_and_later_rows_of_the_channel_wait() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    for i in range(3):
        store.add(note(f"c{i}", channel="general"), T0)
    store.add(note("other", channel="random"), T0)
    limited = {"n": 1}

    def script(n: Notification) -> DeliveryOutcome:
        if n.channel_id == "general" and limited["n"] > 0:
            limited["n"] -= 1
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=1.5, error="429")
        return DeliveryOutcome(DeliveryStatus.SENT)

    rec = RecordingNotifier(script=script)
    w = worker(store, rec, clock)
    asyncio.run(w.drain_once())
    assert [n.text for n in rec.sent] == ["other"]
    waiting = store.in_state(OutboxState.PENDING)
    assert {r.next_at for r in waiting} == {T0 + dt.timedelta(seconds=1.5)}
    clock.set(T0 + dt.timedelta(seconds=1))
    assert asyncio.run(w.drain_once()) == 0  # not before Retry-After
    clock.set(T0 + dt.timedelta(seconds=1.5))
    asyncio.run(w.drain_once())
    assert [n.text for n in rec.sent] == ["other", "c0", "c1", "c2"]  # order kept


def test_backoff_grows_with_jitter_and_a_dead_letter_only_after_the_give_up_time() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    store.add(note("flaky", user="ana"), T0)
    rec = RecordingNotifier(script=lambda n: DeliveryOutcome(DeliveryStatus.RETRY, error="503"))
    w = worker(store, rec, clock, give_up=dt.timedelta(minutes=10), base_delay=10.0)
    delays = []
    for _ in range(50):
        asyncio.run(w.drain_once())
        row = store.rows[1]
        if row.item.state is OutboxState.DEAD:
            break
        delays.append((row.next_at - clock.now()).total_seconds())
        clock.set(row.next_at)
    row = store.rows[1]
    assert row.item.state is OutboxState.DEAD
    assert row.item.failing_since == T0  # the budget runs from the first real failure
    assert clock.now() - T0 >= dt.timedelta(minutes=10)
    assert clock.now() - T0 - dt.timedelta(seconds=delays[-1]) < dt.timedelta(minutes=10)
    assert len(rec.calls) == len(delays) + 1 == row.item.attempts
    assert "503" in (row.item.last_error or "") and "gave up after" in (
        row.item.last_error or "")
    for attempt, delay in enumerate(delays, start=1):
        full = 10.0 * 2 ** (attempt - 1)
        assert full / 2 <= delay <= full


def test_429s_never_use_up_attempts_nor_the_give_up_time() -> None:
    """Ten hours of 429s, then one 503, then the platform answers: the message goes out.
    A 429 is no attempt, and the give-up time starts at the first real failure."""
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    store.add(note("patient", user="ana"), T0)
    answers = {"n": 0}

    def script(n: Notification) -> DeliveryOutcome:
        answers["n"] += 1
        if clock.now() < T0 + dt.timedelta(hours=10):
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=60, error="ratelimited")
        if answers["n"] % 2:
            return DeliveryOutcome(DeliveryStatus.RETRY, error="http 503")
        return DeliveryOutcome(DeliveryStatus.SENT)

    rec = RecordingNotifier(script=script)
    w = worker(store, rec, clock, give_up=dt.timedelta(hours=1))
    while store.rows[1].item.state is OutboxState.PENDING:
        asyncio.run(w.drain())
        clock.set(max(store.rows[1].next_at, clock.now() + dt.timedelta(seconds=1)))
    row = store.rows[1]
    assert row.item.state is OutboxState.SENT
    assert len(rec.calls) > 600  # every 429 was honoured, none made it a dead letter
    assert row.item.attempts <= 2  # the 503 and the send; not one per 429


def test_failed_is_a_dead_letter_at_once() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    store.add(note("nope", channel="gone"), T0)
    rec = RecordingNotifier(script=lambda n: DeliveryOutcome(DeliveryStatus.FAILED,
                                                             error="channel_not_found"))
    asyncio.run(worker(store, rec, clock).drain_once())
    dead = store.in_state(OutboxState.DEAD)
    assert [r.item.last_error for r in dead] == ["channel_not_found"]


def test_a_raising_notifier_is_a_retry_and_the_rest_still_goes_out() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    store.add(note("boom", user="bob"), T0)
    store.add(note("fine", user="ana"), T0)

    def script(n: Notification) -> DeliveryOutcome:
        if n.text == "boom":
            raise RuntimeError("notifier bug")
        return DeliveryOutcome(DeliveryStatus.SENT)

    rec = RecordingNotifier(script=script)
    assert asyncio.run(worker(store, rec, clock).drain_once()) == 2
    assert [n.text for n in rec.sent] == ["fine"]
    boom = store.rows[1]
    assert boom.item.state is OutboxState.PENDING and boom.next_at > T0
    assert "notifier bug" in (boom.item.last_error or "")


def test_closed_dms_fall_back_to_one_channel_mention_and_never_retry_the_dm() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    store.add(note("you got #4", user="cy", fallback="proj"), T0)
    store.add(note("you got #5", user="cy", fallback="proj"), T0)
    store.add(note("no channel", user="cy"), T0)
    fallback_fails = {"n": 1}

    def script(n: Notification) -> DeliveryOutcome:
        if n.user_id == "cy":
            return DeliveryOutcome(DeliveryStatus.UNREACHABLE, error="50007")
        if fallback_fails["n"]:
            fallback_fails["n"] -= 1
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=2, error="429")
        return DeliveryOutcome(DeliveryStatus.SENT)

    rec = RecordingNotifier(script=script)
    w = worker(store, rec, clock)
    asyncio.run(w.drain_once())
    assert store.unreachable == {("console", "w", "cy")}
    assert rec.sent == []
    assert len(rec.calls) == 2  # one DM attempt, one fallback attempt (429)
    assert all((r.item.last_error or "").startswith(UNREACHABLE_MARK)
               for r in store.rows.values())
    # A fresh worker (another process) goes straight to the fallback: no DM attempt.
    clock.set(T0 + dt.timedelta(seconds=2))
    rec2 = RecordingNotifier(script=script)
    asyncio.run(worker(store, rec2, clock).drain_once())
    assert [n.user_id for n in rec2.calls] == [None, None]
    assert "no fallback channel" in (store.rows[3].item.last_error or "")
    assert store.rows[3].item.state is OutboxState.DEAD
    assert [(n.kind, n.channel_id, n.extra["mention_user_id"]) for n in rec2.sent] == [
        (Kind.CHANNEL_FALLBACK, "proj", "cy")] * 2
    assert "you got #4" in rec2.sent[0].text
    assert len(store.in_state(OutboxState.SENT)) == 2


def test_storm_of_429s_loses_and_duplicates_nothing() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    for i in range(300):
        store.add(note(f"m{i}", channel=f"c{i % 7}"), T0)
    rng = random.Random(1)

    def script(n: Notification) -> DeliveryOutcome:
        if rng.random() < 0.6:
            return DeliveryOutcome(DeliveryStatus.RETRY, retry_after=rng.choice([0.5, 1, 3]))
        return DeliveryOutcome(DeliveryStatus.SENT)

    rec = RecordingNotifier(script=script)
    w = worker(store, rec, clock, batch_size=50)
    for _ in range(2000):
        asyncio.run(w.drain(max_batches=5))
        if not store.in_state(OutboxState.PENDING):
            break
        clock.set(clock.now() + dt.timedelta(seconds=1))
    counts = Counter(n.text for n in rec.sent)
    assert len(counts) == 300 and set(counts.values()) == {1}
    assert store.in_state(OutboxState.DEAD) == []
    for c in range(7):  # each channel got its messages in the order they were queued
        got = [int(n.text[1:]) for n in rec.sent if n.channel_id == f"c{c}"]
        assert got == sorted(got)


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing catches it."""


def test_crash_mid_fan_out_resends_only_what_was_not_confirmed() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    for i in range(20):
        store.add(note(f"dm{i}", user=f"u{i}"), T0)
    crash_after = {"n": 8}
    platform: list[str] = []  # what the platform accepted, across both "processes"

    class Dying(RecordingNotifier):
        async def deliver(self, n: Notification) -> DeliveryOutcome:
            if crash_after["n"] == 0:
                raise Crash
            crash_after["n"] -= 1
            platform.append(n.text)
            return DeliveryOutcome(DeliveryStatus.SENT, message_ref=n.text)

    w = DeliveryWorker(store, {"console": Dying()}, clock, "w1", concurrency=1)
    with pytest.raises(Crash):
        asyncio.run(w.drain_once())
    assert len(platform) == 8
    # The restarted worker waits for the dead worker's lease, then sends the rest once.
    rec = RecordingNotifier()
    w2 = DeliveryWorker(store, {"console": rec}, clock, "w2")
    asyncio.run(w2.drain_once())
    clock.set(T0 + dt.timedelta(minutes=3))
    asyncio.run(w2.drain())
    everything = platform + [n.text for n in rec.sent]
    assert sorted(everything) == sorted(f"dm{i}" for i in range(20))
    assert len(store.in_state(OutboxState.SENT)) == 20


def test_not_before_is_respected_and_other_platforms_are_left_to_their_workers() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    later = T0 + dt.timedelta(hours=1)
    store.add(note("later", user="ana").model_copy(update={"not_before": later}), T0)
    store.add(note("x", user="ana").model_copy(update={"platform": "slack"}), T0)
    rec = RecordingNotifier()
    w = worker(store, rec, clock)
    assert asyncio.run(w.drain_once()) == 0  # the slack row is not this worker's to claim
    assert rec.calls == []
    clock.set(later)
    asyncio.run(w.drain_once())
    assert [n.text for n in rec.sent] == ["later"]


def test_a_closed_dm_is_remembered_for_minutes_not_forever() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    closed = {"cy": True}

    def script(n: Notification) -> DeliveryOutcome:
        if n.user_id and closed.get(n.user_id):
            return DeliveryOutcome(DeliveryStatus.UNREACHABLE, error="50007")
        return DeliveryOutcome(DeliveryStatus.SENT)

    rec = RecordingNotifier(script=script)
    w = worker(store, rec, clock)
    store.add(note("first", user="cy", fallback="proj"), T0)
    asyncio.run(w.drain_once())
    store.add(note("second", user="cy", fallback="proj"), T0)
    asyncio.run(w.drain_once())
    assert [n.user_id for n in rec.calls] == ["cy", None, None]  # no second DM attempt
    closed["cy"] = False  # they reopened their DMs (and said `/task dms on`)
    clock.set(T0 + dt.timedelta(minutes=6))
    store.add(note("third", user="cy", fallback="proj"), clock.now())
    asyncio.run(w.drain_once())
    assert rec.calls[-1].user_id == "cy" and rec.sent[-1].text == "third"


def test_a_worker_restarted_with_the_same_id_takes_back_its_rows_at_once() -> None:
    """The rows a dead process held (claimed, lease still running) go out as soon as a
    worker with its id runs again; a worker with another id must wait for the lease."""
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    for i in range(10):
        store.add(note(f"dm{i}", user=f"u{i}"), T0)
    assert len(store.claim("replica-1", T0, 10, dt.timedelta(minutes=2))) == 10  # then died

    async def run_briefly(worker_id: str) -> list[str]:
        rec = RecordingNotifier()
        w = DeliveryWorker(store, {"console": rec}, clock, worker_id)
        stop = asyncio.Event()
        running = asyncio.create_task(w.run(stop, idle_seconds=0.01))
        for _ in range(100):
            if len(rec.sent) == 10:
                break
            await asyncio.sleep(0.01)
        stop.set()
        await running
        w.close()
        return [n.text for n in rec.sent]

    assert asyncio.run(run_briefly("replica-2")) == []
    assert sorted(asyncio.run(run_briefly("replica-1"))) == sorted(f"dm{i}" for i in range(10))
    assert len(store.in_state(OutboxState.SENT)) == 10


def test_at_most_concurrency_sends_are_in_flight() -> None:
    store, clock = InMemoryOutboxStore(), FixedClock(T0)
    for i in range(40):
        store.add(note(f"dm{i}", user=f"u{i}"), T0)
    flying = {"now": 0, "most": 0}

    class Slow(RecordingNotifier):
        async def deliver(self, n: Notification) -> DeliveryOutcome:
            flying["now"] += 1
            flying["most"] = max(flying["most"], flying["now"])
            await asyncio.sleep(0.005)
            flying["now"] -= 1
            return await super().deliver(n)

    rec = Slow()
    w = DeliveryWorker(store, {"console": rec}, clock, "w1")
    assert asyncio.run(w.drain()) == 40 and len(rec.sent) == 40
    assert flying["most"] == w.concurrency == 4
