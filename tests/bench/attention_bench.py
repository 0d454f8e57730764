"""Notifications that respect attention: what holding and releasing costs (not part of CI).

1. A command that notifies (`/task assign #N @bob`), timed through the real bus, with the
   burst window on (the DM is held in `notify_held`) and off (queued in the outbox).
2. A tick with `people` hourly people whose batches of `notes` notes each are due: every
   batch released as one DM (the tick's time, and the DMs queued), then an idle tick with
   the same number of held notes not yet due (the due index: it reads none of them).

    python -m tests.bench.attention_bench [--db URL] [--people 500] [--notes 20] [--runs 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, func, select

from adapters.storage import migrate
from adapters.storage._sql import OUTBOX
from adapters.storage.attention_tables import HELD
from bot.container import Container, build
from bot.settings import Settings
from core.attention.model import BATCH_BUCKET, Mode, NotifyPrefs
from core.commands import Context
from core.model import Role, TenantKey
from core.notifications import Kind, Notification
from core.ports import FixedClock
from core.scheduling.tick import Ticker

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # a Monday, in working hours
WS = "bench"


def _ctx(who: str) -> Context:
    return Context(platform="console", workspace_id=WS, user_id=who, display_name=who,
                   channel_id="general", names_are_ids=True)


def _container(url: str, burst: float) -> Container:
    return build(Settings(TASKBOT_DATABASE_URL=url, TASKBOT_NOTIFY_BURST_SECONDS=burst),
                 clock=FixedClock(NOW))


def commands(url: str, burst: float, runs: int) -> list[float]:
    c = _container(url, burst)
    try:
        for i in range(runs):
            c.bus.run_text(_ctx("ana"), "task", f"add Task {i}")
        times = []
        for i in range(1, runs + 1):
            started = time.perf_counter()
            c.bus.run_text(_ctx("ana"), "task", f"assign #{i} @bob")
            times.append((time.perf_counter() - started) * 1000)
        return times
    finally:
        c.close()


def held_world(url: str, people: int, notes: int, release_at: dt.datetime) -> None:
    c = _container(url, 60)
    try:
        c.bus.run_text(_ctx("ana"), "task", "help")
        with c.uow_factory() as uow:
            tenant = uow.tenants.get_or_create(TenantKey("console", WS))
            for p in range(people):
                who = f"p{p}"
                member = uow.members.get(tenant.id, who) or uow.members.add(
                    tenant.id, who, who, Role.MEMBER)
                uow.attention.save_notify_prefs(NotifyPrefs(member.id, tenant.id,
                                                            Mode.HOURLY))
                for n in range(notes):
                    note = Notification(kind=Kind.ASSIGNED, platform="console",
                                        workspace_id=WS, user_id=who, actor_name="ana",
                                        text=f"ana assigned you #{n} Task {n}")
                    uow.attention.hold(tenant.id, member.id, BATCH_BUCKET, release_at, note,
                                       NOW)
            uow.commit()
    finally:
        c.close()


def tick(url: str, at: dt.datetime) -> tuple[float, int, int, float]:
    """The tick's time, summaries queued, notes left, and its longest transaction."""
    c = _container(url, 60)
    spans: list[float] = []
    opened: list[float] = []
    event.listen(c.engine, "begin", lambda conn: opened.append(time.perf_counter()))
    event.listen(c.engine, "commit",
                 lambda conn: spans.append(time.perf_counter() - opened.pop())
                 if opened else None)
    try:
        ticker = Ticker(c.uow_factory, c.clock)
        started = time.perf_counter()
        stats = ticker.tick(at)
        took = time.perf_counter() - started
        with c.engine.connect() as conn:
            queued = conn.execute(select(func.count()).select_from(OUTBOX)
                                  .where(OUTBOX.c.kind == "summary")).scalar_one()
            left = conn.execute(select(func.count()).select_from(HELD)).scalar_one()
        assert stats.failures == 0
        return took, int(queued), int(left), max(spans, default=0.0)
    finally:
        c.close()


def _pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="database URL (default: a SQLite file per part)")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--notes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="attention-bench-"))

    def fresh(name: str) -> str:
        url = args.db or f"sqlite:///{tmp / (name + '.db')}"
        if args.db:
            from tests.bench.attention_reset import reset  # PostgreSQL: empty it first
            reset(url)
        migrate.upgrade(url)
        return url

    for burst in (60.0, 0.0):
        times = commands(fresh(f"cmd{int(burst)}"), burst, args.runs)
        what = "held (burst 60 s)" if burst else "queued (burst off)"
        print(f"assign #N @bob, DM {what}: median {statistics.median(times):.2f} ms, "
              f"p95 {_pct(times, 0.95):.2f} ms over {args.runs} runs")
    url = fresh("tick")
    held_world(url, args.people, args.notes, NOW)
    took, queued, left, longest = tick(url, NOW)
    print(f"tick releasing {args.people} batches of {args.notes} notes: {took * 1000:.0f} ms, "
          f"{queued} summary DMs queued, {left} notes left held, longest transaction "
          f"{longest * 1000:.0f} ms")
    url = fresh("idle")
    held_world(url, args.people, args.notes, NOW + dt.timedelta(hours=1))
    took, queued, left, _ = tick(url, NOW)
    print(f"idle tick beside {left} held notes not yet due: {took * 1000:.1f} ms, "
          f"{queued} DMs queued")


if __name__ == "__main__":
    main()
