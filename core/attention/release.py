"""The tick's part: release held notes whose batch or burst window has closed.

Each (person, bucket) is claimed by deleting its due notes (DELETE ... RETURNING) in the
same transaction that writes the one DM to the outbox: two replicas never both get a note,
a crash before the commit leaves them held, and a note that arrives while a batch is
released waits for the next one. The outbox row's dedupe key names the first note, so
even a retried transaction cannot queue the same batch twice."""

from __future__ import annotations

import datetime as dt

from core.attention.model import BATCH_BUCKET, DueBucket
from core.attention.ports import AttentionUnit, attention_of
from core.attention.summary import summary_of
from core.ports import UnitOfWork
from core.scheduling.context import TickContext

CHUNK = 8
"""Buckets released per tick transaction: each costs about 10 ms (its notes read and
deleted, one summary queued), so a transaction holds SQLite's write lock about 100 ms,
like the tick's other chunks."""
TAKE_MAX = 500
"""At most this many notes per summary per transaction (a larger backlog goes out as
several summaries, one per tick transaction)."""


def due(uow: UnitOfWork, now: dt.datetime, limit: int) -> list[DueBucket]:
    a = attention_of(uow)
    return a.attention.due_buckets(now, limit) if a is not None else []


def release(uow: AttentionUnit, member_id: int, bucket: str, now: dt.datetime) -> int:
    """Send one person's due bucket as one DM; returns 1 when a DM was queued."""
    held = uow.attention.take(member_id, bucket, now, TAKE_MAX)
    if not held:
        return 0
    notes = [h.note for h in sorted(held, key=lambda h: h.id)]
    first = notes[0]
    key = f"{first.platform}:{first.workspace_id}:held:{member_id}:{min(h.id for h in held)}"
    uow.outbox.add(summary_of(notes, bucket == BATCH_BUCKET, key), now)
    return 1


def process(tc: TickContext, bucket: DueBucket) -> int:
    """The tick's work item (`Ticker._each`): release one due bucket."""
    uow = attention_of(tc.uow)
    return release(uow, bucket.member_id, bucket.bucket, tc.now) if uow is not None else 0
