"""Digest instants, catch-up and working hours across daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest

from core.scheduling.model import EVERY_DAY, DigestSchedule, Prefs
from core.scheduling.timecalc import (
    digest_run_after,
    latest_run,
    local_date,
    localize,
    next_allowed,
    parse_clock,
)

UTC = dt.UTC


def sched(at: str = "09:00", tz: str = "Europe/Berlin",
          days: tuple[int, ...] = EVERY_DAY) -> DigestSchedule:
    return DigestSchedule(id=1, tenant_id=1, channel_id="c", at=parse_clock(at), tz=tz,
                          days=days)


def runs(s: DigestSchedule, start: dt.datetime, n: int) -> list[tuple[dt.date, dt.datetime]]:
    out, t = [], start
    for _ in range(n):
        day, t = digest_run_after(s, t)
        out.append((day, t))
    return out


def test_gap_and_repeat_give_exactly_one_instant_per_day() -> None:
    # Europe/Berlin springs forward 2026-03-29 02:00 -> 03:00 and falls back 2026-10-25.
    spring = runs(sched("02:30"), dt.datetime(2026, 3, 27, 12, tzinfo=UTC), 4)
    assert [d for d, _ in spring] == [dt.date(2026, 3, d) for d in (28, 29, 30, 31)]
    assert spring[1][1] == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    autumn = runs(sched("02:30"), dt.datetime(2026, 10, 24, 12, tzinfo=UTC), 3)
    assert [d for d, _ in autumn] == [dt.date(2026, 10, d) for d in (25, 26, 27)]
    assert autumn[0][1] == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # first 02:30


def test_nine_local_follows_the_zone_across_the_change() -> None:
    ny = runs(sched("09:00", "America/New_York"), dt.datetime(2026, 3, 6, tzinfo=UTC), 4)
    assert [t.hour for _, t in ny] == [14, 14, 13, 13]  # EST then EDT (change on Mar 8)


def test_weekdays_skip_the_weekend() -> None:
    s = sched(days=(0, 1, 2, 3, 4))
    days = [d.weekday() for d, _ in runs(s, dt.datetime(2026, 3, 5, 12, tzinfo=UTC), 5)]
    assert days == [4, 0, 1, 2, 3]


def test_latest_run_drops_older_missed_runs() -> None:
    s = sched()
    due = localize(dt.date(2026, 5, 4), dt.time(9), s.tz)
    now = localize(dt.date(2026, 5, 6), dt.time(10), s.tz)
    assert latest_run(s, due, now)[0] == dt.date(2026, 5, 6)


def test_quiet_hours_weekends_and_away() -> None:
    p = Prefs(member_id=1, tenant_id=1)
    tz = "Asia/Tokyo"
    three_am = localize(dt.date(2026, 6, 3), dt.time(3), tz)  # a Wednesday
    assert next_allowed(three_am, p, tz) == localize(dt.date(2026, 6, 3), dt.time(9), tz)
    friday_night = localize(dt.date(2026, 6, 5), dt.time(19), tz)
    assert next_allowed(friday_night, p, tz) == localize(dt.date(2026, 6, 8), dt.time(9), tz)
    noon = localize(dt.date(2026, 6, 3), dt.time(12), tz)
    assert next_allowed(noon, p, tz) == noon
    p.away_until = localize(dt.date(2026, 6, 10), dt.time(0), tz)
    assert next_allowed(noon, p, tz) == localize(dt.date(2026, 6, 10), dt.time(9), tz)


@pytest.mark.parametrize("text,expected", [("09:00", dt.time(9)), ("9am", dt.time(9)),
                                           ("5:30pm", dt.time(17, 30)), ("17", dt.time(17)),
                                           ("12am", dt.time(0))])
def test_parse_clock(text: str, expected: dt.time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:75", "13pm", "nine", "", "9:000", "2200000000",
                                  "99999999999:00"])
def test_parse_clock_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


def _walk_every_day(s: DigestSchedule, due: dt.datetime,
                    now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The unbounded walk latest_run used to do: one step per run from `due` to `now`."""
    day, instant = local_date(due, s.tz), due
    while True:
        nxt_day, nxt = digest_run_after(s, instant)
        if nxt > now:
            return day, instant
        day, instant = nxt_day, nxt


@pytest.mark.parametrize("days", [(0,), (0, 2, 4), tuple(range(7))])
@pytest.mark.parametrize("gap_days", [1, 14, 16, 45, 400])
def test_catching_up_after_a_long_gap_finds_the_same_latest_run(
        days: tuple[int, ...], gap_days: int) -> None:
    s = sched(days=days, tz="Europe/Paris")
    _, due = digest_run_after(s, dt.datetime(2026, 3, 20, tzinfo=dt.UTC))
    now = due + dt.timedelta(days=gap_days, hours=5)
    assert latest_run(s, due, now) == _walk_every_day(s, due, now)


def test_a_clock_moved_on_by_centuries_catches_up_in_a_few_steps() -> None:
    """`:clock 2199-12-30` walked every missed weekday since 2026 (15 s of CPU a schedule);
    the walk now starts at most two weeks back."""
    s = sched(days=(0,))
    _, due = digest_run_after(s, dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    day, instant = latest_run(s, due, dt.datetime(2199, 12, 31, 12, tzinfo=dt.UTC))
    assert (day, instant) == (dt.date(2199, 12, 30),  # the last Monday, 09:00 in Berlin
                              dt.datetime(2199, 12, 30, 8, tzinfo=dt.UTC))
