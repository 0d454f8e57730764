"""The outbox gauges a scrape reads: capped counts and the oldest due row's age, as plain
reads (on SQLite beside a writer holding the lock), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import Engine

from adapters.storage.engine import make_session_factory
from adapters.storage.outbox import SqlOutboxStore
from adapters.storage.outbox_stats import has_due, outbox_gauges
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.notifications import Kind, Notification
from tests.integration.builders import T0, make_world


def _queue(uows: SqlUnitOfWorkFactory, count: int, now: dt.datetime,
           not_before: dt.datetime | None = None) -> None:
    with uows() as uow:  # reminders: urgent, so straight to the outbox (never held)
        for i in range(count):
            uow.outbox.add(Notification(kind=Kind.REMINDER, platform="slack",
                                        workspace_id="T1", text=f"n{i}", user_id="U1",
                                        not_before=not_before), now)
        uow.commit()


def test_gauges_count_wait_and_dead_letters(uow_factory: SqlUnitOfWorkFactory,
                                            engine: Engine) -> None:
    make_world(uow_factory)
    assert outbox_gauges(engine, T0) == outbox_gauges(engine, T0 + dt.timedelta(days=1))
    empty = outbox_gauges(engine, T0)
    assert (empty.pending, empty.due, empty.oldest_due_age, empty.dead) == (0, 0, 0.0, 0)
    _queue(uow_factory, 3, T0)                                      # due at T0
    _queue(uow_factory, 2, T0, not_before=T0 + dt.timedelta(hours=2))  # quiet hours
    store = SqlOutboxStore(make_session_factory(engine))
    first = store.claim("w", T0, 1, dt.timedelta(minutes=2))[0]
    assert store.mark_dead(first, T0, "refused")  # a mark passes the claim (delivery8)
    later = T0 + dt.timedelta(minutes=10)
    g = outbox_gauges(engine, later)
    assert (g.pending, g.due, g.dead) == (4, 2, 1)
    assert g.oldest_due_age == 600.0
    capped = outbox_gauges(engine, later, cap=3)
    assert (capped.pending, capped.due, capped.dead) == (3, 2, 1)
    assert has_due(engine, later, ["slack"]) and not has_due(engine, later, ["discord"])
    assert not has_due(engine, T0 - dt.timedelta(seconds=1), ["slack"])


def test_gauges_read_beside_a_writer(uow_factory: SqlUnitOfWorkFactory, engine: Engine,
                                     schema_url: str) -> None:
    if not schema_url.startswith("sqlite"):
        pytest.skip("PostgreSQL readers never wait for writers")
    make_world(uow_factory)
    _queue(uow_factory, 2, T0)
    writer = sqlite3.connect(schema_url.removeprefix("sqlite:///"), isolation_level=None,
                             timeout=0.1)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert outbox_gauges(engine, T0).pending == 2
        assert has_due(engine, T0, ["slack"])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
