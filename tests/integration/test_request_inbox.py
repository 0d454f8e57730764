"""The request inbox on SQLite and PostgreSQL: two replicas claiming at once each get
their own rows (none twice), a live replica's rows are left alone, and a command's change
commits with its receipt, so a second run of the same request changes nothing."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.storage.answer_notes import answer_notes_for
from adapters.storage.inbox import INBOX, SqlInbox
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.bus import INTERNAL_ERROR, CommandBus, ErrorReply
from core.commands import Context
from core.ports import SystemClock
from core.receipts import load_results
from core.results import TaskChanged

LEASE = dt.timedelta(minutes=2)


def test_two_replicas_claiming_at_once_split_the_rows_of_a_dead_one(
        session_factory: sessionmaker[Session]) -> None:
    inbox = SqlInbox(session_factory, "slack")
    rows = {inbox.record(f"command:{k}", "T1", "command", "{}", "dead:1", LEASE)
            for k in range(200)}
    live = inbox.record("command:live", "T1", "command", "{}", "alive:2", LEASE)
    assert None not in rows and len(rows) == 200
    got: dict[str, list[int]] = {"b": [], "c": []}
    start = threading.Barrier(2)

    def replica(name: str) -> None:
        start.wait()
        while batch := inbox.claim(name, LEASE, 7, take_over={"dead:1"}):
            got[name].extend(i for i, *_ in batch)

    threads = [threading.Thread(target=replica, args=(n,)) for n in got]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not set(got["b"]) & set(got["c"])  # no row twice
    assert set(got["b"]) | set(got["c"]) == rows  # every row once; the live one left
    assert live not in got["b"] + got["c"]
    assert inbox.record("command:3", "T1", "command", "{}", "x", LEASE) is None  # retry


def test_a_claim_says_whether_the_answer_was_being_posted(
        session_factory: sessionmaker[Session]) -> None:
    inbox = SqlInbox(session_factory, "slack")
    quiet = inbox.record("command:quiet", "T1", "command", "{}", "dead:1", LEASE)
    posting = inbox.record("command:posting", "T1", "command", "{}", "dead:1", LEASE)
    assert quiet is not None and posting is not None
    inbox.answering(posting)
    claimed = inbox.claim("w2", LEASE, 10, take_over={"dead:1"})
    assert claimed == [(quiet, "{}", False), (posting, "{}", True)]


def test_expired_lease_is_claimed_and_a_row_tried_too_often_fails(
        session_factory: sessionmaker[Session]) -> None:
    inbox = SqlInbox(session_factory, "slack")
    stale = inbox.record("command:stale", "T1", "command", "{}", "w1", -LEASE)
    assert stale is not None
    for _ in range(4):  # recorded (1) + 4 claims = 5 attempts
        assert [i for i, *_ in inbox.claim("w2", -LEASE, 10)] == [stale]
    assert inbox.claim("w2", LEASE, 10) == []
    with session_factory() as session:
        assert session.execute(select(INBOX.c.state).where(INBOX.c.id == stale)
                               ).scalar_one() == "failed"


def test_a_request_run_twice_changes_once_and_the_second_gets_the_first_result(
        uow_factory: SqlUnitOfWorkFactory, session_factory: sessionmaker[Session]) -> None:
    inbox = SqlInbox(session_factory, "slack")
    row = inbox.record("command:once", "T1", "command", "{}", "w", LEASE)
    assert row is not None
    bus = CommandBus(uow_factory, SystemClock())
    ctx = Context(platform="slack", workspace_id="T1", user_id="U1", display_name="u1",
                  channel_id="C1")
    first = bus.run_text(ctx, "task", "add Only once", receipt=inbox.receipt(row, 1))
    assert isinstance(first, TaskChanged)
    again = bus.run_text(ctx, "task", "add Only once", receipt=inbox.receipt(row, 1))
    assert isinstance(again, ErrorReply) and again.reason == INTERNAL_ERROR  # rolled back
    kept = inbox.result(row, 1)
    assert kept is not None and load_results(kept) == [first]
    with session_factory() as session:
        from adapters.storage._sql import TASKS

        assert session.execute(select(func.count()).select_from(TASKS)).scalar_one() == 1


def test_on_sqlite_an_answer_note_waits_for_no_writer_and_a_claim_folds_it_in(
        engine: Engine, session_factory: sessionmaker[Session]) -> None:
    notes = answer_notes_for(engine)
    if notes is None:
        pytest.skip("the sidecar is for a SQLite file (PostgreSQL notes on the row)")
    try:
        inbox = SqlInbox(session_factory, "slack", notes=notes)
        quiet = inbox.record("command:quiet", "T1", "command", "{}", "dead:1", LEASE)
        posting = inbox.record("command:posting", "T1", "command", "{}", "dead:1", LEASE)
        assert quiet is not None and posting is not None
        with session_factory.begin() as busy:  # a command holds SQLite's write lock
            busy.execute(update(INBOX).where(INBOX.c.id == quiet).values(error=None))
            started = time.monotonic()
            assert inbox.note_now(posting)
            assert time.monotonic() - started < 1.0  # not behind the lock (10 s timeout)
        inbox.note_now(posting)  # noted twice: still one note
        claimed = inbox.claim("w2", LEASE, 10, take_over={"dead:1"})
        assert claimed == [(quiet, "{}", False), (posting, "{}", True)]
        with session_factory() as session:  # folded into the inbox row
            assert session.execute(select(INBOX.c.answering_at).where(
                INBOX.c.id == posting)).scalar_one() is not None
    finally:
        notes.close()


def test_pruning_a_row_forgets_its_answer_note(
        engine: Engine, session_factory: sessionmaker[Session]) -> None:
    notes = answer_notes_for(engine)
    if notes is None:
        pytest.skip("the sidecar is for a SQLite file (PostgreSQL notes on the row)")
    try:
        inbox = SqlInbox(session_factory, "slack", notes=notes)
        row = inbox.record("command:old", "T1", "command", "{}", "w1", LEASE)
        assert row is not None
        inbox.note_now(row)
        inbox.finish(row)
        assert inbox.prune(dt.timedelta(seconds=-1)) == 1
        assert notes.answered([row]) == set()  # a new row given this id is answered
    finally:
        notes.close()
