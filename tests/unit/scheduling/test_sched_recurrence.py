"""Recurrence rules keep local wall-clock time across daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import UserError
from core.scheduling.recurrence import first_occurrence, parse_rule
from core.scheduling.timecalc import local, localize

TZ = "Europe/Lisbon"


def seq(rule: str, start: dt.datetime, n: int) -> list[dt.datetime]:
    r, out, t = parse_rule(rule), [], start
    for _ in range(n):
        t = r.next_after(t, TZ)
        out.append(local(t, TZ))
    return out


START = localize(dt.date(2026, 3, 27), dt.time(17), TZ)  # a Friday, before the change


def test_daily_keeps_17_local_across_the_change() -> None:
    got = seq("daily", START, 3)
    assert [(d.day, d.hour) for d in got] == [(28, 17), (29, 17), (30, 17)]
    assert got[1].utcoffset() != got[0].utcoffset()


@pytest.mark.parametrize("rule,days", [
    ("weekdays", [30, 31, 1, 2, 3]), ("mon,thu", [30, 2, 6, 9, 13]),
    ("weekday", [30, 31, 1, 2, 3]), ("weekly on mon,thu", [30, 2, 6, 9, 13]),
    ("every week on monday and thursday", [30, 2, 6, 9, 13]), ("on thu", [2, 9, 16, 23, 30]),
    ("weekly", [3, 10, 17, 24, 1]), ("every 2 weeks", [10, 24, 8, 22, 5]),
    ("0 9 * * 1-5", [30, 31, 1, 2, 3])])
def test_rules(rule: str, days: list[int]) -> None:
    assert [d.day for d in seq(rule, START, 5)] == days


def test_monthly_counts_from_the_anchor_not_the_clamped_month() -> None:
    jan31 = localize(dt.date(2026, 1, 31), dt.time(17), TZ)
    r, got, t = parse_rule("monthly"), [], jan31
    for _ in range(4):
        t = r.next_after(t, TZ, jan31)
        got.append(local(t, TZ))
    assert [d.date() for d in got] == [dt.date(2026, 2, 28), dt.date(2026, 3, 31),
                                       dt.date(2026, 4, 30), dt.date(2026, 5, 31)]
    assert {d.hour for d in got} == {17}
    two = parse_rule("every 2 months")
    assert local(two.next_after(localize(dt.date(2026, 3, 31), dt.time(17), TZ), TZ, jan31),
                 TZ).date() == dt.date(2026, 5, 31)


def test_without_an_anchor_monthly_clamps_to_the_month_end() -> None:
    jan31 = localize(dt.date(2026, 1, 31), dt.time(17), TZ)
    assert [d.date() for d in seq("monthly", jan31, 1)] == [dt.date(2026, 2, 28)]


@pytest.mark.parametrize("rule", ["* * * * *", "*/5 * * * *", "0 * * * *", "0 9,17 * * *",
                                  "*/30 9 * * 1-5", "0 */2 * * *"])
def test_rules_firing_more_than_once_a_day_are_refused(rule: str) -> None:
    with pytest.raises(UserError, match="more than once a day"):
        parse_rule(rule)


@pytest.mark.parametrize("rule", ["0 9 * * 1-5", "30 8 * * *", "0 9 1 * *", "0 18 * * 5"])
def test_once_a_day_cron_rules_are_accepted(rule: str) -> None:
    assert parse_rule(rule).cron == rule


def test_cron_time_is_local() -> None:
    assert [d.hour for d in seq("30 8 * * *", START, 3)] == [8, 8, 8]


@pytest.mark.parametrize("rule", ["sometimes", "every 0 days", "61 * * * *", "mon,funday"])
def test_bad_rules_are_friendly_errors(rule: str) -> None:
    with pytest.raises(UserError, match="Try: daily"):
        parse_rule(rule)


def test_first_occurrence_without_a_due_date() -> None:
    friday_noon = localize(dt.date(2026, 3, 27), dt.time(12), TZ)
    assert local(first_occurrence(parse_rule("daily"), friday_noon, TZ), TZ).hour == 17
    sat = localize(dt.date(2026, 3, 28), dt.time(12), TZ)
    nxt = local(first_occurrence(parse_rule("weekdays"), sat, TZ), TZ)
    assert (nxt.day, nxt.hour) == (30, 17)
