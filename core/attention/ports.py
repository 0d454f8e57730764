"""What the attention layer needs from storage (SQL: adapters/storage/attention.py).

The unit of work carries it as `uow.attention`, on the command's (or the tick's)
transaction, so a held note commits or rolls back with the change that produced it, and a
released batch leaves the held table in the same transaction as it enters the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, cast

from core.attention.model import DueBucket, HeldNote, NotifyPrefs
from core.notifications import Notification
from core.ports import UnitOfWork
from core.scheduling.ports import ScheduleUnitOfWork


class AttentionRepository(Protocol):
    def notify_prefs(self, tenant_id: int, member_id: int) -> NotifyPrefs | None: ...
    def save_notify_prefs(self, prefs: NotifyPrefs) -> None: ...
    def hold(self, tenant_id: int, member_id: int, bucket: str, release_at: dt.datetime,
             note: Notification, now: dt.datetime) -> None: ...
    def open_release(self, member_id: int, bucket: str, now: dt.datetime) -> dt.datetime | None:
        """When the person's open `bucket` goes out (None: nothing held there after `now`)."""
        ...
    def held_count(self, member_id: int) -> tuple[int, dt.datetime | None]:
        """How many notes the person has held, and when the first of them goes out."""
        ...
    def retime(self, member_id: int, bucket: str, release_at: dt.datetime) -> int:
        """Move every held note of the person's `bucket` to `release_at` (a mode change)."""
        ...
    def due_buckets(self, now: dt.datetime, limit: int) -> list[DueBucket]:
        """People's buckets with notes due at `now`, oldest first."""
        ...
    def take(self, member_id: int, bucket: str, now: dt.datetime,
             limit: int) -> Sequence[HeldNote]:
        """Delete and return the bucket's due notes (at most `limit`): the claim. Two
        transactions never get the same note."""
        ...


class AttentionUnitOfWork(UnitOfWork, Protocol):
    attention: AttentionRepository


class AttentionUnit(AttentionUnitOfWork, ScheduleUnitOfWork, Protocol):
    """What the attention layer reads: people's working hours (the scheduler's) and their
    notify mode, on one transaction."""


def attention_of(uow: UnitOfWork) -> AttentionUnit | None:
    """The unit of work as the attention layer's, or None when it carries no attention
    repository (the unit tests' fake): then nothing is ever held."""
    if getattr(uow, "attention", None) is None:
        return None
    return cast(AttentionUnit, uow)
