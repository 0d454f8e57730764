"""Forecast speed of the planning core (issue 15; not part of CI).

A synthetic project of N open tasks (default 2,000) worked by P people (50) with E
dependency edges (3,000, each from one of the 40 previous tasks to a later one: a DAG, a
tenth of the blockers in a second project), 10 milestones, a project target, people in four
time zones with a few away weeks, a fifth of the tasks without an estimate (the median of
200 done tasks stands in) and some time logged. Timed, each run on the same input:

- forecast: `core.planning.forecast.forecast` (the forward pass);
- full: forecast + slack of every task + the critical path (what `/project forecast` needs).

The first run (cold calendar caches) is reported apart; then `--runs` timed runs.

    .venv/bin/python -m tests.bench.plan_bench [--tasks 2000] [--people 50] [--edges 3000]
                                               [--runs 200] [--seed 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable

from core.planning.calendar import WorkCalendar
from core.planning.durations import Duration
from core.planning.forecast import forecast
from core.planning.model import Milestone, PlanInput, PlanTask, ProjectPlan
from core.planning.slack import critical_path, slack

NOW = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo")


def make_plan(tasks: int = 2000, people: int = 50, edges: int = 3000, seed: int = 15,
              window: int = 40) -> PlanInput:
    """A reproducible plan of `tasks` open tasks (ids 1..tasks, project "main" but every
    tenth edge's blocker moved to project "infra")."""
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(people)]
    calendars = {}
    for i, name in enumerate(names):
        away: tuple[tuple[dt.datetime, dt.datetime], ...] = ()
        if i % 7 == 0:
            first = NOW + dt.timedelta(days=rng.randrange(3, 60))
            away = ((first, first + dt.timedelta(days=7)),)
        start = dt.time(rng.choice((8, 9, 10)))
        calendars[name] = WorkCalendar(tz=ZONES[i % len(ZONES)], start=start,
                                       end=dt.time(start.hour + rng.choice((6, 8, 8, 8))),
                                       away=away)
    blockers: dict[int, set[int]] = {i: set() for i in range(1, tasks + 1)}
    added = 0
    while added < edges and tasks > 1:
        later = rng.randrange(2, tasks + 1)
        earlier = rng.randrange(max(1, later - window), later)
        if earlier not in blockers[later]:
            blockers[later].add(earlier)
            added += 1
    infra = {b for i, bs in blockers.items() for b in bs if b % 10 == 0}
    out = []
    for i in range(1, tasks + 1):
        estimate = None if rng.random() < 0.2 else Duration(
            minutes=rng.choice((0, 30, 120, 240)), day_hundredths=rng.choice((0, 50, 100, 300)))
        if estimate is not None and estimate.is_zero:
            estimate = Duration(minutes=60)
        out.append(PlanTask(
            id=i, project="infra" if i in infra else "main",
            assignee=None if rng.random() < 0.05 else rng.choice(names),
            in_progress=rng.random() < 0.05, priority=rng.randrange(4),
            due=NOW + dt.timedelta(days=rng.randrange(1, 120)) if rng.random() < 0.5 else None,
            estimate=estimate, logged=Duration(minutes=rng.choice((0, 0, 0, 60, 90))),
            blockers=tuple(sorted(blockers[i])),
            milestone=f"m{rng.randrange(10)}" if i not in infra else None, created=NOW))
    return PlanInput(
        now=NOW, tasks=tuple(out), calendars=calendars,
        cycle_minutes={"main": tuple(float(rng.randrange(60, 2400)) for _ in range(200))},
        milestones=tuple(Milestone("main", f"m{k}", NOW + dt.timedelta(days=20 * (k + 1)))
                         for k in range(10)),
        projects=(ProjectPlan("main", NOW + dt.timedelta(days=150)), ProjectPlan("infra")))


def _full(plan: PlanInput) -> None:
    fc = forecast(plan)
    slack(plan, fc)
    critical_path(fc, "main")


def _measure(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return sorted(out)


def _pct(xs: list[float], q: float) -> float:
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--people", type=int, default=50)
    ap.add_argument("--edges", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    plan = make_plan(args.tasks, args.people, args.edges, args.seed)
    n_edges = sum(len(t.blockers) for t in plan.tasks)
    t0 = time.perf_counter()
    fc = forecast(plan)
    cold = (time.perf_counter() - t0) * 1000
    path = critical_path(fc, "main")
    print(f"{len(plan.tasks)} tasks, {len(plan.calendars)} people, {n_edges} edges; "
          f"forecast finish {fc.projects['main'].finish:%Y-%m-%d %H:%M} UTC, "
          f"{fc.without_estimate} without estimate, critical path {len(path)} tasks")
    print(f"first forecast (cold caches): {cold:.1f} ms")
    for label, fn in (("forecast", lambda: forecast(plan)), ("full", lambda: _full(plan))):
        xs = _measure(fn, args.runs)
        print(f"{label:9s} runs={args.runs} p50={_pct(xs, 0.5):.1f} ms "
              f"p99={_pct(xs, 0.99):.1f} ms max={xs[-1]:.1f} ms")


if __name__ == "__main__":
    main()
