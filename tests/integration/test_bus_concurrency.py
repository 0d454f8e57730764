"""The real bus on real databases, with commands racing each other: a double click
completes a task once and notifies once; concurrent adds get distinct numbers."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from adapters.storage._sql import OUTBOX
from adapters.storage.attention_tables import HELD
from adapters.storage.uow import SqlUnitOfWorkFactory
from core import commands as c
from core.bus import CommandBus, ErrorReply
from core.commands import Context, UserRef
from core.ports import FixedClock
from core.results import Result, TaskChanged

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def ctx(user: str) -> Context:
    return Context(platform="slack", workspace_id="T1", user_id=user, display_name=user,
                   channel_id="C1")


def race(n: int, fn: Callable[[int], Result]) -> list[Result]:
    """Run `fn(i)` for i in range(n) in n threads released at the same instant."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def go(i: int) -> None:
        barrier.wait()
        results[i] = fn(i)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_a_double_click_completes_once_and_notifies_once(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = CommandBus(uow_factory, FixedClock(NOW))
    bus.execute(ctx("boss"), c.Help())
    bus.execute(ctx("ana"), c.AddTask(title="Blocker", assignee=UserRef(user_id="bob")))
    bus.execute(ctx("ana"), c.AddTask(title="Waiting", assignee=UserRef(user_id="cy"),
                                      after=(1,)))
    results = race(4, lambda _i: bus.execute(ctx("bob"), c.DoneTask(number=1)))
    done = [r for r in results if isinstance(r, TaskChanged)]
    refused = [r for r in results if isinstance(r, ErrorReply)]
    assert len(done) == 1 and len(refused) == 3
    assert all("already done" in r.reason for r in refused)
    with uow_factory() as uow:
        session = uow.session
        kinds: dict[str, int] = dict(session.execute(select(OUTBOX.c.kind, func.count())
                                     .group_by(OUTBOX.c.kind)).all())
        held = [p["kind"] for p in session.execute(select(HELD.c.payload)).scalars()]
    # the unblock DM is urgent (queued at once); "completed" waits in its burst window
    assert kinds["unblocked"] == 1 and held.count("completed") == 1


def test_concurrent_adds_get_distinct_numbers(uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = CommandBus(uow_factory, FixedClock(NOW))
    results = race(6, lambda i: bus.execute(ctx(f"u{i}"), c.AddTask(title=f"Task {i}")))
    numbers = sorted(r.task.number for r in results if isinstance(r, TaskChanged))
    assert numbers == [1, 2, 3, 4, 5, 6]
