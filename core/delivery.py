"""The outbox delivery worker: claims due outbox rows and hands them to each platform's
notifier, recording what happened to every one of them.

Policy, per row:
- SENT: `mark_sent` with the platform's message id.
- RETRY with Retry-After (a 429): back to the queue at exactly `now + retry_after`, and
  the whole workspace waits that long (`core.delivery_pace`). Not a failed attempt: rate
  limits never make a dead letter, however long they last.
- RETRY without it (5xx, network, a timeout, the notifier raising): a real failure. It
  counts an attempt and retries after an exponential back-off with jitter; the workspace
  pauses briefly (at most a few seconds) so an outage is probed, not hammered; and when a
  message goes through again, the messages that failed during the outage are due at once.
  A row becomes a dead letter only when it fails again after `give_up` (hours) has passed
  since its first real failure: a time budget, not a count.
- FAILED: a dead letter at once (`mark_dead`), visible to admins.
- UNREACHABLE (the person closed their DMs): `mark_unreachable` for the person, then one
  channel message in the note's `fallback_channel_id` mentioning them (kind
  CHANNEL_FALLBACK). The DM itself is never tried again: a row whose fallback must be
  retried carries the `unreachable:` marker in its `last_error`, and the next claim goes
  straight to the fallback.

Ordering: rows are grouped by destination (one channel, or one person's DMs) and sent one
after another within a group, groups concurrently. When a row of a group must wait (a 429
for that channel), the rows after it in the batch wait with it instead of overtaking it.

In flight: at most `concurrency` sends (default 4) are under way at once, each followed by
its `mark_*` before that slot takes the next row, and a claim takes `batch_size` rows
(default 16). A crash can therefore duplicate at most `concurrency` messages: those the
platform accepted whose `mark_sent` had not committed. The rest of the claimed rows were
never sent; a worker restarted with the same id takes them back at once
(`release_claims` when `run` starts), another worker when their lease ends. A send is not
started when the claim could run out before it finishes.

Recording the outcomes (the back-off, dead letters, rows held back) is
`core.delivery_outcomes`'s, which this worker builds on.

Claims: every `mark_*` passes the row's claim (worker and token) and records nothing when
another worker has claimed the row since (returns False).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from datetime import datetime, timedelta

from core.delivery_notes import (
    UNREACHABLE_MARK,
    WAITING,
    Destination,
    destination_of,
)
from core.delivery_outcomes import UNREACHABLE_MEMORY, OutcomeRecorder
from core.delivery_outcomes import scope_of as _scope
from core.delivery_pace import Pace, Scope
from core.notifications import Notification, fallback_note
from core.observe import Metrics, NoMetrics
from core.ports import Clock, DeliveryOutcome, DeliveryStatus, Notifier, OutboxItem, OutboxStore

__all__ = ["DELIVERY_KEY", "NO_NOTIFIER_WAIT", "UNREACHABLE_MARK", "UNREACHABLE_MEMORY", "WAITING",
           "DeliveryWorker", "destination_of", "result_label"]

log = logging.getLogger(__name__)

NO_NOTIFIER_WAIT = 60.0
"""Seconds before a row of a platform this worker cannot send to is offered again."""
DELIVERY_KEY: ContextVar[str | None] = ContextVar("taskbot_delivery_key", default=None)
"""While a notifier delivers a row: `"<row id>"`, or `"<row id>f"` for its channel fallback.
The same on every attempt, so a notifier can make a retry idempotent (Discord's message
nonce: a retry after a 502 that Discord had stored returns the stored message)."""


def result_label(outcome: DeliveryOutcome) -> str:
    """How a send is counted: its status, with a platform's explicit rate limit apart."""
    if outcome.status is DeliveryStatus.RETRY and outcome.retry_after is not None:
        return "rate_limited"
    return outcome.status.value


class DeliveryWorker(OutcomeRecorder):
    def __init__(self, store: OutboxStore, notifiers: Mapping[str, Notifier], clock: Clock,
                 worker_id: str, give_up: timedelta = timedelta(hours=4),
                 batch_size: int = 16, lease: timedelta = timedelta(minutes=2), *,
                 concurrency: int = 4, base_delay: float = 5.0, max_delay: float = 3600.0,
                 send_timeout: float | None = None, store_threads: int = 1,
                 rng: random.Random | None = None, pace: Pace | None = None,
                 metrics: Metrics | None = None) -> None:
        self.store = store
        self.metrics: Metrics = metrics or NoMetrics()
        self.notifiers = dict(notifiers)
        self.clock = clock
        self.worker_id = worker_id
        self.give_up = give_up
        self.batch_size = batch_size
        self.lease = lease
        self.base_delay = base_delay
        self.max_delay = max_delay
        # A send must finish well inside the lease, or another worker may claim the row.
        self.send_timeout = send_timeout or lease.total_seconds() / 2
        self._rng = rng or random.Random()
        # Store calls are synchronous (SQLAlchemy): they run on this worker's own threads.
        # One thread by default: SQLite has one writer at a time, and writers queueing in
        # its busy handler (which sleeps) cost far more than running them in turn.
        self._pool = ThreadPoolExecutor(max_workers=store_threads,
                                        thread_name_prefix=f"outbox-{worker_id}")
        self.concurrency = concurrency
        self.pace = pace or Pace()
        # People whose DMs just failed as closed, and when: DMs queued before the database
        # flag was set go straight to the fallback. Forgotten after UNREACHABLE_MEMORY, so a
        # person who reopens their DMs (`/task dms on`) is not held to the channel.
        self._unreachable: dict[tuple[str, str, str], datetime] = {}
        # Destinations that must wait (a 429), and behind which row: later batches of this
        # worker hold their rows for that destination too, so nothing overtakes.
        self._held: dict[Destination, tuple[datetime, int]] = {}
        # Workspaces whose probe after a rate-limit hold is out (`Pace.admit`): their other
        # rows in this batch wait for its answer in memory.
        self._probes: dict[Scope, asyncio.Event] = {}

    # -- public ----------------------------------------------------------------------------
    async def drain_once(self, limit: int | None = None) -> int:
        """Claim one batch of due rows and deliver it. Returns how many rows were processed
        (0 means nothing was due)."""
        size = min(limit, self.batch_size) if limit is not None else self.batch_size
        if size <= 0:
            return 0
        now = self.clock.now()
        self._held = {d: h for d, h in self._held.items() if h[0] > now}
        items = await self._store(self.store.claim, self.worker_id, now, size, self.lease,
                                  tuple(self.notifiers), self.pace.held_scopes(now))
        groups: dict[Destination, list[OutboxItem]] = {}
        for item in sorted(items, key=lambda i: i.id):
            groups.setdefault(destination_of(item.notification), []).append(item)
        slots = asyncio.Semaphore(self.concurrency)  # per call: loops may differ
        await asyncio.gather(*(self._deliver_group(d, g, slots) for d, g in groups.items()))
        return len(items)

    async def drain(self, max_batches: int = 1000) -> int:
        """Deliver until nothing is due (or `max_batches` batches); returns rows processed."""
        total = 0
        for _ in range(max_batches):
            done = await self.drain_once()
            total += done
            if done == 0:
                break
        return total

    async def reclaim(self) -> int:
        """Take back the rows a previous process with this worker id held when it died
        (they would otherwise wait for its lease). Worker ids must be unique among live
        processes: the default (host:pid) is, and so is a Kubernetes pod name."""
        released = await self._store(self.store.release_claims, self.worker_id)
        if released:
            log.info("took back %d outbox rows claimed by an earlier %s", released,
                     self.worker_id)
        return released

    async def run(self, stop: asyncio.Event, idle_seconds: float = 1.0) -> None:
        """Deliver until `stop` is set; sleeps `idle_seconds` when nothing was due. A failing
        store (database down) is logged and retried, never fatal."""
        try:
            await self.reclaim()
        except Exception:  # the database is away: the lease brings them back instead
            log.exception("could not take back this worker's earlier outbox claims")
        while not stop.is_set():
            try:
                done = await self.drain_once()
            except Exception:
                log.exception("outbox claim failed; retrying in %.0fs", idle_seconds)
                done = 0
            if done == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=idle_seconds)

    def close(self) -> None:
        """Let the store threads go (they also end with the process)."""
        self._pool.shutdown(wait=False)

    # -- one destination -------------------------------------------------------------------
    async def _deliver_group(self, dest: Destination, items: list[OutboxItem],
                             slots: asyncio.Semaphore) -> None:
        async with slots:
            for item in items:
                try:
                    if dest in self._held:
                        until, behind = self._held[dest]
                        await self._hold(item, until, f"behind row {behind}")
                        continue
                    retry_at = await self._deliver(item)
                    if retry_at is not None:
                        self._held[dest] = (retry_at, item.id)
                except Exception:
                    # The store failed (database away): the row stays claimed and comes
                    # back when its lease expires.
                    log.exception("recording delivery of outbox row %s failed", item.id)

    async def _deliver(self, item: OutboxItem) -> datetime | None:
        """Deliver one row and record the outcome; returns when the destination may be
        tried again if it must wait, else None."""
        note = item.notification
        now = self.clock.now()
        if note.not_before is not None and note.not_before > now:
            await self._mark(self.store.mark_retry, item, now, note.not_before,
                             "not before its time", failed=False)
            return None
        notifier = self.notifiers.get(note.platform)
        if notifier is None:
            # Another process (with that platform's client) will send it: never a dead
            # letter for this reason.
            await self._mark(self.store.mark_retry, item, now,
                             now + timedelta(seconds=NO_NOTIFIER_WAIT),
                             f"no notifier for platform {note.platform!r} in worker "
                             f"{self.worker_id}", failed=False)
            return None
        if item.claimed_until is not None and \
                now + timedelta(seconds=self.send_timeout) > item.claimed_until:
            # the claim could end before the send does: leave it to the next claim
            await self._hold(item, now, "claim about to end")
            return None
        scope = _scope(note)
        hold = self.pace.admit(scope, now)
        while hold is not None and scope in self._probes:  # wait for the probe's answer
            await self._probes[scope].wait()
            hold = self.pace.admit(scope, self.clock.now())
        if hold is not None:
            await self._hold(item, hold[0], f"{note.platform} {hold[1]}")
            return hold[0]
        if self.pace.probing(scope):
            self._probes[scope] = asyncio.Event()
        try:
            return await self._deliver_admitted(item, notifier)
        finally:
            self.pace.sent(scope)
            probe = self._probes.pop(scope, None)
            if probe is not None:
                probe.set()

    async def _deliver_admitted(self, item: OutboxItem, notifier: Notifier) -> datetime | None:
        note = item.notification
        person = (note.platform, note.workspace_id, note.user_id or "")
        if note.is_dm and (self._closed(person) or (
                item.last_error or "").startswith(UNREACHABLE_MARK)):
            return await self._fallback(item, notifier)
        outcome = await self._send(notifier, note, str(item.id))
        if outcome.status is DeliveryStatus.UNREACHABLE and note.is_dm:
            assert note.user_id is not None
            self._unreachable[person] = self.clock.now()
            await self._store(self.store.mark_unreachable, note.platform,
                              note.workspace_id, note.user_id)
            return await self._fallback(item, notifier)
        return await self._record(item, outcome)

    async def _fallback(self, item: OutboxItem, notifier: Notifier) -> datetime | None:
        note = item.notification
        if not note.fallback_channel_id:
            await self._dead(item, f"{UNREACHABLE_MARK} DMs closed and no fallback channel")
            return None
        outcome = await self._send(notifier, fallback_note(note), f"{item.id}f")
        if outcome.status is DeliveryStatus.RETRY:
            marked = DeliveryOutcome(DeliveryStatus.RETRY, retry_after=outcome.retry_after,
                                     error=f"{UNREACHABLE_MARK} fallback: {outcome.error}")
            return await self._retry(item, marked)
        if outcome.status is DeliveryStatus.UNREACHABLE:
            outcome = DeliveryOutcome(DeliveryStatus.FAILED,
                                      error=f"{UNREACHABLE_MARK} fallback channel refused")
        return await self._record(item, outcome)

    async def _send(self, notifier: Notifier, note: Notification,
                    key: str | None = None) -> DeliveryOutcome:
        """Call the notifier; anything it raises, or a send that hangs, is a RETRY."""
        outcome = await self._call(notifier, note, key)
        self.metrics.delivery(note.platform, result_label(outcome))
        return outcome

    async def _call(self, notifier: Notifier, note: Notification,
                    key: str | None) -> DeliveryOutcome:
        token = DELIVERY_KEY.set(key)
        try:
            return await asyncio.wait_for(notifier.deliver(note), timeout=self.send_timeout)
        except TimeoutError:
            return DeliveryOutcome(DeliveryStatus.RETRY, error="timed out")
        except Exception as exc:  # a notifier bug must not stop delivery of the rest
            log.warning("notifier %s raised on %s", notifier.platform, note.kind,
                        exc_info=True)
            return DeliveryOutcome(DeliveryStatus.RETRY, error=f"{type(exc).__name__}: {exc}")
        finally:
            DELIVERY_KEY.reset(token)
