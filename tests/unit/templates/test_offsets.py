"""Working-day offsets: day 0 is the start's working day, offset N the end of the N-th
working day after it; weekends are skipped, a weekend start begins on Monday, and a
daylight-saving change keeps 17:00 local."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from core.templates.offsets import calendar_for, due_at, offset_of

UTC = calendar_for("UTC")
FRI = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)  # a Friday
SAT = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def test_offsets_skip_weekends() -> None:
    assert due_at(UTC, FRI, 0) == dt.datetime(2026, 11, 27, 17, 0, tzinfo=dt.UTC)
    assert due_at(UTC, FRI, 1) == dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC)  # Monday
    assert due_at(UTC, FRI, 5) == dt.datetime(2026, 12, 4, 17, 0, tzinfo=dt.UTC)
    assert due_at(UTC, FRI, 6) == dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)


def test_a_weekend_start_begins_on_monday() -> None:
    assert due_at(UTC, SAT, 0) == dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC)
    assert offset_of(UTC, SAT, dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC)) == 0
    assert offset_of(UTC, SAT, dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)) == 1


def test_a_due_date_on_a_day_off_or_before_the_start() -> None:
    sunday = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
    assert offset_of(UTC, FRI, sunday) == 5  # the Friday before it
    assert offset_of(UTC, FRI, FRI - dt.timedelta(days=3)) == 0


def test_local_time_across_a_daylight_saving_change() -> None:
    berlin = calendar_for("Europe/Berlin")
    start = dt.datetime(2026, 10, 23, 8, 0, tzinfo=dt.UTC)  # Friday, summer time
    after = due_at(berlin, start, 1)  # Monday 26 October, winter time
    local = after.astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.date(), local.hour, local.minute) == (dt.date(2026, 10, 26), 17, 0)
    assert after.utcoffset() == dt.timedelta(0) and after.hour == 16


@given(st.integers(min_value=0, max_value=400),
       st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
       st.sampled_from(["UTC", "America/New_York", "Asia/Tokyo", "Europe/Lisbon"]))
def test_offset_of_reverses_due_at(offset: int, start: dt.datetime, tz: str) -> None:
    cal = calendar_for(tz)
    aware = start.replace(tzinfo=dt.UTC)
    assert offset_of(cal, aware, due_at(cal, aware, offset)) == offset
