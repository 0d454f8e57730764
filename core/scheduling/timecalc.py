"""Wall-clock arithmetic in people's and channels' time zones.

All instants are aware UTC; local times are turned into instants with `localize`, which
follows the grammar's rule for daylight-saving changes: a local time that does not exist
(spring forward) moves forward by the gap, a local time that happens twice (fall back)
means the first one. A digest day therefore has exactly one instant, whatever the clocks do.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from core.scheduling.model import DigestSchedule, Prefs
from core.text import is_ascii_int

_SEARCH_DAYS = 15


@functools.lru_cache(maxsize=512)
def zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def localize(day: dt.date, at: dt.time, tz: str) -> dt.datetime:
    """The UTC instant of local `day` `at` in `tz` (fold=0: gaps move forward, repeats take
    the first)."""
    return dt.datetime.combine(day, at).replace(tzinfo=zone(tz), fold=0).astimezone(dt.UTC)


def local(instant: dt.datetime, tz: str) -> dt.datetime:
    return instant.astimezone(zone(tz))


def local_date(instant: dt.datetime, tz: str) -> dt.date:
    return local(instant, tz).date()


def digest_run_after(sched: DigestSchedule, after: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """The first digest (local date, instant) strictly after `after`."""
    start = local_date(after, sched.tz) - dt.timedelta(days=1)
    for offset in range(_SEARCH_DAYS):
        day = start + dt.timedelta(days=offset)
        if day.weekday() not in sched.days:
            continue
        instant = localize(day, sched.at, sched.tz)
        if instant > after:
            return day, instant
    raise ValueError(f"digest schedule {sched.id} has no days")


def latest_run(sched: DigestSchedule, due: dt.datetime,
               now: dt.datetime) -> tuple[dt.date, dt.datetime]:
    """Of the runs from `due` up to `now`, the latest one (missed older ones are dropped:
    a bot that was down for two days sends one digest, not three). The walk starts at most
    `_SEARCH_DAYS` before `now` (every schedule runs at least weekly), so a clock moved on
    by years costs a few steps, not one per missed day."""
    day, instant = local_date(due, sched.tz), due
    if now - due > dt.timedelta(days=_SEARCH_DAYS):
        day, instant = digest_run_after(sched, now - dt.timedelta(days=_SEARCH_DAYS))
    while True:
        nxt_day, nxt = digest_run_after(sched, instant)
        if nxt > now:
            return day, instant
        day, instant = nxt_day, nxt


def _in_hours(t: dt.datetime, prefs: Prefs) -> bool:
    return (t.weekday() in prefs.work_days
            and prefs.work_start <= t.timetz().replace(tzinfo=None) < prefs.work_end)


def next_allowed(instant: dt.datetime, prefs: Prefs, tz: str) -> dt.datetime:
    """The first moment at or after `instant` when the person may be DMed: not away, on a
    working day, within working hours (their time zone)."""
    if prefs.away_until is not None and prefs.away_until > instant:
        instant = prefs.away_until
    here = local(instant, tz)
    if _in_hours(here, prefs) or not prefs.work_days:
        return instant
    return next_work_start(instant, prefs, tz, include_today=True)


def next_work_start(instant: dt.datetime, prefs: Prefs, tz: str,
                    include_today: bool = False) -> dt.datetime:
    """The start of the working hours of the next working day after `instant` (or of today,
    when `include_today` and they have not started yet)."""
    today = local_date(instant, tz)
    first = 0 if include_today else 1
    for offset in range(first, _SEARCH_DAYS):
        day = today + dt.timedelta(days=offset)
        if day.weekday() not in prefs.work_days:
            continue
        start = localize(day, prefs.work_start, tz)
        if start > instant:
            return start
    return instant + dt.timedelta(days=1)


def parse_clock(text: str) -> dt.time:
    """`09:00`, `9:30`, `9am`, `5pm`, `17` -> time; ValueError otherwise."""
    t = text.strip().lower().replace(".", "")
    suffix = ""
    if t.endswith(("am", "pm")):
        t, suffix = t[:-2].strip(), t[-2:]
    hour_s, _, minute_s = t.partition(":")
    if (not is_ascii_int(hour_s) or len(hour_s) > 2
            or (minute_s and not is_ascii_int(minute_s)) or len(minute_s) > 2):
        raise ValueError(text)  # (a huge hour would overflow dt.time, not raise ValueError)
    hour, minute = int(hour_s), int(minute_s or 0)
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    return dt.time(hour, minute)  # raises ValueError when out of range
