"""Dates as people type them, read against a fixed clock in two time zones, across
daylight-saving changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.dates import is_when, parse_tz, parse_when
from core.errors import UserError

LISBON, NEW_YORK = "Europe/Lisbon", "America/New_York"
# Monday 2026-11-23 10:00 local in each zone.
NOW = {LISBON: dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(LISBON)),
       NEW_YORK: dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo(NEW_YORK))}

# text -> expected local wall time, the same in both zones (no DST change in between)
LOCAL_CASES = [
    ("tomorrow", "2026-11-24 17:00"),
    ("tmrw", "2026-11-24 17:00"),
    ("fri", "2026-11-27 17:00"),
    ("friday", "2026-11-27 17:00"),
    ("Friday.", "2026-11-27 17:00"),
    ("by friday", "2026-11-27 17:00"),
    ("mon", "2026-11-30 17:00"),  # today is Monday: a weekday name is never today
    ("next monday 5pm", "2026-11-30 17:00"),
    ("in 3 days", "2026-11-26 17:00"),
    ("2026-12-01", "2026-12-01 17:00"),
    ("2026-12-01 14:30", "2026-12-01 14:30"),
    ("today 17:00", "2026-11-23 17:00"),
    ("eod", "2026-11-23 17:00"),
    ("end of day", "2026-11-23 17:00"),
    ("in 2 hours", "2026-11-23 12:00"),
    ("in 90 minutes", "2026-11-23 11:30"),
    ("dec 3", "2026-12-03 17:00"),
    ("jan 5", "2027-01-05 17:00"),  # a past month-day means next year
    ("5pm", "2026-11-23 17:00"),
    ("9am", "2026-11-24 09:00"),  # a past time with no date means its next occurrence
    ("noon", "2026-11-23 12:00"),
    ("3pm tomorrow", "2026-11-24 15:00"),
    ("fri at 5pm", "2026-11-27 17:00"),
    ("next week", "2026-11-30 17:00"),
    ("  TOMORROW  ", "2026-11-24 17:00"),
]


@pytest.mark.parametrize("tz", [LISBON, NEW_YORK])
@pytest.mark.parametrize(("text", "local"), LOCAL_CASES)
def test_reads_in_the_actors_zone(tz: str, text: str, local: str) -> None:
    got = parse_when(text, NOW[tz], tz)
    assert got.tzinfo == dt.UTC
    assert got.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M") == local


def test_now_may_be_given_in_any_zone() -> None:
    in_utc = NOW[NEW_YORK].astimezone(dt.UTC)
    assert parse_when("fri", in_utc, NEW_YORK) == parse_when("fri", NOW[NEW_YORK], NEW_YORK)


def test_explicit_today_stays_today_even_when_past() -> None:
    evening = NOW[LISBON].replace(hour=19)
    assert parse_when("today 17:00", evening, LISBON) == dt.datetime(2026, 11, 23, 17,
                                                                     tzinfo=dt.UTC)
    assert parse_when("eod", evening, LISBON) == dt.datetime(2026, 11, 24, 17, tzinfo=dt.UTC)


def test_weekday_on_that_weekday_is_next_week() -> None:
    friday = dt.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo(LISBON))
    assert parse_when("fri", friday, LISBON).date() == dt.date(2026, 12, 4)


def test_iso_with_offset_is_taken_as_given() -> None:
    got = parse_when("2026-12-01T14:30+02:00", NOW[NEW_YORK], NEW_YORK)
    assert got == dt.datetime(2026, 12, 1, 12, 30, tzinfo=dt.UTC)


# Daylight saving: New York springs forward 2026-03-08 02:00 -> 03:00 and falls back
# 2026-11-01 02:00 -> 01:00; Lisbon springs forward 2026-03-29 01:00 -> 02:00.
DST_CASES = [
    (NEW_YORK, dt.datetime(2026, 3, 7, 12, 0), "tomorrow",
     dt.datetime(2026, 3, 8, 21, 0)),  # 17:00 EDT
    (NEW_YORK, dt.datetime(2026, 3, 7, 12, 0), "tomorrow 2:30am",
     dt.datetime(2026, 3, 8, 7, 30)),  # in the gap: moves forward to 03:30 EDT
    (NEW_YORK, dt.datetime(2026, 3, 8, 1, 30), "in 2 hours",
     dt.datetime(2026, 3, 8, 8, 30)),  # elapsed time: 01:30 EST + 2 h = 04:30 EDT
    (NEW_YORK, dt.datetime(2026, 10, 31, 12, 0), "tomorrow 1:30am",
     dt.datetime(2026, 11, 1, 5, 30)),  # happens twice: the first (EDT)
    (NEW_YORK, dt.datetime(2026, 10, 31, 12, 0), "in 3 days",
     dt.datetime(2026, 11, 3, 22, 0)),  # 17:00 EST after the change
    (LISBON, dt.datetime(2026, 3, 28, 12, 0), "tomorrow 1:30am",
     dt.datetime(2026, 3, 29, 1, 30)),  # gap 01:00-02:00 WET: 02:30 WEST
    (LISBON, dt.datetime(2026, 3, 27, 12, 0), "mon",
     dt.datetime(2026, 3, 30, 16, 0)),  # 17:00 WEST
]


@pytest.mark.parametrize(("tz", "local_now", "text", "utc"), DST_CASES)
def test_daylight_saving_edges(tz: str, local_now: dt.datetime, text: str,
                               utc: dt.datetime) -> None:
    now = local_now.replace(tzinfo=ZoneInfo(tz))
    assert parse_when(text, now, tz) == utc.replace(tzinfo=dt.UTC)


@pytest.mark.parametrize("text", ["banana", "", "   ", "fri banana", "tomorrow 3", "5",
                                  "2026-13-01", "in 99999999999 days", "soon-ish", "#12"])
def test_unreadable_text_shows_examples(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_when(text, NOW[LISBON], LISBON)
    assert "Try: tomorrow, fri, next monday 5pm, in 3 days, 2026-12-01." in caught.value.reason
    assert not is_when(text)


def test_banana_message() -> None:
    with pytest.raises(UserError, match=r"^I couldn't read 'banana' as a date\. Try: "):
        parse_when("banana", NOW[LISBON], LISBON)


def test_unknown_zone_in_parse_when_is_a_user_error() -> None:
    with pytest.raises(UserError, match="not a time zone"):
        parse_when("fri", NOW[LISBON], "Mars/Olympus")


@pytest.mark.parametrize(("name", "zone"), [
    ("Europe/Lisbon", "Europe/Lisbon"), ("europe/lisbon", "Europe/Lisbon"),
    ("America/New York", "America/New_York"), ("new york", "America/New_York"),
    ("New_York", "America/New_York"), ("sao paulo", "America/Sao_Paulo"),
    ("UTC", "UTC"), ("utc", "UTC"), ("Asia/Tokyo", "Asia/Tokyo"),
])
def test_parse_tz_accepts(name: str, zone: str) -> None:
    assert parse_tz(name) == zone


@pytest.mark.parametrize(("name", "reason"), [
    ("Europe/Lisbn", "Did you mean Europe/Lisbon"),
    ("America/New_Yrok", "Did you mean America/New_York"),
    ("qqqqqqqqqq", "Use an Area/City name like Europe/Lisbon"),
    ("", "Which time zone?"),
    ("../../etc/passwd", "I don't know the time zone"),
])
def test_parse_tz_refuses_with_help(name: str, reason: str) -> None:
    with pytest.raises(UserError, match=reason):
        parse_tz(name)


def test_far_future_and_far_past_dates_are_refused_not_crashed() -> None:
    import datetime as _dt

    import pytest as _pytest

    from core.dates import parse_when as _parse_when
    from core.errors import UserError as _UserError

    now = _dt.datetime(2026, 11, 23, 10, tzinfo=_dt.UTC)
    for text in ("9999-12-31", "0001-01-01", "2300-01-01 10:00"):
        for tz in ("America/Los_Angeles", "Pacific/Kiritimati", "UTC"):
            with _pytest.raises(_UserError, match="between 1970 and 2199"):
                _parse_when(text, now, tz)
