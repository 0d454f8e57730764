"""What operators and the console ask of the outbox without taking a lock: how much waits,
how late the oldest due message is, how many died. Every query is a plain read (DEFERRED on
SQLite, beside any writer) that walks the `(state, next_attempt_at)` index and stops at
`cap` rows, so a scrape costs the same at a million queued messages as at ten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from adapters.storage._sql import OUTBOX
from adapters.storage.engine import READ_ONLY
from core.ports import OutboxState

COUNT_CAP = 10_000
"""Counts stop here: a gauge at this value means "at least this many"."""


@dataclass(frozen=True)
class OutboxGauges:
    pending: int
    due: int
    oldest_due_age: float
    """Seconds since the oldest pending message became due (0 when none is due)."""
    dead: int


def _capped_count(state: OutboxState, cap: int, due_by: dt.datetime | None = None) -> Any:
    rows = select(OUTBOX.c.id).where(OUTBOX.c.state == state.value)
    if due_by is not None:
        rows = rows.where(OUTBOX.c.next_attempt_at <= due_by)
    return select(func.count()).select_from(rows.limit(cap).subquery())


def outbox_gauges(engine: Engine, now: dt.datetime, cap: int = COUNT_CAP) -> OutboxGauges:
    """The outbox's depth, lag and dead letters (each count capped at `cap`)."""
    pending = OutboxState.PENDING
    oldest = select(func.min(OUTBOX.c.next_attempt_at)).where(
        OUTBOX.c.state == pending.value)
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
        waiting = int(conn.execute(_capped_count(pending, cap)).scalar_one())
        due = int(conn.execute(_capped_count(pending, cap, now)).scalar_one())
        dead = int(conn.execute(_capped_count(OutboxState.DEAD, cap)).scalar_one())
        first = conn.execute(oldest).scalar_one_or_none()
    age = 0.0
    if first is not None:
        first = first if first.tzinfo else first.replace(tzinfo=dt.UTC)
        age = max(0.0, (now - first).total_seconds())
    return OutboxGauges(pending=waiting, due=due, oldest_due_age=age, dead=dead)


def has_due(engine: Engine, now: dt.datetime, platforms: Sequence[str]) -> bool:
    """Whether any pending message for `platforms` is due: a read, so a caller that only
    wants to deliver what is there (the console after each line) takes no write lock when
    there is nothing."""
    query = (select(OUTBOX.c.id)
             .where(OUTBOX.c.state == OutboxState.PENDING.value,
                    OUTBOX.c.next_attempt_at <= now,
                    OUTBOX.c.platform.in_(list(platforms)))
             .limit(1))
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
        return conn.execute(query).first() is not None
