"""In-memory fakes for delivery: an outbox store (ports.OutboxStore, plus `add` as in
ports.Outbox) and notifiers that record what they were asked to send.

The store behaves like the SQL one: a recorded outcome counts an attempt unless it is a
retry that was not a failure (a 429, a row put back untried), a claim lease that expires
makes a row claimable again, every mark is conditional on the row's claim (worker and
token) still holding, and a repeated `dedupe_key` is refused. Due rows are claimed oldest
(lowest id) first, which keeps each destination in order even when a 429 held part of it
back."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.delivery_notes import WAITING
from core.notifications import Notification
from core.ports import DeliveryOutcome, DeliveryStatus, OutboxItem, OutboxState


@dataclass
class Row:
    item: OutboxItem
    next_at: dt.datetime
    claimed_by: str | None = None
    claimed_until: dt.datetime | None = None
    claim_token: str | None = None
    sent_at: dt.datetime | None = None
    message_ref: str | None = None


class InMemoryOutboxStore:
    def __init__(self) -> None:
        self.rows: dict[int, Row] = {}
        self.unreachable: set[tuple[str, str, str]] = set()
        self._keys: set[str] = set()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()  # the worker calls us from threads

    # ports.Outbox
    def add(self, note: Notification, now: dt.datetime) -> bool:
        with self._lock:
            if note.dedupe_key is not None:
                if note.dedupe_key in self._keys:
                    return False
                self._keys.add(note.dedupe_key)
            row_id = next(self._ids)
            start = max(now, note.not_before) if note.not_before else now
            self.rows[row_id] = Row(OutboxItem(id=row_id, notification=note), next_at=start)
            return True

    # ports.OutboxStore
    def claim(self, worker: str, now: dt.datetime, limit: int, lease: dt.timedelta,
              platforms: Sequence[str] | None = None,
              skip: Sequence[tuple[str, str]] = ()) -> list[OutboxItem]:
        with self._lock:
            due = [r for r in self.rows.values()
                   if r.item.state is OutboxState.PENDING and r.next_at <= now
                   and (platforms is None or r.item.notification.platform in platforms)
                   and (r.item.notification.platform, r.item.notification.workspace_id)
                   not in skip
                   and (r.claimed_by is None or (r.claimed_until or now) <= now)]
            due.sort(key=lambda r: r.item.id)  # oldest first: keeps destinations in order
            out = []
            token = secrets.token_hex(8)
            for row in due[:limit]:
                row.claimed_by, row.claimed_until = worker, now + lease
                row.claim_token = token
                out.append(OutboxItem(id=row.item.id, notification=row.item.notification,
                                      attempts=row.item.attempts, state=row.item.state,
                                      last_error=row.item.last_error,
                                      failing_since=row.item.failing_since,
                                      claimed_by=worker, claim_token=token,
                                      claimed_until=row.claimed_until))
            return out

    def _holds(self, item: OutboxItem) -> Row | None:
        """The row, if `item`'s claim still holds it (then unclaimed for the outcome)."""
        row = self.rows[item.id]
        if item.claim_token is None or row.claimed_by != item.claimed_by \
                or row.claim_token != item.claim_token:
            return None
        row.claimed_by = row.claimed_until = row.claim_token = None
        return row

    def mark_sent(self, item: OutboxItem, now: dt.datetime, message_ref: str | None) -> bool:
        with self._lock:
            row = self._holds(item)
            if row is None:
                return False
            row.item.state, row.sent_at, row.message_ref = OutboxState.SENT, now, message_ref
            row.item.attempts += 1
            return True

    def mark_retry(self, item: OutboxItem, now: dt.datetime, next_at: dt.datetime, error: str,
                   *, failed: bool) -> bool:
        with self._lock:
            row = self._holds(item)
            if row is None:
                return False
            row.next_at, row.item.last_error = next_at, error
            if failed:
                row.item.attempts += 1
                row.item.failing_since = row.item.failing_since or now
            return True

    def mark_dead(self, item: OutboxItem, now: dt.datetime, error: str) -> bool:
        with self._lock:
            row = self._holds(item)
            if row is None:
                return False
            row.item.state, row.item.last_error = OutboxState.DEAD, error
            row.item.attempts += 1
            return True

    def release_claims(self, worker: str) -> int:
        with self._lock:
            mine = [r for r in self.rows.values() if r.claimed_by == worker
                    and r.item.state is OutboxState.PENDING]
            for row in mine:
                row.claimed_by = row.claimed_until = row.claim_token = None
            return len(mine)

    def retry_now(self, platform: str, workspace_id: str, failed_since: dt.datetime,
                  now: dt.datetime) -> int:
        with self._lock:
            again = [r for r in self.rows.values()
                     if r.item.state is OutboxState.PENDING and r.claimed_by is None
                     and r.next_at > now
                     and (r.item.notification.platform,
                          r.item.notification.workspace_id) == (platform, workspace_id)
                     and ((r.item.failing_since is not None
                           and r.item.failing_since >= failed_since)
                          or (r.item.last_error or "").startswith(WAITING))]
            for row in again:
                row.next_at = now
            return len(again)

    def mark_unreachable(self, platform: str, workspace_id: str, user_id: str) -> None:
        with self._lock:
            self.unreachable.add((platform, workspace_id, user_id))

    # for assertions
    def in_state(self, state: OutboxState) -> list[Row]:
        return [r for r in self.rows.values() if r.item.state is state]


Script = Callable[[Notification], DeliveryOutcome]


@dataclass
class RecordingNotifier:
    """Answers each delivery with `script(note)` (SENT by default) and records every call.
    `sent` holds only the notes the 'platform' accepted, in the order it accepted them."""

    platform: str = "console"
    script: Script | None = None
    delay: float = 0.0
    calls: list[Notification] = field(default_factory=list)
    sent: list[Notification] = field(default_factory=list)
    _refs: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def deliver(self, note: Notification) -> DeliveryOutcome:
        self.calls.append(note)
        if self.delay:
            await asyncio.sleep(self.delay)
        outcome = self.script(note) if self.script else DeliveryOutcome(DeliveryStatus.SENT)
        if outcome.status is DeliveryStatus.SENT:
            self.sent.append(note)
            ref = outcome.message_ref or f"m{next(self._refs)}"
            return DeliveryOutcome(DeliveryStatus.SENT, message_ref=ref)
        return outcome
