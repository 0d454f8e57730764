"""Scheduler and delivery speed (not part of CI):

1. One tick with N open tasks with due dates, of which 1,000 need an alert now: the
   tick's cost follows the due work, not N (N = 10k, 100k, 1M), plus an idle tick.
2. A digest for a 200-person channel (8 open tasks each): composing and rendering the
   text, and the whole thing from the database.
3. Outbox throughput: N queued notifications delivered by the delivery worker to a local
   fake notifier and to a local fake platform over HTTP (aiohttp on 127.0.0.1), checking
   each was delivered exactly once.
4. `--only backlog`: the first tick on a database whose task history was never read (N
   tasks with due dates, their history, no alert rows, the cursor at 0), then a steady tick
   with 25,000 overdue alerts; for each, the total time, the longest single transaction
   (on SQLite every transaction holds the write lock: BEGIN IMMEDIATE) and how a writer
   adding a task every 20 ms beside it fared (its slowest write, and "database is locked"
   failures).

    python -m tests.bench.tick_bench [--sizes 10000,100000,1000000] [--db-dir DIR]
    python -m tests.bench.tick_bench --only backlog --sizes 100000
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import multiprocessing
import statistics
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, insert, select, text
from sqlalchemy.exc import OperationalError

from adapters.storage import migrate
from adapters.storage._sql import HISTORY, MEMBERS, PROJECTS, TASKS, TENANTS
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.outbox import SqlOutboxStore
from adapters.storage.schedule_tables import ALERTS, CURSORS
from adapters.storage.uow import SqlUnitOfWorkFactory
from bot.scheduler import SQLITE_TICK_PAUSE
from core.delivery import DeliveryWorker
from core.notifications import Kind, Notification
from core.ports import DeliveryOutcome, DeliveryStatus, FixedClock
from core.scheduling.context import TickContext
from core.scheduling.digest_compose import compose_digest
from core.scheduling.digest_render import digest_text, split_text
from core.scheduling.digest_runs import build_report
from core.scheduling.tick import Ticker
from tests.fakes_outbox import RecordingNotifier
from tests.unit.scheduling.channel_data import big_channel

NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)  # a Wednesday, in working hours
PEOPLE = 200
DUE = 1_000
CHUNK = 50_000


def _db(directory: Path, name: str) -> Engine:
    url = f"sqlite:///{directory / name}"
    migrate.upgrade(url)
    return make_engine(url)


def load_tasks(engine: Engine, n: int, due: int, near: bool = False) -> None:
    """A tenant with PEOPLE members, one project, `n` open tasks with due dates (all far
    ahead, or within 36 h of now when `near`, but `due`, which are overdue), each with its
    alert row, and the change-feed
    cursor up to date (a steady state: nothing changed since the last tick)."""
    with engine.begin() as conn:
        tid = conn.execute(insert(TENANTS).values(platform="console", workspace_id="bench",
                                                  default_tz="UTC", next_task_number=n)
                           .returning(TENANTS.c.id)).scalar_one()
        conn.execute(insert(MEMBERS), [
            {"tenant_id": tid, "user_id": f"u{i}", "display_name": f"person{i}",
             "name_key": f"person{i}", "role": "member", "dm_unreachable": False}
            for i in range(PEOPLE)])
        first = conn.execute(select(MEMBERS.c.id).order_by(MEMBERS.c.id).limit(1)).scalar_one()
        pid = conn.execute(insert(PROJECTS).values(
            tenant_id=tid, name="bench", name_key="bench", owner_id=first, channel_id="c",
            archived=False, created_at=NOW).returning(PROJECTS.c.id)).scalar_one()
        conn.execute(insert(CURSORS).values(name="history", value=0))
    for start in range(0, n, CHUNK):
        rows, alerts = [], []
        for i in range(start, min(n, start + CHUNK)):
            late = i % (n // due) == 0 if due else False
            when = (NOW - dt.timedelta(hours=2) if late
                    else NOW + dt.timedelta(hours=i % 72 - 36) if near
                    else NOW + dt.timedelta(days=30 + i % 300))
            rows.append({"id": i + 1, "tenant_id": tid, "number": i + 1, "title": f"task {i}",
                         "status": "open", "priority": "normal", "priority_order": 2,
                         "creator_id": first, "assignee_id": first + i % PEOPLE,
                         "project_id": pid, "created_at": NOW - dt.timedelta(days=40),
                         "due_at": when, "due_sort": when, "open_blocker_count": 0,
                         "channel_id": "c", "extra": {}})
            alerts.append({"task_id": i + 1, "tenant_id": tid, "due_at": when,
                           "next_at": when if late else when - dt.timedelta(hours=24),
                           "stage": "overdue" if late else "due_soon", "overdue_sent": 0,
                           "escalated": False})
        with engine.begin() as conn:
            conn.execute(insert(TASKS), rows)
            conn.execute(insert(ALERTS), alerts)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def unread_history(engine: Engine, n: int, due: int) -> None:
    """`load_tasks`, then forget what the tick learnt: each task has its history row
    ("created"), but no alert row, and the change-feed cursor is at 0 (a database from
    before the scheduler, or one whose history was never read)."""
    load_tasks(engine, n, due)
    with engine.begin() as conn:
        conn.execute(ALERTS.delete())
        conn.execute(CURSORS.delete())
        for start in range(0, n, CHUNK):
            conn.execute(insert(HISTORY), [
                {"task_id": i + 1, "actor_id": None, "at": NOW - dt.timedelta(days=40),
                 "kind": "created", "text": "created"}
                for i in range(start, min(n, start + CHUNK))])


def bench_tick(directory: Path, sizes: list[int]) -> list[str]:
    out = []
    for n in sizes:
        engine = _db(directory, f"tick_{n}.db")
        t0 = time.perf_counter()
        load_tasks(engine, n, DUE)
        load_s = time.perf_counter() - t0
        uows = SqlUnitOfWorkFactory(make_session_factory(engine))
        ticker = Ticker(uows, FixedClock(NOW))
        t0 = time.perf_counter()
        stats = ticker.tick(NOW)
        busy = time.perf_counter() - t0
        idle = []
        for k in range(5):
            t0 = time.perf_counter()
            again = ticker.tick(NOW + dt.timedelta(seconds=k + 1))
            idle.append(time.perf_counter() - t0)
        assert stats.alerts == DUE and stats.queued == DUE, stats
        assert again.queued == 0
        with engine.connect() as conn:
            queued = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
        assert queued == DUE
        out.append(f"tick, {n:>9,} open tasks, {DUE} due: {busy * 1000:7.0f} ms "
                   f"({busy / DUE * 1e6:.0f} us per alert); idle tick "
                   f"{statistics.median(idle) * 1000:.1f} ms (load {load_s:.0f} s)")
        print(out[-1], flush=True)
        engine.dispose()
    return out


class TransactionTimer:
    """Times every transaction on an engine (begin -> commit/rollback)."""

    def __init__(self, engine: Engine) -> None:
        self.longest = 0.0
        self.count = 0
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def remove(self, engine: Engine) -> None:
        event.remove(engine, "begin", self._begin)
        event.remove(engine, "commit", self._end)
        event.remove(engine, "rollback", self._end)

    def _begin(self, conn: Any) -> None:
        conn.info[("tx_started", id(self))] = time.perf_counter()

    def _end(self, conn: Any) -> None:
        started = conn.info.pop(("tx_started", id(self)), None)
        if started is not None:
            self.count += 1
            self.longest = max(self.longest, time.perf_counter() - started)


class Writer(threading.Thread):
    """A console user adding a task every 100 ms on its own engine while the tick runs."""

    def __init__(self, url: str, tenant_id: int, creator_id: int, first_number: int) -> None:
        super().__init__(daemon=True)
        self.engine = make_engine(url)
        self.tenant_id, self.creator_id, self.number = tenant_id, creator_id, first_number
        self.stop = threading.Event()
        self.slowest, self.writes, self.locked = 0.0, 0, 0

    def run(self) -> None:
        while not self.stop.is_set():
            self.number += 1
            t0 = time.perf_counter()
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(TASKS).values(
                        tenant_id=self.tenant_id, number=self.number, title="typed meanwhile",
                        status="open", priority="normal", priority_order=2,
                        creator_id=self.creator_id, created_at=NOW, open_blocker_count=0,
                        due_sort=dt.datetime(9999, 12, 31, tzinfo=dt.UTC),
                        channel_id="c", extra={}))
                self.writes += 1
            except OperationalError as err:
                if "locked" not in str(err):
                    raise
                self.locked += 1
            self.slowest = max(self.slowest, time.perf_counter() - t0)
            self.stop.wait(0.1)
        self.engine.dispose()


def _timed_tick(url: str, engine: Engine, now: dt.datetime, label: str,
                pause: float, with_writer: bool) -> tuple[str, Any]:
    timer = TransactionTimer(engine)
    with engine.connect() as conn:
        tenant_id, creator = conn.execute(select(MEMBERS.c.tenant_id, MEMBERS.c.id)
                                          .order_by(MEMBERS.c.id).limit(1)).one()
        top = conn.execute(select(func.max(TASKS.c.number))).scalar_one()
    writer = Writer(url, tenant_id, creator, top + 1_000_000)
    if with_writer:
        writer.start()
    ticker = Ticker(SqlUnitOfWorkFactory(make_session_factory(engine)),
                    FixedClock(now), pause=pause)
    t0 = time.perf_counter()
    stats = ticker.tick(now)
    total = time.perf_counter() - t0
    timer.remove(engine)
    line = (f"{label}: {total:6.2f} s in {timer.count} transactions, longest "
            f"{timer.longest * 1000:.0f} ms")
    if with_writer:
        writer.stop.set()
        writer.join()
        line += (f"; a writer beside it (a task every 100 ms): {writer.writes} writes, "
                 f"slowest {writer.slowest * 1000:.0f} ms, {writer.locked} "
                 f"'database is locked'")
    else:
        writer.engine.dispose()
    print(line, flush=True)
    return line, stats


def bench_backlog(directory: Path, sizes: list[int], overdue: int = 25_000,
                  pause: float = SQLITE_TICK_PAUSE) -> list[str]:
    """The first tick over a never-read task history, then a steady tick with `overdue`
    alerts due at once."""
    out = []
    for n in sizes:
        for with_writer in (False, True):
            name = f"backlog_{n}.db"
            for stale in directory.glob(f"{name}*"):
                stale.unlink()
            engine = _db(directory, name)
            url = f"sqlite:///{directory / name}"
            unread_history(engine, n, min(overdue, n))
            line, stats = _timed_tick(url, engine, NOW - dt.timedelta(days=1),
                                      f"first tick, {n:,} tasks of unread history", pause,
                                      with_writer)
            assert stats.changed_tasks >= n, stats  # (overlapping re-reads count again)
            out.append(line)
            line, stats = _timed_tick(url, engine, NOW,
                                      f"steady tick, {min(overdue, n):,} overdue alerts",
                                      pause, with_writer)
            assert stats.alerts == min(overdue, n), stats
            out.append(line)
            engine.dispose()
    return out


def bench_digest(directory: Path) -> list[str]:
    members, data, projects, counts = big_channel(NOW)
    runs = []
    for _ in range(30):
        t0 = time.perf_counter()
        report = compose_digest(channel_id="c", data=data, members=members,
                                projects=projects, counts=counts, away=[], now=NOW,
                                tz="Europe/Berlin", since=NOW - dt.timedelta(days=1))
        parts = split_text(digest_text(report), 2000)
        runs.append(time.perf_counter() - t0)
    out = [f"digest, 200 people x 9 tasks, compose + text + split: median "
           f"{statistics.median(runs) * 1000:.1f} ms, best {min(runs) * 1000:.1f} ms "
           f"({len(parts)} messages of <= 2000 chars)"]
    engine = _db(directory, "digest.db")
    load_tasks(engine, PEOPLE * 8, 0, near=True)
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    db_runs = []
    for _ in range(10):
        with uows() as uow:
            tc = TickContext(uow=uow, now=NOW)
            tenant = tc.tenant(1)
            assert tenant is not None
            t0 = time.perf_counter()
            report = build_report(tc, tenant, "c", "UTC", None)
            digest_text(report)
            db_runs.append(time.perf_counter() - t0)
    assert len(report.people) == PEOPLE
    out.append(f"digest from SQLite, 200 people x 8 open tasks (queries + compose + text): "
               f"median {statistics.median(db_runs) * 1000:.1f} ms")
    engine.dispose()
    for line in out:
        print(line, flush=True)
    return out


class HttpPlatform:
    """A notifier posting each message to a local fake platform over HTTP."""

    platform = "console"

    def __init__(self, url: str, session: Any) -> None:
        self.url, self.session = url, session

    async def deliver(self, note: Notification) -> DeliveryOutcome:
        async with self.session.post(self.url, json={"text": note.text,
                                                     "to": note.user_id or note.channel_id}
                                     ) as resp:
            body = await resp.json()
        return DeliveryOutcome(DeliveryStatus.SENT, message_ref=str(body["ts"]))


def _platform_server(port_out: Any, counts_out: Any, stop: Any) -> None:
    """The fake platform, in its own process like a real one: counts what it receives."""
    from aiohttp import web

    received: Counter[str] = Counter()

    async def post(request: web.Request) -> web.Response:
        payload = await request.json()
        received[payload["text"]] += 1
        return web.json_response({"ok": True, "ts": sum(received.values())})

    async def main() -> None:
        app = web.Application()
        app.router.add_post("/chat.postMessage", post)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_out.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        while not stop.is_set():
            await asyncio.sleep(0.05)
        counts_out.send(dict(received))
        await runner.cleanup()

    asyncio.run(main())


async def _through_http(store: SqlOutboxStore, port: int, n: int,
                        store_threads: int = 1) -> float:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        platform = HttpPlatform(f"http://127.0.0.1:{port}/chat.postMessage", session)
        worker = DeliveryWorker(store, {"console": platform}, FixedClock(NOW), "bench",
                                store_threads=store_threads)  # the product's in-flight bound
        t0 = time.perf_counter()
        done = await worker.drain(max_batches=10_000)
        elapsed = time.perf_counter() - t0
    assert done == n
    return elapsed


def _queue(engine: Engine, n: int) -> SqlOutboxStore:
    sessions = make_session_factory(engine)
    uows = SqlUnitOfWorkFactory(sessions)
    with uows() as uow:
        for i in range(n):
            d = i % 50
            uow.outbox.add(Notification(kind=Kind.ASSIGNED, platform="console",
                                        workspace_id="bench", text=f"m{i}",
                                        user_id=f"u{d}" if d % 2 else None,
                                        channel_id=None if d % 2 else f"c{d}",
                                        dedupe_key=f"k{i}"), NOW)
        uow.commit()
    return SqlOutboxStore(sessions)


def _pg_db(server: str, name: str) -> Engine:
    """A fresh database on a PostgreSQL server, migrated."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    db = f"taskbot_bench_{name.split('.')[0]}_{int(time.time())}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{db}"'))
    admin.dispose()
    url = make_url(server).set(database=db).render_as_string(hide_password=False)
    migrate.upgrade(url)
    return make_engine(url)


def bench_outbox(make_db: Callable[[str], Engine], n: int, label: str = "SQLite",
                 store_threads: int = 1) -> list[str]:
    out = []
    engine = make_db("outbox_fake.db")
    store = _queue(engine, n)
    fake = RecordingNotifier(platform="console")
    worker = DeliveryWorker(store, {"console": fake}, FixedClock(NOW), "bench",
                            store_threads=store_threads)
    t0 = time.perf_counter()
    done = asyncio.run(worker.drain(max_batches=10_000))
    elapsed = time.perf_counter() - t0
    counts = Counter(x.text for x in fake.sent)
    assert done == n and len(counts) == n and set(counts.values()) == {1}
    out.append(f"outbox ({label}) -> in-process fake notifier: {n} in {elapsed:.2f} s = "
               f"{n / elapsed:,.0f} deliveries/s, none lost, none twice")
    engine.dispose()
    engine = make_db("outbox_http.db")
    store = _queue(engine, n)
    ctx = multiprocessing.get_context("spawn")
    port_rx, port_tx = ctx.Pipe(duplex=False)
    counts_rx, counts_tx = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    server = ctx.Process(target=_platform_server, args=(port_tx, counts_tx, stop))
    server.start()
    try:
        elapsed = asyncio.run(_through_http(store, port_rx.recv(), n, store_threads))
    finally:
        stop.set()
    received = counts_rx.recv()
    server.join(10)
    assert len(received) == n and set(received.values()) == {1}
    out.append(f"outbox ({label}) -> local fake platform (own process) over HTTP: {n} in "
               f"{elapsed:.2f} s = {n / elapsed:,.0f} deliveries/s, none lost, none twice")
    engine.dispose()
    for line in out:
        print(line, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--deliveries", type=int, default=5000)
    parser.add_argument("--db-dir", type=Path, default=None)
    parser.add_argument("--pg", default=None, help="also measure the outbox on this "
                        "PostgreSQL server (postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    parser.add_argument("--pause", type=float, default=SQLITE_TICK_PAUSE,
                        help="backlog: the tick's pause after each transaction, as a "
                        "fraction of its duration (what `taskbot` uses on SQLite)")
    parser.add_argument("--only", choices=["digest", "outbox", "tick", "backlog"], default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.db_dir or Path(tmp)
        if args.only in (None, "digest"):
            bench_digest(directory)
        if args.only in (None, "outbox"):
            bench_outbox(lambda name: _db(directory, name), args.deliveries)
            if args.pg:
                bench_outbox(lambda name: _pg_db(args.pg, name), args.deliveries,
                             "PostgreSQL, 4 store threads", store_threads=4)
        if args.only in (None, "tick"):
            bench_tick(directory, [int(s) for s in args.sizes.split(",")])
        if args.only == "backlog":
            bench_backlog(directory, [int(s) for s in args.sizes.split(",")],
                          pause=args.pause)


if __name__ == "__main__":
    main()
