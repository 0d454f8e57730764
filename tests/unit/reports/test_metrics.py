"""Metrics against hand-computed histories: reopen, drop, DST, a done before its start."""

from __future__ import annotations

import datetime as dt

import pytest

from core.reports.events import EventKind as K
from core.reports.events import HistoryEvent as E
from core.reports.metrics import Scope, build_report, percentile
from core.reports.period import parse_period, period_between, period_for

UTC = dt.UTC


def at(day: int, hour: int = 12, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=UTC)


# March 2026: Mon 2, Mon 9, Mon 16, Mon 23, Mon 30.
PERIOD = period_between(dt.date(2026, 3, 2), dt.date(2026, 3, 15), "UTC")   # two weeks
NOW = at(20)
H = [
    # 1: created, started, done: lead 3 days, cycle 2 days
    E(1, K.CREATED, at(2), project=7, assignee=100, due=at(6), hours=4),
    E(1, K.STARTED, at(3)), E(1, K.LOGGED, at(4), actor=100, hours=6), E(1, K.DONE, at(5)),
    # 2: done, reopened, started again, done again: counts once, cycle from the 2nd start
    E(2, K.CREATED, at(2), project=7, assignee=101, due=at(8), hours=2),
    E(2, K.STARTED, at(2, 13)), E(2, K.DONE, at(3)), E(2, K.REOPENED, at(4)),
    E(2, K.STARTED, at(9)), E(2, K.LOGGED, at(9), actor=101, hours=3), E(2, K.DONE, at(10)),
    # 3: dropped, never counted as due or done
    E(3, K.CREATED, at(3), project=7, due=at(4)), E(3, K.DROPPED, at(5)),
    # 4: done without ever being started, late by 2 days
    E(4, K.CREATED, at(2), project=7, assignee=100, due=at(9)), E(4, K.DONE, at(11)),
    # 5: still open, due in the period, blocked for 2 days
    E(5, K.CREATED, at(4), project=7, assignee=100, due=at(12)),
    E(5, K.BLOCKED, at(5)), E(5, K.UNBLOCKED, at(7)),
    # 6: another project, ignored by the project scope
    E(6, K.CREATED, at(3), project=8, assignee=100), E(6, K.DONE, at(4)),
    # 7: done with its start stamped after the done
    E(7, K.CREATED, at(9), project=7, assignee=101), E(7, K.DONE, at(10)),
    E(7, K.STARTED, at(11)),
]


def test_counts_rates_and_late_days_for_a_project() -> None:
    r = build_report(H, PERIOD, NOW, Scope(project=7))
    assert (r.created, r.done, r.dropped) == (6, 4, 1)
    # due in the period, not dropped: 1 (on time), 2 (done 10th > due 8th), 4 (late), 5 (open)
    assert r.due == 4
    assert r.completion_rate == pytest.approx(3 / 4)
    assert r.overdue_rate == pytest.approx(3 / 4)
    # 2 days (task 2) + 2 days (task 4) + as_of (16th 00:00) - 12th 12:00 = 3.5 (task 5)
    assert r.avg_days_late == pytest.approx((2 + 2 + 3.5) / 3)
    assert r.throughput == [(dt.date(2026, 3, 2), 1), (dt.date(2026, 3, 9), 3)]


def test_lead_and_cycle_percentiles() -> None:
    r = build_report(H, PERIOD, NOW, Scope(project=7))
    # lead: 3d (1), 8d (2), 9d (4), 1d (7) -> sorted 1,3,8,9
    assert r.lead_p50 == dt.timedelta(days=5.5)
    assert r.lead_p85 == dt.timedelta(days=8 + 0.55)
    # cycle: 2d (1), 1d (2: second start 9th -> 10th); 4 never started; 7 started after
    assert r.cycle_p50 == dt.timedelta(days=1.5)
    assert r.cycle_p85 == dt.timedelta(days=1.85)


def test_backlog_blocked_estimates_and_workload() -> None:
    r = build_report(H, PERIOD, NOW, Scope(project=7))
    assert r.backlog_now == 1                     # only task 5 is open at the period's end
    assert r.backlog_trend == [(dt.date(2026, 3, 2), 0), (dt.date(2026, 3, 9), 3)]
    assert r.blocked_time == dt.timedelta(days=2) and r.blocked_tasks == 1
    # (6 + 3) logged over (4 + 2) estimated
    assert r.estimate_ratio == pytest.approx(9 / 6) and r.estimate_tasks == 2
    loads = {w.person: (w.open, w.done, w.hours) for w in r.workload}
    assert loads == {100: (1, 2, 6.0), 101: (0, 2, 3.0)}


def test_person_and_workspace_scopes() -> None:
    assert build_report(H, PERIOD, NOW, Scope(person=100)).done == 3   # 1, 4 and 6
    assert build_report(H, PERIOD, NOW).done == 5


def test_schedule_variance_against_a_baseline() -> None:
    baseline = {1: at(6), 2: at(8), 5: at(10), 3: at(4)}
    v = build_report(H, PERIOD, NOW, Scope(project=7), baseline).variance
    assert v is not None
    # 1: -1 day, 2: +2 days, 5: open at as_of (16th 00:00) vs 10th 12:00: +5.5; 3 dropped
    assert (v.compared, v.late) == (3, 2)
    assert v.mean_days == pytest.approx((-1 + 2 + 5.5) / 3)
    assert v.worst_task == 5
    assert v.worst_days == pytest.approx(5.5)


def test_a_week_across_the_dst_change_is_169_hours_and_starts_at_local_midnight() -> None:
    # Europe/Berlin leaves summer time on Sunday 25 Oct 2026.
    week = period_for("week", dt.datetime(2026, 10, 22, 10, tzinfo=UTC), "Europe/Berlin")
    assert week.end - week.start == dt.timedelta(hours=169)
    assert week.start == dt.datetime(2026, 10, 18, 22, tzinfo=UTC)   # Mon 19th 00:00 CEST
    # done at Sunday 23:30 local (22:30 UTC, after the change) is inside; Monday 00:30 not
    events = [E(1, K.CREATED, dt.datetime(2026, 10, 19, 8, tzinfo=UTC)),
              E(1, K.DONE, dt.datetime(2026, 10, 25, 22, 30, tzinfo=UTC)),
              E(2, K.CREATED, dt.datetime(2026, 10, 19, 8, tzinfo=UTC)),
              E(2, K.DONE, dt.datetime(2026, 10, 25, 23, 30, tzinfo=UTC))]
    r = build_report(events, week, dt.datetime(2026, 11, 1, tzinfo=UTC))
    assert r.done == 1 and r.throughput == [(dt.date(2026, 10, 19), 1)]


def test_periods_parse_and_label() -> None:
    now = dt.datetime(2026, 5, 20, 9, tzinfo=UTC)
    assert parse_period("month", now, "UTC").label == "May 2026"
    q = parse_period("quarter", now, "UTC")
    assert q.label == "Q2 2026" and q.start == dt.datetime(2026, 4, 1, tzinfo=UTC)
    r = parse_period("from:2026-01-05 to:2026-01-11", now, "UTC")
    assert r.end == dt.datetime(2026, 1, 12, tzinfo=UTC)
    assert period_for("week", now, "UTC", back=1).start == dt.datetime(2026, 5, 11, tzinfo=UTC)
    assert parse_period("last week", now, "UTC").label == "week of 11 May to 17 May 2026"
    assert parse_period("last month", now, "UTC").label == "April 2026"
    assert parse_period("this month", now, "UTC").label == "May 2026"
    assert parse_period("previous quarter", now, "UTC").label == "Q1 2026"
    assert parse_period("last quarter", dt.datetime(2026, 2, 1, tzinfo=UTC), "UTC"
                        ).label == "Q4 2025"
    with pytest.raises(Exception, match="before it starts"):
        parse_period("from:2026-02-01 to:2026-01-01", now, "UTC")
    with pytest.raises(Exception, match="Unknown period"):
        parse_period("fortnight", now, "UTC")


def test_empty_history_gives_zeros_and_nones() -> None:
    r = build_report([], PERIOD, NOW)
    assert (r.created, r.done, r.backlog_now, r.workload) == (0, 0, 0, [])
    assert r.completion_rate is None and r.lead_p50 is None and r.variance is None


def test_percentile_interpolates_like_numpy() -> None:
    assert percentile([1, 2, 3, 4], 0.85) == pytest.approx(3.55)
    assert percentile([5], 0.85) == 5 and percentile([], 0.5) is None


def test_a_week_into_summer_time_is_167_hours_and_the_lead_time_counts_real_hours() -> None:
    # Europe/Berlin enters summer time on Sunday 29 Mar 2026 (02:00 -> 03:00).
    week = period_for("week", dt.datetime(2026, 3, 25, 10, tzinfo=UTC), "Europe/Berlin")
    assert week.end - week.start == dt.timedelta(hours=167)
    # created Saturday 12:00 local (11:00 UTC), done Sunday 12:00 local (10:00 UTC): 23 h
    events = [E(1, K.CREATED, dt.datetime(2026, 3, 28, 11, tzinfo=UTC)),
              E(1, K.DONE, dt.datetime(2026, 3, 29, 10, tzinfo=UTC))]
    r = build_report(events, week, dt.datetime(2026, 4, 1, tzinfo=UTC))
    assert r.lead_p50 == dt.timedelta(hours=23) and r.cycle_p50 is None


def test_a_task_done_in_the_period_and_reopened_after_it_is_not_done() -> None:
    """"Done" is the final close: a task reopened since is not done work. (It was closed
    at the period's end, so the backlog then did not hold it.)"""
    events = [E(1, K.CREATED, at(2), project=7, due=at(6)), E(1, K.DONE, at(5)),
              E(1, K.REOPENED, at(18))]
    r = build_report(events, PERIOD, NOW, Scope(project=7))
    assert (r.done, r.backlog_now) == (0, 0)
    assert r.completion_rate == 0.0        # due in the period, not done by its end now


def test_reopened_then_dropped_counts_as_dropped_not_done() -> None:
    events = [E(1, K.CREATED, at(2), project=7), E(1, K.STARTED, at(3)), E(1, K.DONE, at(4)),
              E(1, K.REOPENED, at(5)), E(1, K.DROPPED, at(6))]
    r = build_report(events, PERIOD, NOW, Scope(project=7))
    assert (r.done, r.dropped, r.backlog_now) == (0, 1, 0)
    assert r.lead_p50 is None and r.cycle_p50 is None


def test_blocked_time_is_clipped_to_the_period_and_an_open_span_runs_to_as_of() -> None:
    events = [E(1, K.CREATED, at(1, month=2), project=7),
              E(1, K.BLOCKED, at(27, month=2)),                 # 3.5 days before the period
              E(1, K.UNBLOCKED, at(4)),                         # 2.5 days inside it
              E(2, K.CREATED, at(2), project=7), E(2, K.BLOCKED, at(14))]   # open: to the 16th
    r = build_report(events, PERIOD, NOW, Scope(project=7))
    assert r.blocked_time == dt.timedelta(days=2.5 + 1.5) and r.blocked_tasks == 2
