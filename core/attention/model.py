"""What a person chose for their non-urgent DMs, and which DMs are non-urgent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from core.notifications import Kind, Notification


class Mode(StrEnum):
    IMMEDIATE = "immediate"
    HOURLY = "hourly"
    DAILY = "daily"


BATCHABLE: frozenset[Kind] = frozenset({
    Kind.ASSIGNED, Kind.COMMENTED, Kind.COMPLETED, Kind.CHANGED, Kind.DELETED})
"""Non-urgent kinds: held for a batch (hourly, daily) or a burst window. Everything else
(unblocked, due soon, overdue, escalations, reminders, replies, channel posts) goes out at
once, keeping only to quiet hours."""

RELEASED = "released"
"""`extra` key of a note the attention layer already handled (a held note released, a
summary): it goes straight to the outbox (quiet hours still apply)."""


@dataclass
class NotifyPrefs:
    """`/task notify ...`: how one person gets non-urgent DMs. `at`: the daily batch's local
    time (None: the start of their working day)."""

    member_id: int
    tenant_id: int
    mode: Mode = Mode.IMMEDIATE
    at: dt.time | None = None


def is_holdable(note: Notification) -> bool:
    """A DM of a non-urgent kind, not timed already, not released already."""
    return (note.user_id is not None and note.kind in BATCHABLE
            and note.not_before is None and RELEASED not in note.extra)


@dataclass(frozen=True)
class HeldNote:
    """One note waiting in the database for its batch or burst window to close."""

    id: int
    member_id: int
    bucket: str
    release_at: dt.datetime
    note: Notification


def burst_bucket(actor_user_id: str | None) -> str:
    """Notes of an immediate person are coalesced per actor; a batch is one bucket."""
    return f"burst:{actor_user_id or '-'}"


BATCH_BUCKET = "batch"


@dataclass(frozen=True)
class DueBucket:
    """A person's bucket with notes due: `id` is its first note's (the tick's item id)."""

    id: int
    member_id: int
    bucket: str
