"""A report as chat figures: every definition has its line, missing data says why."""

from __future__ import annotations

import datetime as dt

from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.metrics import Scope, build_report
from core.reports.period import period_between
from core.reports.summary import figures, headline, span

UTC = dt.UTC
PERIOD = period_between(dt.date(2026, 3, 2), dt.date(2026, 3, 8), "UTC")


def test_figures_for_a_small_week() -> None:
    events = [E(1, K.CREATED, dt.datetime(2026, 3, 2, 9, tzinfo=UTC), project=7, assignee=5,
                due=dt.datetime(2026, 3, 4, tzinfo=UTC)),
              E(1, K.STARTED, dt.datetime(2026, 3, 3, 9, tzinfo=UTC)),
              E(1, K.DONE, dt.datetime(2026, 3, 3, 21, tzinfo=UTC)),
              E(2, K.CREATED, dt.datetime(2026, 3, 2, 9, tzinfo=UTC), project=7)]
    r = build_report(events, PERIOD, dt.datetime(2026, 3, 9, tzinfo=UTC), Scope(project=7))
    got = dict(figures(r, {5: "@ana"}))
    assert got["Created / done / dropped"] == "2 / 1 / 0"
    assert got["Completion rate"] == "100% of 1 due"
    assert got["Lead time p50 / p85"] == "1.5 d / 1.5 d"
    assert got["Cycle time p50 / p85"] == "12.0 h / 12.0 h"
    assert got["Overdue rate"] == "0%"
    assert got["Time blocked"] == "none"
    assert got["Schedule variance"] == "no baseline"
    assert got["Estimate accuracy"].startswith("no done task has both")
    assert got["Workload"] == "unassigned 1 open, 0 done; @ana 0 open, 1 done"
    assert headline(r) == "1 done, 2 created, 1 open (2 Mar to 8 Mar 2026)"


def test_an_empty_period_says_why_instead_of_zero_percent() -> None:
    got = dict(figures(build_report([], PERIOD, dt.datetime(2026, 3, 9, tzinfo=UTC)), {}))
    assert got["Completion rate"] == "no task was due" == got["Overdue rate"]
    assert got["Lead time p50 / p85"] == "n/a / n/a"
    assert "Workload" not in got
    assert span(None) == "n/a"


def test_a_long_periods_throughput_lists_its_last_weeks_only() -> None:
    year = period_between(dt.date(2025, 12, 1), dt.date(2026, 11, 29), "UTC")
    events = [E(1, K.CREATED, dt.datetime(2025, 12, 1, 9, tzinfo=UTC), project=7),
              E(1, K.DONE, dt.datetime(2026, 11, 27, 9, tzinfo=UTC))]
    got = dict(figures(build_report(events, year, dt.datetime(2026, 11, 30, tzinfo=UTC)), {}))
    assert got["Throughput"] == "0.0 per week (52 weeks; the last 8: 0, 0, 0, 0, 0, 0, 0, 1)"
    assert got["Created / done / dropped"] == "1 / 1 / 0"
    week = dict(figures(build_report(events[:1], PERIOD, dt.datetime(2026, 3, 9, tzinfo=UTC)),
                        {}))
    assert week["Throughput"] == "0.0 per week (0)"


def test_throughput_counts_only_the_weeks_that_have_started() -> None:
    """A quarter on its fourth week: the last 8 of its 14 weeks were all still to come."""
    quarter = period_between(dt.date(2026, 4, 1), dt.date(2026, 6, 30), "UTC")
    events = [E(i, K.CREATED, dt.datetime(2026, 4, 1, 9, tzinfo=UTC), project=7)
              for i in range(1, 5)]
    events += [E(i, K.DONE, dt.datetime(2026, 4, 6 + 5 * i, 9, tzinfo=UTC)) for i in (1, 2)]
    got = dict(figures(build_report(events, quarter, dt.datetime(2026, 4, 22, tzinfo=UTC)),
                       {}))
    assert got["Throughput"] == "0.5 per week (0, 1, 1, 0)"
    ahead = dict(figures(build_report(events, quarter, dt.datetime(2026, 3, 1, tzinfo=UTC)),
                         {}))
    assert ahead["Throughput"] == "no week of the period has started yet"
