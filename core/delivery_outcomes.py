"""What the delivery worker (`core.delivery`) records for each row it claimed: a send's
outcome (sent, a retry with its exponential back-off, or a dead letter once `give_up` has
passed since the first real failure), a row held back untried, and every `mark_*` made
conditional on the row's claim. See `core.delivery` for the whole policy."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, TypeVar

from core.delivery_notes import UNREACHABLE_MARK, WAITING
from core.delivery_pace import Pace, Scope
from core.notifications import Notification
from core.observe import Metrics
from core.ports import Clock, DeliveryOutcome, DeliveryStatus, OutboxItem, OutboxStore

log = logging.getLogger("core.delivery")  # the worker's log, as before the split

T = TypeVar("T")
UNREACHABLE_MEMORY = timedelta(minutes=5)


def scope_of(note: Notification) -> Scope:
    return (note.platform, note.workspace_id)


class OutcomeRecorder:
    """The recording half of `core.delivery.DeliveryWorker` (which sets these attributes)."""

    store: OutboxStore
    metrics: Metrics
    clock: Clock
    worker_id: str
    give_up: timedelta
    base_delay: float
    max_delay: float
    pace: Pace
    _rng: random.Random
    _pool: ThreadPoolExecutor
    _unreachable: dict[tuple[str, str, str], datetime]

    async def _store(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def backoff(self, attempts: int) -> timedelta:
        """Exponential back-off with equal jitter: half fixed, half random."""
        delay = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return timedelta(seconds=delay * (0.5 + self._rng.random() / 2))

    async def _hold(self, item: OutboxItem, until: datetime, why: str) -> None:
        """Put a row back untried until `until` (behind an earlier row of its destination,
        or while its workspace is on hold): never an attempt, never a dead letter."""
        error = f"{WAITING}: {why}"
        note = item.notification
        if (item.last_error or "").startswith(UNREACHABLE_MARK) or (note.is_dm and self._closed(
                (note.platform, note.workspace_id, note.user_id or ""))):
            error = f"{UNREACHABLE_MARK} {error}"
        await self._mark(self.store.mark_retry, item, self.clock.now(), until, error,
                         failed=False)

    async def _mark(self, fn: Callable[..., bool], item: OutboxItem, *args: Any,
                    **kwargs: Any) -> None:
        done = await self._store(lambda: fn(item, *args, **kwargs))
        if not done:
            log.warning("outbox row %s was claimed by another worker meanwhile; %s's "
                        "outcome not recorded", item.id, self.worker_id)

    def _closed(self, person: tuple[str, str, str]) -> bool:
        since = self._unreachable.get(person)
        return since is not None and self.clock.now() - since < UNREACHABLE_MEMORY

    async def _record(self, item: OutboxItem, outcome: DeliveryOutcome) -> datetime | None:
        scope = scope_of(item.notification)
        if outcome.status is DeliveryStatus.SENT:
            await self._mark(self.store.mark_sent, item, self.clock.now(),
                             outcome.message_ref)
            outage_since = self.pace.succeeded(scope)
            if outage_since is not None:  # the platform is back: no waiting out back-offs
                now = self.clock.now()
                again = await self._store(self.store.retry_now, scope[0], scope[1],
                                          outage_since, now)
                log.info("%s %s answers again: %d waiting messages due now", scope[0],
                         scope[1], again)
            return None
        if outcome.status is DeliveryStatus.RETRY:
            return await self._retry(item, outcome)
        await self._dead(item, outcome.error or outcome.status.value)
        return None

    async def _retry(self, item: OutboxItem, outcome: DeliveryOutcome) -> datetime | None:
        now = self.clock.now()
        scope = scope_of(item.notification)
        if outcome.retry_after is not None:  # the platform set the pace: not a failure
            next_at = now + timedelta(seconds=max(0.0, outcome.retry_after))
            self.pace.rate_limited(scope, next_at)
            await self._mark(self.store.mark_retry, item, now, next_at,
                             outcome.error or "rate limited", failed=False)
            return next_at
        error = outcome.error or "temporary failure"
        self.pace.failed(scope, now)
        tries = item.attempts + 1
        if item.failing_since is not None and now - item.failing_since >= self.give_up:
            hours = (now - item.failing_since).total_seconds() / 3600
            await self._dead(item, f"gave up after {hours:.1f} h of failures and {tries} "
                                   f"attempts: {error}")
            return None
        next_at = now + self.backoff(tries)
        await self._mark(self.store.mark_retry, item, now, next_at, error, failed=True)
        return next_at

    async def _dead(self, item: OutboxItem, error: str) -> None:
        log.warning("outbox row %s is a dead letter: %s", item.id, error)
        self.metrics.dead_letter(item.notification.platform)
        await self._mark(self.store.mark_dead, item, self.clock.now(), error)
