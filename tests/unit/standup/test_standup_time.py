"""When check-in questions and reports fall: each participant's own zone and working
days, exactly one instant per day across daylight-saving changes."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as hs

from core.scheduling.model import EVERY_DAY, WEEKDAYS
from core.scheduling.timecalc import local
from core.standup.model import Checkin
from core.standup.timerules import default_report, next_ask, report_instant

UTC = dt.UTC
BERLIN = "Europe/Berlin"


def checkin(at: str = "09:30", report: str = "10:30", days: tuple[int, ...] = WEEKDAYS,
            tz: str = BERLIN) -> Checkin:
    return Checkin(id=1, tenant_id=1, channel_id="general", at=dt.time.fromisoformat(at),
                   report_at=dt.time.fromisoformat(report), tz=tz, days=days)


def test_each_person_is_asked_at_the_time_in_their_own_zone() -> None:
    c = checkin()
    after = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # a Sunday
    assert next_ask(c, BERLIN, WEEKDAYS, after) == (
        dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC))
    assert next_ask(c, "Asia/Kolkata", WEEKDAYS, after) == (
        dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC))
    assert next_ask(c, "America/New_York", WEEKDAYS, after) == (
        dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 14, 30, tzinfo=UTC))


def test_only_days_that_are_check_in_days_and_the_persons_working_days() -> None:
    c = checkin()
    thursday = dt.datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    mon_to_thu = (0, 1, 2, 3)
    day, _ = next_ask(c, BERLIN, mon_to_thu, thursday) or (None, None)
    assert day == dt.date(2026, 3, 9)  # Friday is not theirs, the weekend not the channel's
    assert next_ask(checkin(days=(5, 6)), BERLIN, WEEKDAYS, thursday) is None


def test_spring_forward_keeps_the_wall_clock_time() -> None:
    c = checkin(days=EVERY_DAY)
    before = next_ask(c, BERLIN, EVERY_DAY, dt.datetime(2026, 3, 28, 0, 0, tzinfo=UTC))
    after = next_ask(c, BERLIN, EVERY_DAY, dt.datetime(2026, 3, 29, 0, 0, tzinfo=UTC))
    assert before is not None and after is not None
    assert before[1] == dt.datetime(2026, 3, 28, 8, 30, tzinfo=UTC)  # CET
    assert after[1] == dt.datetime(2026, 3, 29, 7, 30, tzinfo=UTC)  # CEST


def test_a_time_in_the_gap_moves_on_and_a_repeated_time_means_the_first() -> None:
    gap = checkin(at="02:30", report="03:30", days=EVERY_DAY)
    found = next_ask(gap, BERLIN, EVERY_DAY, dt.datetime(2026, 3, 28, 23, 0, tzinfo=UTC))
    assert found == (dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    found = next_ask(gap, BERLIN, EVERY_DAY, dt.datetime(2026, 10, 24, 22, 0, tzinfo=UTC))
    assert found == (dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    # the second 02:30 of that night is not a second ask: the next is Monday's
    again = next_ask(gap, BERLIN, EVERY_DAY, found[1])
    assert again is not None and again[0] == dt.date(2026, 10, 26)


def test_the_report_follows_the_channels_zone_across_dst() -> None:
    c = checkin()
    assert report_instant(c, dt.date(2026, 3, 27)) == dt.datetime(2026, 3, 27, 9, 30,
                                                                  tzinfo=UTC)
    assert report_instant(c, dt.date(2026, 3, 30)) == dt.datetime(2026, 3, 30, 8, 30,
                                                                  tzinfo=UTC)


def test_default_report_is_an_hour_later_the_same_day() -> None:
    assert default_report(dt.time(9, 30)) == dt.time(10, 30)
    assert default_report(dt.time(23, 30)) == dt.time(23, 59)


ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC",
         "America/Sao_Paulo", "Pacific/Chatham"]


@given(zone=hs.sampled_from(ZONES),
       start=hs.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2028, 1, 1),
                          timezones=hs.just(UTC)),
       hour=hs.integers(0, 23), minute=hs.sampled_from([0, 15, 30, 45]))
def test_asks_come_once_a_day_in_order(zone: str, start: dt.datetime, hour: int,
                                       minute: int) -> None:
    c = checkin(at=f"{hour:02d}:{minute:02d}", report="23:59", days=EVERY_DAY)
    days = []
    instant = start
    for _ in range(5):
        found = next_ask(c, zone, EVERY_DAY, instant)
        assert found is not None and found[1] > instant
        day, instant = found
        assert local(instant, zone).date() == day
        days.append(day)
    assert all(b - a == dt.timedelta(days=1) for a, b in itertools.pairwise(days))
