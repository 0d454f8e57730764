"""The report and a chart of a 2,000-task project with a year of history, FROM STORAGE,
through the command bus as a chat command runs them (issue 10).

    .venv/bin/python -m tests.bench.report_storage_bench [--url URL] [--runs 100]

Seeds a migrated database (a temporary SQLite file unless --url names one, e.g. a fresh
PostgreSQL database) with the seeded synthetic history of tests/bench/report_bench.py
written as the bot writes it (task rows in their final state, history rows with their
structured `detail`), then times `/project report launch quarter` and `... year` (the
history query, the replay, the metrics, the member lookup) and `/project chart launch
burnup|leadtime` (the same load plus the PNG render), each as `CommandBus.execute`.
Prints p50/p99 against the targets (report < 200 ms, chart render < 500 ms) and whether
`taskbot --help` loads matplotlib (`python -X importtime`). The garbage collector runs as
in `taskbot run`: what is loaded before the commands is frozen (bot/startup.py), so a
collection walks what the commands allocate (and matplotlib, loaded by the first chart),
not every module object.

`--planned` also plans the project (issue 15 through the report, wire10): a target date
and a milestone, a 1 d estimate on every open task, an estimate and two time logs on
every done one, and a baseline; so each report and chart also computes the forecast of
the open work, the baseline variance and the critical path, and reads the time logs.
Without it the project is unplanned, and the report reads only the (empty) estimates and
time logs: no forecast."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from adapters.storage import migrate
from adapters.storage._sql import HISTORY, MEMBERS, PROJECTS, TASKS, TENANTS
from adapters.storage.engine import make_engine
from adapters.storage.plan_tables import PLAN_TASKS, TIME_LOGS
from bot.container import build
from bot.settings import Settings
from bot.startup import serving
from core.bus import CommandBus, ErrorReply
from core.commands import Context
from core.commands_reports import ProjectChart, ProjectReport
from core.history_detail import iso
from core.ports import FixedClock
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent
from core.reports.facts import replay
from core.results_reports import ChartPosted, ReportView
from tests.bench.report_bench import NOW, START, history

STATUS_TEXT = {K.STARTED: "started", K.DONE: "done", K.DROPPED: "dropped",
               K.REOPENED: "reopened"}


def _history_row(task_id: int, e: HistoryEvent) -> dict[str, Any] | None:
    detail: dict[str, Any] | None = None
    if e.kind is K.CREATED:
        kind, text = "created", f"created #{task_id}"
        detail = {"project": 1, "assignee": e.assignee, "due": iso(e.due)}
    elif e.kind in STATUS_TEXT:
        kind, text = "status", STATUS_TEXT[e.kind]
    elif e.kind is K.ASSIGNED:
        kind, text, detail = "assigned", "assigned", {"assignee": e.assignee}
    elif e.kind is K.DUE_CHANGED:
        kind, text, detail = "due", "due", {"due": iso(e.due)}
    elif e.kind in (K.BLOCKED, K.UNBLOCKED):
        kind, text, detail = e.kind.value, e.kind.value, {"by": 0}
    else:
        return None   # estimates and time logged belong to the project layer
    return {"task_id": task_id, "actor_id": e.actor, "at": e.at, "kind": kind, "text": text,
            "detail": detail}


def seed(url: str, tasks: int) -> int:
    """Write the synthetic project; returns the number of history rows."""
    events, _ = history(tasks)
    facts = replay(events)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(TENANTS), [{"id": 1, "platform": "console", "workspace_id": "bench",
                                        "default_tz": "Europe/Berlin",
                                        "next_task_number": tasks}])
        conn.execute(insert(MEMBERS), [
            {"id": i, "tenant_id": 1, "user_id": f"p{i}", "display_name": f"person{i}",
             "name_key": f"person{i}", "role": "admin" if i == 1 else "member"}
            for i in range(1, 13)])
        conn.execute(insert(PROJECTS), [{"id": 1, "tenant_id": 1, "name": "launch",
                                         "name_key": "launch", "owner_id": 1,
                                         "channel_id": "general", "archived": False}])
        far = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
        conn.execute(insert(TASKS), [
            {"id": f.task_id, "tenant_id": 1, "number": f.task_id, "title": f"Task {f.task_id}",
             "status": f.state, "priority": "normal", "priority_order": 2, "creator_id": 1,
             "assignee_id": f.assignee, "project_id": 1, "created_at": f.created_at,
             "due_at": f.due, "due_sort": f.due or far, "started_at": f.started_at,
             "done_at": f.done_at or f.dropped_at, "open_blocker_count": 0, "extra": {}}
            for f in facts.values()])
        rows = [r for e in sorted(events, key=lambda e: e.at)
                if (r := _history_row(e.task_id, e)) is not None]
        for start in range(0, len(rows), 5000):
            conn.execute(insert(HISTORY), rows[start:start + 5000])
    engine.dispose()
    return len(rows)


def plan(bus: CommandBus, url: str) -> None:
    """Plan the seeded project (see the module's docstring)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        tasks = conn.execute(select(TASKS.c.id, TASKS.c.status, TASKS.c.done_at,
                                    TASKS.c.assignee_id)).all()
        conn.execute(insert(PLAN_TASKS), [
            {"task_id": i, "tenant_id": 1, "estimate_minutes": None, "estimate_days": 100,
             "logged_minutes": 720 if status == "done" else 0}
            for i, status, _, _ in tasks if status != "dropped"])
        conn.execute(insert(TIME_LOGS), [
            {"tenant_id": 1, "task_id": i, "member_id": who, "at": done - dt.timedelta(hours=h),
             "minutes": 360, "note": None}
            for i, status, done, who in tasks if status == "done" and done is not None
            for h in (30, 6)])
    engine.dispose()
    ctx = Context(platform="console", workspace_id="bench", user_id="p1",
                  display_name="person1", channel_id="general")
    for text in (f"due launch {(NOW + dt.timedelta(days=120)).date()}",
                 f"milestone launch beta due:{(NOW + dt.timedelta(days=60)).date()}",
                 "baseline launch"):
        result = bus.run_text(ctx, "project", text)
        assert not isinstance(result, ErrorReply), result.text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", help="an EMPTY database to seed (default: a temporary SQLite)")
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--chart-runs", type=int, default=30)
    ap.add_argument("--planned", action="store_true",
                    help="give the project a target, a milestone, estimates, time logs "
                         "and a baseline")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        n = seed(url, args.tasks)
        container = build(Settings(TASKBOT_DATABASE_URL=url, TASKBOT_DEFAULT_TZ="Europe/Berlin"),
                          clock=FixedClock(NOW))
        try:
            if args.planned:
                plan(container.bus, url)
            serving()  # as `taskbot run` does once it is wired (bot/startup.py)
            _measure(container.bus, args, n, url)
        finally:
            container.close()
    _startup()


def reference_loop_ms() -> float:
    """CPU time of a fixed pure-Python loop (5M additions): this VM runs in speed regimes
    up to ~2x apart, so the bench prints this before and after its figures to say which
    regime they were taken in."""
    c0 = time.process_time()
    total = 0
    for i in range(5_000_000):
        total += i
    return (time.process_time() - c0) * 1000


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, float, float]:
    """(wall p50, wall p99, CPU p50, CPU p99) in ms. The CPU time of this process is the
    figure to read on a shared, loaded machine: wall time there counts waiting for a core."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return (*_p50_p99(wall), *_p50_p99(cpu))


def _p50_p99(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return (statistics.median(ordered),
            ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))])


def row(name: str, wall50: float, wall99: float, cpu50: float, cpu99: float,
        target: float) -> None:
    verdict = "ok" if cpu99 < target else "OVER"
    print(f"{name:<36} {wall50:8.1f} {wall99:8.1f} {cpu50:8.1f} {cpu99:8.1f}   < {target:.0f} "
          f"{verdict}")


def _measure(bus: CommandBus, args: argparse.Namespace, rows: int, url: str) -> None:
    ctx = Context(platform="console", workspace_id="bench", user_id="p1",
                  display_name="person1", channel_id="general")

    def run(command: Any, kind: type) -> None:
        result = bus.execute(ctx, command)
        assert isinstance(result, kind), result

    year = f"from:{START.date()} to:{(NOW - dt.timedelta(days=1)).date()}"
    print(f"{url.split(':')[0]}: {args.tasks} tasks, {rows} history rows; "
          f"{args.runs} report runs, {args.chart_runs} chart runs (each a bus command); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"reference loop {reference_loop_ms():.0f} ms")
    print(f"{'step (ms)':<36} {'wall p50':>8} {'wall p99':>8} {'cpu p50':>8} {'cpu p99':>8}"
          "   target (cpu p99)")
    for name, period in (("report, last quarter", "quarter"), ("report, whole year", year)):
        row(f"/project {name}", *timed(functools.partial(
            run, ProjectReport(name="launch", period=period), ReportView), args.runs), 200)
    for kind in ("burnup", "leadtime", "load", "graph", "timeline"):
        row(f"/project chart {kind} (load+png)", *timed(functools.partial(
            run, ProjectChart(name="launch", kind=kind, period=year),
            ChartPosted), args.chart_runs), 500)
    print(f"reference loop after: {reference_loop_ms():.0f} ms")


def _startup() -> None:
    """Does `taskbot --help` import matplotlib? (It must not: charts load it lazily.)"""
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot.cli", "--help"],
                         capture_output=True, text=True, check=True).stderr
    lines = out.splitlines()
    heavy = [line for line in lines if "matplotlib" in line or "adapters.charts" in line]
    total = sum(int(line.split("|")[1]) for line in lines[1:] if line.count("|") >= 2
                and line.split("|")[1].strip().isdigit())
    print(f"python -X importtime -m bot.cli --help: {len(lines) - 1} modules, "
          f"{total / 1000:.0f} ms cumulative self time, matplotlib/charts modules: "
          f"{len(heavy)}")


if __name__ == "__main__":
    main()
