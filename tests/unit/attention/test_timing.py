"""When a held batch goes out: hour boundaries, working hours, daily times, away periods
and daylight-saving changes, in the person's zone (pure rules, no database)."""

from __future__ import annotations

import datetime as dt

from core.attention.model import Mode, NotifyPrefs
from core.attention.timing import next_batch, next_daily, next_hourly
from core.scheduling.model import EVERY_DAY, Prefs
from core.scheduling.timecalc import localize

PARIS = "Europe/Paris"


def at(day: str, hm: str, tz: str = PARIS) -> dt.datetime:
    h, m = (int(x) for x in hm.split(":"))
    return localize(dt.date.fromisoformat(day), dt.time(h, m), tz)


def prefs(**kw: object) -> Prefs:
    return Prefs(member_id=1, tenant_id=1, **kw)  # type: ignore[arg-type]


def test_hourly_is_the_next_full_hour_in_working_hours() -> None:
    # Mon 2026-11-30
    assert next_hourly(at("2026-11-30", "10:20"), prefs(), PARIS) == at("2026-11-30", "11:00")
    assert next_hourly(at("2026-11-30", "11:00"), prefs(), PARIS) == at("2026-11-30", "12:00")


def test_hourly_includes_the_end_of_the_working_day_then_waits_for_the_morning() -> None:
    assert next_hourly(at("2026-11-30", "17:30"), prefs(), PARIS) == at("2026-11-30", "18:00")
    assert next_hourly(at("2026-11-30", "18:10"), prefs(), PARIS) == at("2026-12-01", "09:00")
    assert next_hourly(at("2026-11-30", "06:45"), prefs(), PARIS) == at("2026-11-30", "09:00")


def test_hourly_skips_the_weekend() -> None:
    friday_evening = at("2026-12-04", "18:30")
    assert next_hourly(friday_evening, prefs(), PARIS) == at("2026-12-07", "09:00")
    saturday = at("2026-12-05", "11:00")
    assert next_hourly(saturday, prefs(), PARIS) == at("2026-12-07", "09:00")


def test_hourly_boundaries_are_local_in_half_hour_zones() -> None:
    kolkata = "Asia/Kolkata"  # UTC+05:30: local xx:00 is UTC xx:30
    now = at("2026-11-30", "10:05", kolkata)
    got = next_hourly(now, prefs(), kolkata)
    assert got == at("2026-11-30", "11:00", kolkata)
    assert got.minute == 30


def test_hourly_follows_custom_hours_and_days() -> None:
    p = prefs(work_start=dt.time(10, 0), work_end=dt.time(16, 0), work_days=(0, 1, 2, 3))
    assert next_hourly(at("2026-11-30", "16:20"), p, PARIS) == at("2026-12-01", "10:00")
    assert next_hourly(at("2026-12-03", "16:20"), p, PARIS) == at("2026-12-07", "10:00")


def test_hourly_waits_for_the_end_of_an_away_period() -> None:
    p = prefs(away_until=at("2026-12-02", "12:00"))
    assert next_hourly(at("2026-11-30", "10:20"), p, PARIS) == at("2026-12-02", "12:00")


def test_hourly_across_spring_forward() -> None:
    """2026-03-29 in Paris: 02:00 does not exist (clocks jump to 03:00)."""
    p = prefs(work_days=EVERY_DAY, work_start=dt.time(0, 0), work_end=dt.time(23, 59))
    now = at("2026-03-29", "01:30")
    got = next_hourly(now, p, PARIS)
    assert got == dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)  # 03:00 CEST
    assert got - now == dt.timedelta(minutes=30)


def test_hourly_across_fall_back() -> None:
    """2026-10-25 in Paris: 02:00-03:00 happens twice; its boundary comes once."""
    p = prefs(work_days=EVERY_DAY, work_start=dt.time(0, 0), work_end=dt.time(23, 59))
    first_half = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30 CEST
    second_half = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)  # 02:30 CET
    three = dt.datetime(2026, 10, 25, 2, 0, tzinfo=dt.UTC)  # 03:00 CET
    assert next_hourly(first_half, p, PARIS) == three
    assert next_hourly(second_half, p, PARIS) == three


def test_daily_defaults_to_the_start_of_the_next_working_day() -> None:
    assert next_daily(at("2026-11-30", "10:00"), prefs(), None, PARIS) == at("2026-12-01",
                                                                             "09:00")
    assert next_daily(at("2026-11-30", "08:00"), prefs(), None, PARIS) == at("2026-11-30",
                                                                             "09:00")
    assert next_daily(at("2026-12-04", "10:00"), prefs(), None, PARIS) == at("2026-12-07",
                                                                             "09:00")


def test_daily_at_a_chosen_time() -> None:
    four = dt.time(16, 0)
    assert next_daily(at("2026-11-30", "10:00"), prefs(), four, PARIS) == at("2026-11-30",
                                                                             "16:00")
    assert next_daily(at("2026-11-30", "16:00"), prefs(), four, PARIS) == at("2026-12-01",
                                                                             "16:00")


def test_daily_keeps_local_time_across_a_dst_change() -> None:
    friday = at("2026-03-27", "10:00")  # CET; Monday is CEST
    got = next_daily(friday, prefs(), None, PARIS)
    assert got == dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)  # 09:00 CEST


def test_daily_skips_an_away_period() -> None:
    p = prefs(away_until=at("2026-12-03", "12:00"))
    assert next_daily(at("2026-11-30", "10:00"), p, None, PARIS) == at("2026-12-04", "09:00")


def test_next_batch_follows_the_mode() -> None:
    now = at("2026-11-30", "10:20")
    hourly = NotifyPrefs(member_id=1, tenant_id=1, mode=Mode.HOURLY)
    daily = NotifyPrefs(member_id=1, tenant_id=1, mode=Mode.DAILY, at=dt.time(15, 30))
    assert next_batch(now, hourly, prefs(), PARIS) == at("2026-11-30", "11:00")
    assert next_batch(now, daily, prefs(), PARIS) == at("2026-11-30", "15:30")
