"""Working calendars: weekends, away time, daylight saving, and the walk back."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from core.planning.calendar import (
    CalendarError,
    WorkCalendar,
    add_working,
    sub_working,
    working_days_between,
    working_minutes_between,
)
from tests.unit.planning.helpers import UTC, at

OFFICE = WorkCalendar()  # 09:00-17:00 UTC, Monday to Friday


def test_work_stops_for_the_weekend() -> None:
    assert add_working(OFFICE, at(4, 16), 120) == at(7, 10)  # Fri 16:00 + 2 h = Mon 10:00


def test_zero_minutes_moves_a_start_into_working_hours() -> None:
    assert add_working(OFFICE, at(5, 12), 0) == at(7, 9)    # Saturday -> Monday 09:00
    assert add_working(OFFICE, at(4, 17), 0) == at(7, 9)    # a window's end -> next start
    assert add_working(OFFICE, at(1, 11), 0) == at(1, 11)   # already working
    assert add_working(OFFICE, at(1, 7), 0) == at(1, 9)     # before hours


def test_an_away_week_is_skipped() -> None:
    away = WorkCalendar(away=((at(7, 0), at(14, 0)),))
    assert add_working(away, at(4, 16), 120) == at(14, 10)


def test_away_hours_inside_a_day() -> None:
    lunch = WorkCalendar(away=((at(30, 12), at(30, 14)),))
    assert add_working(lunch, at(30, 9), 300) == at(30, 16)
    assert working_minutes_between(lunch, at(30, 9), at(30, 17)) == 360


def test_a_long_absence_is_jumped_not_walked() -> None:
    gone = WorkCalendar(away=((at(1, 0), dt.datetime(2029, 1, 1, tzinfo=UTC)),))
    assert add_working(gone, at(30, 16), 120) == dt.datetime(2029, 1, 1, 10, tzinfo=UTC)


def test_daylight_saving_keeps_local_hours() -> None:
    berlin = WorkCalendar(tz="Europe/Berlin")
    # autumn: Fri 23 Oct 16:00 CEST (14:00 UTC) + 2 h -> Mon 26 Oct 10:00 CET (09:00 UTC)
    assert add_working(berlin, dt.datetime(2026, 10, 23, 14, tzinfo=UTC), 120) == \
        dt.datetime(2026, 10, 26, 9, tzinfo=UTC)
    # spring: Fri 27 Mar 16:00 CET (15:00 UTC) + 2 h -> Mon 30 Mar 10:00 CEST (08:00 UTC)
    assert add_working(berlin, dt.datetime(2026, 3, 27, 15, tzinfo=UTC), 120) == \
        dt.datetime(2026, 3, 30, 8, tzinfo=UTC)
    # two working days across the change are 16 h
    assert working_minutes_between(berlin, dt.datetime(2026, 3, 27, 8, tzinfo=UTC),
                                   dt.datetime(2026, 3, 30, 15, tzinfo=UTC)) == 960


def test_a_clock_change_inside_working_hours_is_real_time() -> None:
    night = WorkCalendar(tz="Europe/Berlin", start=dt.time(0), end=dt.time(8),
                         days=frozenset(range(7)))
    # Sunday 29 Mar 2026: 00:00 CET to 08:00 CEST is 7 hours of real time
    day = (dt.datetime(2026, 3, 28, 23, tzinfo=UTC), dt.datetime(2026, 3, 29, 6, tzinfo=UTC))
    assert working_minutes_between(night, *day) == 420
    assert add_working(night, day[0], 420) == day[1]


def test_working_days_between_is_signed() -> None:
    assert working_days_between(OFFICE, at(30, 9), at(7, 9)) == 5
    assert working_days_between(OFFICE, at(7, 9), at(30, 9)) == -5
    assert working_days_between(OFFICE, at(4, 17), at(7, 9)) == 0  # a weekend is no work


def test_sub_working_undoes_add_working() -> None:
    rng = random.Random(7)
    cal = WorkCalendar(tz="America/New_York", away=((at(9, 0), at(11, 12)),))
    for _ in range(300):
        start = add_working(cal, at(30) + dt.timedelta(minutes=rng.randrange(60 * 24 * 40)), 0)
        minutes = rng.randrange(1, 60 * 80)
        end = add_working(cal, start, minutes)
        assert working_minutes_between(cal, start, end) == pytest.approx(minutes)
        back = sub_working(cal, end, minutes)
        assert working_minutes_between(cal, back, start) == pytest.approx(0)


@pytest.mark.parametrize("bad", [
    {"days": frozenset()}, {"start": dt.time(17), "end": dt.time(9)}, {"tz": "Mars/Base"},
    {"away": ((dt.datetime(2026, 12, 1), dt.datetime(2026, 12, 2)),)},
])
def test_a_calendar_without_working_time_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(CalendarError):
        WorkCalendar(**bad)  # type: ignore[arg-type]


def test_hours_wholly_inside_a_spring_forward_gap_are_no_working_time() -> None:
    gap = WorkCalendar(tz="Europe/Berlin", start=dt.time(2), end=dt.time(3),
                       days=frozenset(range(7)))
    # Sat 28 Mar 02:30 CET (01:30 UTC) + 1 h: 30 min that night, none on Sunday 29 Mar
    # (02:00-03:00 does not exist), 30 min from Mon 30 Mar 02:00 CEST (00:00 UTC)
    assert add_working(gap, dt.datetime(2026, 3, 28, 1, 30, tzinfo=UTC), 60) == \
        dt.datetime(2026, 3, 30, 0, 30, tzinfo=UTC)
