"""Report and chart speed on a 2,000-task project with a year of history (issue 10).

    .venv/bin/python -m tests.bench.report_bench [--tasks 2000] [--runs 200] [--chart-runs 40]

Builds a seeded synthetic history (creation spread over 365 days; starts, dones, drops,
reopens, reassignments, due changes, blocked spans, estimates and logged hours), then
times, each run from the raw events: the quarter report and the whole-year report
(`build_report`, replay included), each chart value, and each chart's PNG render
(`render_png`, value already computed). Prints p50/p99 per step against the targets
(report p99 < 200 ms, chart render p99 < 500 ms), and checks that `import bot.cli` pulls
in no matplotlib (`python -X importtime`)."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from core.reports.charts import burn_up, cumulative_flow, lead_time_scatter, workload_bars
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.facts import replay
from core.reports.metrics import Scope, build_report
from core.reports.period import period_between, period_for
from core.reports.plan_charts import GraphTask, TimelineItem, dependency_graph, timeline

UTC = dt.UTC
START = dt.datetime(2025, 12, 1, 8, tzinfo=UTC)
NOW = START + dt.timedelta(days=365)
PROJECT = 1


def history(tasks: int, seed: int = 10) -> tuple[list[E], list[tuple[int, int]]]:
    rnd = random.Random(seed)
    out: list[E] = []
    edges = []
    for i in range(1, tasks + 1):
        created = START + dt.timedelta(days=365 * (i / tasks) * rnd.uniform(0.9, 1.0))
        who = rnd.randrange(1, 13)
        due = created + dt.timedelta(days=rnd.uniform(2, 30))
        out.append(E(i, K.CREATED, created, actor=who, assignee=who, project=PROJECT,
                     due=due, hours=rnd.choice([None, 1, 2, 4, 8])))
        at = created
        if i > 20 and rnd.random() < 0.4:
            edges.append((rnd.randrange(i - 20, i), i))
        if rnd.random() < 0.2:
            at += dt.timedelta(days=rnd.uniform(0, 2))
            out.append(E(i, K.ASSIGNED, at, actor=who, assignee=rnd.randrange(1, 13)))
        if rnd.random() < 0.15:
            out.append(E(i, K.DUE_CHANGED, at, due=due + dt.timedelta(days=7)))
        if rnd.random() < 0.1:
            out.append(E(i, K.BLOCKED, at))
            at += dt.timedelta(days=rnd.uniform(0.5, 6))
            out.append(E(i, K.UNBLOCKED, at))
        if rnd.random() < 0.8:
            at += dt.timedelta(days=rnd.uniform(0, 5))
            out.append(E(i, K.STARTED, at, actor=who))
        for _ in range(rnd.randrange(0, 4)):
            at += dt.timedelta(hours=rnd.uniform(2, 30))
            out.append(E(i, K.LOGGED, at, actor=who, hours=rnd.choice([0.5, 1, 2, 3])))
        roll = rnd.random()
        if roll < 0.7:
            at += dt.timedelta(days=rnd.expovariate(1 / 6))
            out.append(E(i, K.DONE, at, actor=who))
            if rnd.random() < 0.05:
                at += dt.timedelta(days=1)
                out.append(E(i, K.REOPENED, at, actor=who))
                out.append(E(i, K.DONE, at + dt.timedelta(days=2), actor=who))
        elif roll < 0.75:
            out.append(E(i, K.DROPPED, at + dt.timedelta(days=3), actor=who))
    return [e for e in out if e.at <= NOW], edges


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    return statistics.median(samples), p99


def row(name: str, p50: float, p99: float, target: float | None) -> None:
    verdict = "" if target is None else ("  ok" if p99 < target else "  OVER")
    goal = f"< {target:.0f}" if target else ""
    print(f"{name:<34} {p50:8.1f} {p99:8.1f} {goal:>7}{verdict}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--chart-runs", type=int, default=40)
    args = ap.parse_args()
    events, edges = history(args.tasks)
    quarter = period_for("quarter", NOW, "Europe/Berlin", back=1)
    year = period_between(START.date(), (NOW - dt.timedelta(days=1)).date(), "Europe/Berlin")
    scope = Scope(project=PROJECT)
    print(f"{args.tasks} tasks, {len(events)} history events, {len(edges)} dependencies; "
          f"{args.runs} report runs, {args.chart_runs} render runs")
    print(f"{'step (ms)':<34} {'p50':>8} {'p99':>8} {'target':>7}")
    for name, period in (("report, last quarter", quarter), ("report, whole year", year)):
        row(name, *timed(functools.partial(build_report, events, period, NOW, scope),
                         args.runs), 200)
    facts = replay(events)
    names = {i: f"person{i}" for i in range(1, 13)}
    today = NOW.date()
    values: dict[str, Callable[[], Any]] = {
        "burnup": lambda: burn_up(facts, year, NOW, "launch"),
        "flow": lambda: cumulative_flow(facts, year, NOW, "launch"),
        "leadtime": lambda: lead_time_scatter(facts, year, "launch"),
        "load": lambda: workload_bars(facts, year, NOW, names, "launch"),
        "timeline": lambda: timeline(_items(facts, today), today, "launch"),
        "graph": lambda: dependency_graph(_graph(facts), edges, "launch", today),
    }
    for name, build in values.items():
        row(f"chart value {name} (from facts)", *timed(build, args.runs), None)
    from adapters.charts.render import render_png
    for name, build in values.items():
        chart = build()
        row(f"render {name} png", *timed(functools.partial(render_png, chart), args.chart_runs),
            500)
    _importtime()


def _items(facts: dict, today: dt.date) -> list[TimelineItem]:  # type: ignore[type-arg]
    open_ = [f for f in facts.values() if f.state in ("open", "in_progress")][-30:]
    return [TimelineItem(f.task_id, f"#{f.task_id}", f.created_at.date(),
                         max((f.due or f.created_at).date(), f.created_at.date()),
                         critical=f.task_id % 3 == 0) for f in open_]


def _graph(facts: dict) -> list[GraphTask]:  # type: ignore[type-arg]
    return [GraphTask(f.task_id, f"#{f.task_id}", done=f.state == "done")
            for f in list(facts.values())[-200:]]


def _importtime() -> None:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import bot.cli"],
                         capture_output=True, text=True, check=True).stderr
    heavy = [line for line in out.splitlines() if "matplotlib" in line]
    print(f"python -X importtime -c 'import bot.cli': {len(out.splitlines())} modules, "
          f"matplotlib lines: {len(heavy)}")


if __name__ == "__main__":
    main()
