"""The loader's choice of a person's working calendar (issue 15): their hours, days and
away period where they set any; else the planning core's default day, 8 h, in their zone."""

from __future__ import annotations

import datetime as dt

from core.handlers.plan_load import _calendar
from core.planning.calendar import WorkCalendar, work_span
from core.scheduling.model import Prefs

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)


def test_no_hours_set_means_the_default_eight_hour_day_in_their_zone() -> None:
    cal = _calendar("Europe/Berlin", None, NOW)
    assert cal == WorkCalendar(tz="Europe/Berlin") and cal.day_minutes == 8 * 60
    unset = Prefs(member_id=1, tenant_id=1)  # the scheduler's defaults, never stored
    assert _calendar("UTC", unset, NOW).day_minutes == 8 * 60


def test_hours_days_and_away_from_what_they_set() -> None:
    prefs = Prefs(member_id=1, tenant_id=1, work_days=(0, 1, 2, 3), work_start=dt.time(10),
                  work_end=dt.time(16), away_until=NOW + dt.timedelta(days=7), stored=True)
    cal = _calendar("Asia/Tokyo", prefs, NOW)
    assert (cal.tz, cal.start, cal.end, cal.days) == ("Asia/Tokyo", dt.time(10), dt.time(16),
                                                      frozenset({0, 1, 2, 3}))
    assert cal.day_minutes == 6 * 60
    midnight = NOW.replace(hour=0)
    assert cal.away == ((midnight, NOW + dt.timedelta(days=7)),)
    back = Prefs(member_id=1, tenant_id=1, away_until=NOW - dt.timedelta(days=1), stored=True)
    assert _calendar("UTC", back, NOW).away == ()


def test_an_away_calendar_is_the_same_all_day() -> None:
    """The calendar keys its cached working-time index: a person who is away must not get
    a new calendar (and a new index) on every request as the clock moves."""
    prefs = Prefs(member_id=1, tenant_id=1, away_until=NOW + dt.timedelta(days=3), stored=True)
    later = _calendar("UTC", prefs, NOW + dt.timedelta(hours=9, minutes=17))
    assert later == _calendar("UTC", prefs, NOW) and hash(later) == hash(
        _calendar("UTC", prefs, NOW))
    start = NOW + dt.timedelta(hours=2)
    assert work_span(later, start, 60) == work_span(  # what a forecast from `start` reads
        WorkCalendar(away=((start, NOW + dt.timedelta(days=3)),)), start, 60)


def test_an_unknown_zone_falls_back_to_utc() -> None:
    assert _calendar("Mars/Olympus", None, NOW).tz == "UTC"
