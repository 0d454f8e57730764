"""Wiring of the scheduler: its tick for the console's `:clock` and `taskbot tick`, and the
APScheduler 3.x loop of `taskbot run`. (Its commands are in the core's handler registry,
its repository and quiet hours on the unit of work.)

APScheduler only ticks: one interval job calls `Ticker.tick`, which finds what is due in
our own tables. The job is `coalesce=True` (ticks missed while the loop was busy collapse
into one), `max_instances=1` (a slow tick is never overlapped by the next one in this
process) and `misfire_grace_time=None` (a late tick still runs, however late: catching up
is decided by the digest grace period in our tables, not by APScheduler's default of
skipping anything more than a second late). Replicas need nothing more: every item is
claimed in the database."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time

from bot.container import Container
from core.delivery import DeliveryWorker
from core.scheduling.tick import Ticker, TickStats

log = logging.getLogger(__name__)


SQLITE_TICK_PAUSE = 0.5
"""On SQLite the tick sleeps half of each transaction's duration after it (at most 0.2 s):
a command waiting for the write lock gets it between two batches."""


def make_ticker(container: Container) -> Ticker:
    s = container.settings
    return Ticker(container.uow_factory, container.clock,
                  default_tz=s.default_tz, grace=dt.timedelta(hours=s.digest_grace_hours),
                  pause=SQLITE_TICK_PAUSE if s.is_sqlite else 0.0)


async def tick_once(container: Container, worker: DeliveryWorker | None,
                    now: dt.datetime | None = None) -> TickStats:
    """One tick (in a thread: the storage is synchronous), then deliver what it queued."""
    stats = await asyncio.to_thread(timed_tick, container, make_ticker(container), now)
    log.debug("%s", stats)  # the caller reports it (`taskbot tick` prints it once)
    if worker is not None:
        await worker.drain()
    return stats


CONSOLE_TICKS_MAX = 10


def did_work(stats: TickStats) -> bool:
    """A tick that read changes or sent something may have made more work due at the same
    instant (a changed task's overdue alert is scheduled by one tick, sent by the next)."""
    return bool(stats.changed_tasks or stats.digests or stats.alerts or stats.reminders
                or stats.occurrences or stats.queued or stats.batches)


def timed_tick(container: Container, ticker: Ticker,
               now: dt.datetime | None = None) -> TickStats:
    """`ticker.tick`, counted in the container's metrics (duration, items by kind)."""
    started = time.perf_counter()
    stats = ticker.tick(now)
    items = {k: v for k, v in dataclasses.asdict(stats).items() if isinstance(v, int)}
    container.metrics.tick(time.perf_counter() - started, items)
    return stats


async def console_tick(container: Container, worker: DeliveryWorker) -> None:
    """The console's `:clock`: run whatever became due at the console's clock, tick after
    tick until a tick finds nothing to do (at most `CONSOLE_TICKS_MAX`)."""
    for _ in range(CONSOLE_TICKS_MAX):
        if not did_work(await tick_once(container, worker)):
            return
    log.warning(":clock stopped after %d ticks with work still due", CONSOLE_TICKS_MAX)


async def run_scheduler(container: Container, stop: asyncio.Event) -> None:
    """Tick every `TASKBOT_TICK_SECONDS` until `stop` is set. Delivery runs in its own loop
    (`DeliveryWorker.run`), so a tick only queues. APScheduler loads here: the one-shot
    commands (`taskbot tick`, the console) tick without it."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    ticker = make_ticker(container)

    async def tick() -> None:
        try:
            stats = await asyncio.to_thread(timed_tick, container, ticker)
            if stats.queued or stats.failures:
                log.info("%s", stats)
        except Exception:  # the database was away: the next tick catches up
            log.exception("scheduler tick failed")
        except asyncio.CancelledError:  # the process is stopping mid-tick: no traceback,
            log.info("scheduler tick interrupted by shutdown")  # the next start catches up

    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per tick
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
    scheduler.add_job(tick, IntervalTrigger(seconds=container.settings.tick_seconds),
                      id="tick", coalesce=True, max_instances=1, misfire_grace_time=None,
                      next_run_time=dt.datetime.now(dt.UTC))
    scheduler.start()
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
