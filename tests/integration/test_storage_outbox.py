"""The outbox: dedupe on write, claims that never hand one row to two workers, and the
delivery bookkeeping."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, func, select, text

from adapters.storage._sql import OUTBOX
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.outbox import SqlOutboxStore
from adapters.storage.schema import target_metadata
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.notifications import Kind, Notification
from core.ports import OutboxState
from tests.integration.builders import T0, make_world

LEASE = dt.timedelta(minutes=5)


def _note(i: int = 0, *, key: str | None = None, user: str = "U1",
          not_before: dt.datetime | None = None, workspace: str = "T1") -> Notification:
    return Notification(kind=Kind.ASSIGNED, platform="slack", workspace_id=workspace,
                        text=f"note {i}", user_id=user, dedupe_key=key,
                        not_before=not_before, extra={"i": i})


def _queue(uows: SqlUnitOfWorkFactory, notes: list[Notification],
           now: dt.datetime = T0) -> list[bool]:
    with uows() as uow:
        added = [uow.outbox.add(n, now) for n in notes]
        uow.commit()
    return added


@pytest.fixture
def store(engine: Engine) -> SqlOutboxStore:
    return SqlOutboxStore(make_session_factory(engine))


def test_dedupe_key_queues_once(uow_factory: SqlUnitOfWorkFactory,
                                store: SqlOutboxStore) -> None:
    assert _queue(uow_factory, [_note(1, key="digest:C1:2026-03-02"),
                                _note(2, key="digest:C1:2026-03-02"), _note(3), _note(4)]) \
        == [True, False, True, True]
    assert _queue(uow_factory, [_note(5, key="digest:C1:2026-03-02")]) == [False]
    items = store.recent("slack", "T1", None, 10)
    assert sorted(i.notification.text for i in items) == ["note 1", "note 3", "note 4"]


def test_rolled_back_notes_are_not_queued(uow_factory: SqlUnitOfWorkFactory,
                                          store: SqlOutboxStore) -> None:
    with uow_factory() as uow:
        uow.outbox.add(_note(1, key="k"), T0)
    assert store.recent("slack", "T1", None, 10) == []
    assert _queue(uow_factory, [_note(1, key="k")]) == [True]


def test_claim_roundtrip_and_bookkeeping(uow_factory: SqlUnitOfWorkFactory,
                                         store: SqlOutboxStore) -> None:
    later = T0 + dt.timedelta(hours=1)
    _queue(uow_factory, [_note(1), _note(2), _note(3, not_before=later)])
    first = store.claim("w1", T0, 10, LEASE)
    assert [i.notification for i in first] == [_note(1), _note(2)]  # note 3 is not due
    assert all(i.state is OutboxState.PENDING and i.attempts == 0 for i in first)
    assert store.claim("w2", T0, 10, LEASE) == []  # leased to w1

    one, two = first
    assert store.mark_sent(one, T0, "ts-1")
    assert store.mark_retry(two, T0, T0 + dt.timedelta(minutes=1), "429 rate limited",
                            failed=False)
    assert store.claim("w2", T0 + dt.timedelta(seconds=30), 10, LEASE) == []
    again = store.claim("w2", T0 + dt.timedelta(minutes=2), 10, LEASE)
    assert [(i.id, i.attempts, i.last_error, i.failing_since) for i in again] == [
        (two.id, 0, "429 rate limited", None)]  # a 429 is no attempt
    assert store.mark_retry(again[0], T0 + dt.timedelta(minutes=2),
                            T0 + dt.timedelta(minutes=3), "http 500", failed=True)
    again = store.claim("w2", T0 + dt.timedelta(minutes=3), 10, LEASE)
    assert [(i.attempts, i.failing_since) for i in again] == [
        (1, T0 + dt.timedelta(minutes=2))]
    assert store.mark_dead(again[0], T0, "channel_not_found")

    third = store.claim("w3", later, 10, LEASE)
    assert [i.notification.text for i in third] == ["note 3"]
    # a worker that died: its lease runs out and another worker takes the row over
    assert store.claim("w4", later + LEASE + dt.timedelta(seconds=1), 10, LEASE)[0].id \
        == third[0].id

    states = {i.id: (i.state, i.attempts) for i in store.recent("slack", "T1", None, 10)}
    assert states[one.id] == (OutboxState.SENT, 1)
    assert states[two.id] == (OutboxState.DEAD, 2)
    assert [i.id for i in store.recent("slack", "T1", OutboxState.DEAD, 10)] == [two.id]
    assert [i.id for i in store.recent("slack", "T1", "pending", 10)] == [third[0].id]
    assert store.recent("slack", "other", None, 10) == []


def test_recent_is_newest_first_and_limited(uow_factory: SqlUnitOfWorkFactory,
                                            store: SqlOutboxStore) -> None:
    _queue(uow_factory, [_note(i) for i in range(5)] + [_note(9, workspace="T2")])
    assert [i.notification.text for i in store.recent("slack", "T1", None, 3)] == [
        "note 4", "note 3", "note 2"]


def test_mark_unreachable_flags_only_that_member(uow_factory: SqlUnitOfWorkFactory,
                                                 store: SqlOutboxStore) -> None:
    w = make_world(uow_factory, "T1")
    other = make_world(uow_factory, "T2")
    store.mark_unreachable("slack", "T1", "U2")
    with uow_factory() as uow:
        flags = {(m.tenant_id, m.user_id): m.dm_unreachable for m in uow.members.get_many(
            [w.ana.id, w.bob.id, other.ana.id, other.bob.id]).values()}
    assert flags == {(w.tenant.id, "U1"): False, (w.tenant.id, "U2"): True,
                     (other.tenant.id, "U1"): False, (other.tenant.id, "U2"): False}


def _claim_all_concurrently(stores: list[SqlOutboxStore], now: dt.datetime) -> list[list[int]]:
    """Each store drains the outbox in small batches from its own thread."""
    got: list[list[int]] = [[] for _ in stores]
    errors: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def drain(k: int) -> None:
        try:
            start.wait()
            while batch := stores[k].claim(f"w{k}", now, 3, LEASE):
                got[k].extend(i.id for i in batch)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=drain, args=(k,)) for k in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return got


def test_concurrent_workers_never_share_a_row(schema_url: str,
                                              uow_factory: SqlUnitOfWorkFactory) -> None:
    _queue(uow_factory, [_note(i) for i in range(120)])
    # four workers, each with its own engine (its own connections), as separate replicas
    engines = [make_engine(schema_url) for _ in range(4)]
    try:
        got = _claim_all_concurrently(
            [SqlOutboxStore(make_session_factory(e)) for e in engines], T0)
    finally:
        for e in engines:
            e.dispose()
    claimed = [i for ids in got for i in ids]
    assert len(claimed) == len(set(claimed)) == 120


@pytest.mark.postgres
def test_postgres_claim_skips_rows_another_transaction_holds(pg_url: str) -> None:
    engine = make_engine(pg_url)
    target_metadata().create_all(engine)
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    other = make_engine(pg_url)
    try:
        _queue(uows, [_note(i) for i in range(6)])
        with other.connect() as holder, holder.begin():
            held = list(holder.execute(text(
                "SELECT id FROM outbox ORDER BY id LIMIT 3 FOR UPDATE")).scalars())
            claimed = SqlOutboxStore(make_session_factory(engine)).claim("w2", T0, 10, LEASE)
            assert {i.id for i in claimed}.isdisjoint(held)
            assert len(claimed) == 3
    finally:
        other.dispose()
        engine.dispose()


def test_an_unreadable_row_is_buried_not_blocking(engine: Engine,
                                                  uow_factory: SqlUnitOfWorkFactory,
                                                  store: SqlOutboxStore) -> None:
    _queue(uow_factory, [_note(1), _note(2)])
    with engine.begin() as conn:
        first = conn.execute(select(func.min(OUTBOX.c.id))).scalar_one()
        conn.execute(OUTBOX.update().where(OUTBOX.c.id == first)
                     .values(payload={"kind": "no such kind"}))
    got = store.claim("w1", T0, 10, LEASE)
    assert [i.notification.text for i in got] == ["note 2"]
    dead = store.recent("slack", "T1", OutboxState.DEAD, 10)  # unreadable: not listed
    assert dead == []
    # once note 2's lease runs out it comes back; the buried row never does
    assert [i.id for i in store.claim("w2", T0 + 2 * LEASE, 10, LEASE)] == [got[0].id]


def test_purge_keeps_pending_and_recent_rows(uow_factory: SqlUnitOfWorkFactory,
                                             store: SqlOutboxStore) -> None:
    _queue(uow_factory, [_note(1), _note(2), _note(3)])
    _queue(uow_factory, [_note(4)], now=T0 + dt.timedelta(days=30))
    a, b, _ = store.claim("w", T0, 3, LEASE)
    store.mark_sent(a, T0, None)
    store.mark_dead(b, T0, "gone")
    later = store.claim("w", T0 + dt.timedelta(days=30), 3, LEASE)
    fourth = next(i for i in later if i.notification.text == "note 4")
    store.mark_sent(fourth, T0 + dt.timedelta(days=30), None)
    assert store.purge(T0 + dt.timedelta(days=7)) == 2
    assert sorted(i.notification.text for i in store.recent("slack", "T1", None, 10)) == [
        "note 3", "note 4"]


def test_a_worker_claims_only_the_platforms_it_can_send_to(
        uow_factory: SqlUnitOfWorkFactory, store: SqlOutboxStore) -> None:
    _queue(uow_factory, [_note(1), _note(2).model_copy(update={"platform": "discord"})])
    got = store.claim("discord-only", T0, 10, LEASE, platforms=("discord",))
    assert [i.notification.text for i in got] == ["note 2"]
    assert [i.notification.text for i in store.claim("slack-only", T0, 10, LEASE,
                                                     platforms=("slack",))] == ["note 1"]


def test_a_mark_by_a_stale_claim_changes_nothing(uow_factory: SqlUnitOfWorkFactory,
                                                 store: SqlOutboxStore) -> None:
    """w1 paused past its lease; w2 claimed the row since. w1's late marks (sent, retry,
    dead) are no-ops; w2's claim still holds and its outcome is the one recorded. A worker
    restarted with w2's id gets a new token: the old claim's marks cannot match it."""
    _queue(uow_factory, [_note(1)])
    [stale] = store.claim("w1", T0, 10, LEASE)
    [fresh] = store.claim("w2", T0 + LEASE + dt.timedelta(seconds=1), 10, LEASE)
    assert fresh.id == stale.id and fresh.claim_token != stale.claim_token
    assert not store.mark_sent(stale, T0, "ts-late")
    assert not store.mark_retry(stale, T0, T0, "late", failed=True)
    assert not store.mark_dead(stale, T0, "late")
    [row] = store.recent("slack", "T1", None, 10)
    assert (row.state, row.attempts, row.claimed_by, row.claim_token) == (
        OutboxState.PENDING, 0, "w2", fresh.claim_token)
    # the same worker id, a later claim (a restarted process): the old token is stale too
    assert store.release_claims("w2") == 1
    [again] = store.claim("w2", T0 + LEASE + dt.timedelta(seconds=2), 10, LEASE)
    assert not store.mark_sent(fresh, T0, "ts-old-process")
    assert store.mark_sent(again, T0, "ts-2")
    [row] = store.recent("slack", "T1", None, 10)
    assert (row.state, row.attempts, row.claimed_by) == (OutboxState.SENT, 1, None)


def test_a_restarted_worker_takes_back_its_own_rows_at_once(
        uow_factory: SqlUnitOfWorkFactory, store: SqlOutboxStore) -> None:
    _queue(uow_factory, [_note(i) for i in range(5)])
    held = store.claim("replica-1", T0, 3, LEASE)
    other = store.claim("replica-2", T0, 10, LEASE)
    assert len(held) == 3 and len(other) == 2
    assert store.claim("replica-1", T0 + dt.timedelta(seconds=6), 10, LEASE) == []
    assert store.release_claims("replica-1") == 3  # only its own
    back = store.claim("replica-1", T0 + dt.timedelta(seconds=6), 10, LEASE)
    assert sorted(i.id for i in back) == sorted(i.id for i in held)


def test_retry_now_brings_back_what_failed_in_the_outage_only(
        uow_factory: SqlUnitOfWorkFactory, store: SqlOutboxStore) -> None:
    later = T0 + dt.timedelta(hours=5)
    _queue(uow_factory, [_note(i) for i in range(4)] + [_note(9, workspace="T2"),
                                                         _note(8, not_before=later)])
    old, a, b, c, t2 = store.claim("w", T0, 5, LEASE)
    hour = dt.timedelta(hours=1)
    store.mark_retry(old, T0 - hour, T0 + hour, "500", failed=True)  # failing for long
    store.mark_retry(a, T0, T0 + hour, "500", failed=True)
    store.mark_retry(b, T0, T0 + hour, "waiting: behind row 2", failed=False)
    store.mark_retry(c, T0, T0 + hour, "ratelimited", failed=False)
    store.mark_retry(t2, T0, T0 + hour, "500", failed=True)
    assert store.retry_now("slack", "T1", T0, T0 + dt.timedelta(seconds=10)) == 2
    due = store.claim("w", T0 + dt.timedelta(seconds=10), 10, LEASE)
    assert sorted(i.id for i in due) == sorted([a.id, b.id])
