"""One scheduler tick: everything that became due up to `now`, each item claimed in the
database and handled in its own short transaction, so a second replica or a retried tick
finds nothing left to do and one bad row never stops the rest.

Order: the change feed first (tasks created, re-dated, closed since the last tick rebuild
their alert rows and advance recurring series), then digests, alerts, reminders,
series and held notifications (`core.attention.release`) whose time came. Each reads
only due rows through an index: the cost follows the due work, not the number of tasks.

Once a (UTC) day, the first tick to claim the day's purge cursor deletes outbox rows sent
or dead for longer than the retention (30 days), in batches: one replica does it, once;
and the first to claim the day's watch cursor checks every dated milestone's forecast
(`core.scheduling.plan_recheck.watch`).

No transaction is long: the change feed is read `feed_batch` history rows per transaction
(the cursor advances with each, so a tick stopped half-way resumes where it stopped, even
on a first tick over years of history), due items `chunk` (50) per transaction. On SQLite,
where every transaction holds the one write lock, `pause` (a fraction of the transaction's
own duration) is slept after each, so a command waiting in SQLite's busy handler gets
the lock between two batches instead of being starved by the tick's next transaction."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from core.attention import release as held_notes
from core.model import Status, Task
from core.ports import Clock
from core.reports import weekly
from core.reports.ports import has_reports, reports_of
from core.scheduling import alerts, digest_runs, plan_recheck, reminders, series
from core.scheduling.context import TickContext
from core.scheduling.model import Series
from core.scheduling.ports import (
    ScheduleUnitOfWork,
    ScheduleUnitOfWorkFactory,
)
from core.standup import runs as standup_runs

log = logging.getLogger(__name__)

T = TypeVar("T")
FEED_CURSOR = "history"
PURGE_CURSOR = "outbox_purge"
"""Holds the ordinal of the last UTC day whose outbox purge was claimed."""


@dataclass
class TickStats:
    changed_tasks: int = 0
    digests: int = 0
    alerts: int = 0
    reminders: int = 0
    occurrences: int = 0
    failures: int = 0
    queued: int = field(default=0)
    purged: int = 0
    standups: int = 0
    batches: int = 0
    """Held notes released as DMs (`core.attention`): batches and closed burst windows."""
    reports: int = 0

    def __str__(self) -> str:
        return (f"tick: {self.changed_tasks} changed tasks, {self.digests} digests, "
                f"{self.alerts} alerts, {self.reminders} reminders, {self.occurrences} new "
                f"occurrences, {self.queued} messages queued, {self.failures} failures"
                + (f", {self.purged} old outbox rows purged" if self.purged else "")
                + (f", {self.standups} check-in items" if self.standups else "")
                + (f", {self.batches} held batches released" if self.batches else "")
                + (f", {self.reports} weekly reports" if self.reports else ""))


class Ticker:
    def __init__(self, uow_factory: ScheduleUnitOfWorkFactory, clock: Clock,
                 default_tz: str = "UTC",
                 grace: dt.timedelta = dt.timedelta(hours=3), batch: int = 500,
                 feed_batch: int = 200, chunk: int = 50,
                 outbox_retention: dt.timedelta = dt.timedelta(days=30),
                 purge_batch: int = 2000, pause: float = 0.0) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.default_tz = default_tz
        self.grace = grace
        self.batch = batch
        self.feed_batch = feed_batch
        self.chunk = chunk
        self.outbox_retention = outbox_retention
        self.purge_batch = purge_batch
        self.pause = pause

    def _breathe(self, started: float) -> None:
        """After a write transaction: let a waiting writer in (see the module doc)."""
        if self.pause > 0:
            time.sleep(min(0.2, (time.monotonic() - started) * self.pause) + 0.001)

    def tick(self, now: dt.datetime | None = None) -> TickStats:
        now = now or self.clock.now()
        stats = TickStats()
        with self.uow_factory() as uow:  # one short read: what is due at all?
            cur = uow.feed.cursor(FEED_CURSOR)
            changed = uow.feed.latest_history_id() > cur
            due = (uow.digests.due_digests(now, self.batch),
                   uow.alerts.due_alerts(now, self.batch),
                   uow.reminders.due_reminders(now, self.batch),
                   uow.series.due_series(now, self.batch),
                   held_notes.due(uow, now, self.batch))
            purge_day = uow.feed.cursor(PURGE_CURSOR) < _day(now)
            watch_day = uow.feed.cursor(plan_recheck.WATCH_CURSOR) < _day(now)
            reports_due = (reports_of(uow).due_schedules(now, self.batch)
                           if has_reports(uow) else [])
            uow.commit()
        if changed:
            stats.changed_tasks = self._sync_changes(now, stats)
        digests_, alerts_, reminders_, series_, held_ = due
        stats.digests = self._each(now, stats, digests_,
                                   lambda u, n: u.digests.due_digests(n, self.batch),
                                   lambda tc, d: digest_runs.process(tc, d, self.grace))
        stats.standups = standup_runs.tick(
            self.uow_factory, now, self.batch, self.grace,
            lambda first, due, work: self._each(now, stats, first, due, work))
        stats.alerts = self._each(now, stats, alerts_,
                                  lambda u, n: u.alerts.due_alerts(n, self.batch), alerts.process)
        stats.reminders = self._each(now, stats, reminders_,
                                     lambda u, n: u.reminders.due_reminders(n, self.batch),
                                     reminders.process)
        self._each(now, stats, series_, lambda u, n: u.series.due_series(n, self.batch),
                   lambda tc, sr: self._advance(tc, sr, stats))
        stats.batches = self._each(now, stats, held_,
                                   lambda u, n: held_notes.due(u, n, self.batch),
                                   held_notes.process, held_notes.CHUNK)
        ready = weekly.prepare(self.uow_factory, reports_due, now, self.grace,
                               self.default_tz) if reports_due else {}
        stats.reports = self._each(now, stats, reports_due,
                                   lambda u, n: reports_of(u).due_schedules(n, self.batch),
                                   lambda tc, r: weekly.process(tc, r, self.grace, ready),
                                   chunk=1)  # one claim a transaction
        if watch_day and self._claim_day(plan_recheck.WATCH_CURSOR, now):
            queued, failed = plan_recheck.watch(self.uow_factory, now, self._breathe)
            stats.queued, stats.failures = stats.queued + queued, stats.failures + failed
        if purge_day:
            stats.purged = self._purge_outbox(now)
        return stats

    def release_held(self, now: dt.datetime | None = None) -> int:
        """Only the held-notifications part of a tick (the console after each line, so a
        burst window that closed in real time goes out without a `:clock`)."""
        now = now or self.clock.now()
        stats = TickStats()
        with self.uow_factory() as uow:
            first = held_notes.due(uow, now, self.batch)
            uow.commit()
        return self._each(now, stats, first, lambda u, n: held_notes.due(u, n, self.batch),
                          held_notes.process, held_notes.CHUNK) if first else 0

    def _purge_outbox(self, now: dt.datetime) -> int:
        """Today's outbox purge, if this tick is the one that claims it. Batches commit one
        by one: a crash part-way leaves the rest for tomorrow, and deleting is idempotent."""
        claimed = self._claim_day(PURGE_CURSOR, now)
        total = 0
        while claimed:
            started = time.monotonic()
            with self.uow_factory() as uow:
                gone = uow.deliveries.purge_outbox(now - self.outbox_retention,
                                                           self.purge_batch)
                uow.commit()
            self._breathe(started)
            total += gone
            claimed = gone == self.purge_batch
        if total:
            log.info("purged %d outbox rows sent or dead before %s", total,
                     now - self.outbox_retention)
        return total

    def _claim_day(self, cursor: str, now: dt.datetime) -> bool:
        """Whether this tick claims today's run of a once-a-day job (its cursor holds the
        last day claimed; a compare-and-set, so one replica wins)."""
        day = _day(now)
        with self.uow_factory() as uow:
            last = uow.feed.cursor(cursor)
            claimed = last < day and uow.feed.advance_cursor(cursor, last, day)
            uow.commit()
        return claimed

    @staticmethod
    def _advance(tc: TickContext, sr: Series, stats: TickStats) -> int:
        """A series whose occurrence time came: create the next one (no message)."""
        current = tc.uow.tasks.get_by_ids([sr.current_task_id]).get(sr.current_task_id)
        stats.occurrences += series.advance(tc, sr, current)
        return 0

    def _context(self, uow: ScheduleUnitOfWork, now: dt.datetime) -> TickContext:
        return TickContext(uow=uow, now=now,
                           default_tz=self.default_tz)

    def _sync_changes(self, now: dt.datetime, stats: TickStats) -> int:
        """Follow the task history since the last tick, `feed_batch` rows a transaction,
        until it is caught up. The cursor is claimed like any due row, so two replicas
        never process the same stretch of history at once; it advances in the same
        transaction as the work it stands for, so an interrupted tick resumes there."""
        total = 0
        first = True
        while True:
            started = time.monotonic()
            with self.uow_factory() as uow:
                tc = self._context(uow, now)
                cur = tc.uow.feed.cursor(FEED_CURSOR)
                ids, last = tc.uow.feed.changed_tasks(cur, self.feed_batch, overlap=first)
                first = False
                if last == cur or not tc.uow.feed.advance_cursor(FEED_CURSOR, cur, last):
                    uow.commit()
                    return total
                tc.prefetch(task_ids=ids)  # the tasks, their people and preferences
                tc.prefetch_alerts(ids)
                seen: list[Task | None] = []
                for task_id in ids:
                    task = tc.task(task_id)
                    seen.append(task)
                    alerts.sync(tc, task, task_id)
                    if task is None:
                        continue
                    series.start(tc, task)
                    if task.status is Status.DONE or task.status is Status.DROPPED:
                        current = tc.uow.series.series_of_task(task.id)
                        if current is not None and current.active:
                            stats.occurrences += series.advance(tc, current, task)
                stats.queued += plan_recheck.after_closes(tc, seen)
                uow.commit()
            total += len(ids)
            self._breathe(started)

    def _each(self, now: dt.datetime, stats: TickStats, first: list[T],
              due: Callable[[ScheduleUnitOfWork, dt.datetime], list[T]],
              work: Callable[[TickContext, T], int], chunk: int | None = None) -> int:
        """Handle due items, `chunk` (default `self.chunk`) per transaction (their lookups
        prefetched together); returns how many were handled. `first` is the first batch
        (already read); more are read while batches come back full. A chunk that fails is
        rolled back and redone one item per transaction, so one bad row never holds back
        the others."""
        handled = 0
        seen: set[int] = set()
        items = first
        while True:
            fresh = [i for i in items if id_of(i) not in seen]
            if not fresh:
                return handled
            seen.update(id_of(i) for i in fresh)
            size = chunk or self.chunk
            for start in range(0, len(fresh), size):
                handled += self._chunk(now, stats, fresh[start:start + size], work)
            if len(items) < self.batch:
                return handled
            with self.uow_factory() as uow:
                items = due(uow, now)

    def _chunk(self, now: dt.datetime, stats: TickStats, chunk: list[T],
               work: Callable[[TickContext, T], int]) -> int:
        started = time.monotonic()
        try:
            with self.uow_factory() as uow:
                tc = self._context(uow, now)
                tc.prefetch(task_ids=[t for i in chunk if (t := task_id_of(i)) is not None],
                            member_ids=[m for i in chunk if (m := member_id_of(i)) is not None])
                queued = sum(work(tc, item) for item in chunk)
                uow.commit()
            self._breathe(started)
            stats.queued += queued
            return len(chunk)
        except Exception:
            if len(chunk) == 1:
                stats.failures += 1
                log.exception("scheduled item %r failed; it stays due", chunk[0])
                return 0
        return sum(self._chunk(now, stats, [item], work) for item in chunk)


def _day(now: dt.datetime) -> int:
    return now.astimezone(dt.UTC).date().toordinal()


def task_id_of(item: object) -> int | None:
    for name in ("task_id", "current_task_id"):
        value = getattr(item, name, None)
        if isinstance(value, int):
            return value
    return None


def member_id_of(item: object) -> int | None:
    value = getattr(item, "member_id", None)
    return value if isinstance(value, int) else None


def id_of(item: object) -> int:
    value = getattr(item, "id", None)
    if not isinstance(value, int):
        value = getattr(item, "task_id", 0)
    return value if isinstance(value, int) else 0
