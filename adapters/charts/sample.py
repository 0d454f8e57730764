"""Draw a sample chart from a seeded, made-up project (for the README and for a look at the
style): `python -m adapters.charts.sample docs/burnup.png [burnup|flow|leadtime|load]`.

The history is generated here (60 tasks over 12 weeks, people picking work up, finishing
it, a few dropped and reopened), replayed by core like any stored history, and rendered by
the same code the bot posts with; the same seed gives the same picture."""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable
from pathlib import Path

from adapters.charts.render import Chart, render_png
from core.reports.charts import burn_up, cumulative_flow, lead_time_scatter, workload_bars
from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.facts import TaskFacts, replay
from core.reports.period import period_between

START = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)       # a Monday
NOW = START + dt.timedelta(weeks=12)
PEOPLE = {1: "@ana", 2: "@bo", 3: "@cy", 4: "@dee"}


def sample_history(tasks: int = 60, seed: int = 10) -> list[E]:
    rnd = random.Random(seed)
    out: list[E] = []
    for i in range(1, tasks + 1):
        created = START + dt.timedelta(days=rnd.uniform(0, 74))
        who = rnd.choice(list(PEOPLE))
        out.append(E(i, K.CREATED, created, project=1, assignee=who,
                     due=created + dt.timedelta(days=rnd.uniform(5, 20))))
        at = created + dt.timedelta(days=rnd.uniform(0.5, 4))
        if at < NOW and rnd.random() < 0.85:
            out.append(E(i, K.STARTED, at))
            at += dt.timedelta(days=rnd.expovariate(1 / 3))
            roll = rnd.random()
            if roll < 0.8 and at < NOW:
                out.append(E(i, K.DONE, at))
            elif roll < 0.86 and at < NOW:
                out.append(E(i, K.DROPPED, at))
    return out


def _facts() -> dict[int, TaskFacts]:
    return replay(sample_history())


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print("usage: python -m adapters.charts.sample OUT.png [burnup|flow|leadtime|load]",
              file=sys.stderr)
        return 2
    kind = argv[1] if len(argv) > 1 else "burnup"
    period = period_between(START.date(), (NOW - dt.timedelta(days=1)).date(), "UTC")
    facts = _facts()
    charts: dict[str, Callable[[], Chart]] = {
        "burnup": lambda: burn_up(facts, period, NOW, "launch"),
        "flow": lambda: cumulative_flow(facts, period, NOW, "launch"),
        "leadtime": lambda: lead_time_scatter(facts, period, "launch"),
        "load": lambda: workload_bars(facts, period, NOW, PEOPLE, "launch")}
    if kind not in charts:
        print(f"unknown chart {kind!r}: one of {', '.join(charts)}", file=sys.stderr)
        return 2
    chart = charts[kind]()
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render_png(chart))
    print(f"{out}: {chart.title}. Alt text: {chart.alt}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
