"""Working calendars: when a person works, in their own time zone.

A calendar is a time zone, daily working hours (`start`-`end`, local wall clock), the
weekdays worked (Monday = 0) and away periods (aware instants, e.g. a holiday week). Work
only advances inside the working windows: local `start` to `end` on a working day, minus
away time. Each day's window is built from the local date with `zoneinfo`, so a daylight-
saving change moves the window's UTC instants with the clocks and a working day stays
"9:00 to 17:00 local"; time inside a window is measured as real elapsed time (a change
inside working hours makes that one day an hour longer or shorter, as it is). A local
time that does not exist moves forward by the gap; one that happens twice is the first.

All instants in and out are aware datetimes; results are in UTC.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from core.planning.durations import DEFAULT_DAY_MINUTES

WEEKDAYS = frozenset(range(5))
_ONE_DAY = dt.timedelta(days=1)
_LAST_DAY = dt.date(9990, 1, 1)


class CalendarError(ValueError):
    """A calendar that has no working time (no days, end before start, unknown zone)."""


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """One person's working time. The default is 09:00-17:00 UTC, Monday to Friday (8 h)."""

    tz: str = "UTC"
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(17, 0)
    days: frozenset[int] = WEEKDAYS
    away: tuple[tuple[dt.datetime, dt.datetime], ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.days or not self.days <= frozenset(range(7)):
            raise CalendarError("a calendar needs at least one working day (0-6)")
        if self.end <= self.start:
            raise CalendarError("working hours must end after they start")
        try:
            _zone(self.tz)
        except (KeyError, ValueError) as exc:
            raise CalendarError(f"unknown time zone {self.tz!r}") from exc
        for a, b in self.away:
            if a.tzinfo is None or b.tzinfo is None:
                raise CalendarError("away periods are aware instants")
        object.__setattr__(self, "away", tuple(sorted((a, b) for a, b in self.away if b > a)))

    @property
    def day_minutes(self) -> int:
        """The length of one working day in minutes (8 h = 480 by default)."""
        s, e = self.start, self.end
        return (e.hour * 60 + e.minute) - (s.hour * 60 + s.minute) or DEFAULT_DAY_MINUTES


@functools.lru_cache(maxsize=256)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


@functools.lru_cache(maxsize=65536)
def _window(tz: str, start: dt.time, end: dt.time, day: dt.date) -> tuple[dt.datetime,
                                                                         dt.datetime]:
    z = _zone(tz)
    return (dt.datetime.combine(day, start).replace(tzinfo=z, fold=0).astimezone(dt.UTC),
            dt.datetime.combine(day, end).replace(tzinfo=z, fold=0).astimezone(dt.UTC))


def _local_date(cal: WorkCalendar, t: dt.datetime) -> dt.date:
    return t.astimezone(_zone(cal.tz)).date()


def _minus_away(cal: WorkCalendar, ws: dt.datetime,
                we: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    pieces = [(ws, we)]
    for a, b in cal.away:
        if a >= we:
            break
        if b <= ws:
            continue
        nxt = []
        for s, e in pieces:
            if b <= s or a >= e:
                nxt.append((s, e))
                continue
            if s < a:
                nxt.append((s, a))
            if b < e:
                nxt.append((b, e))
        pieces = nxt
    return pieces


def _away_end(cal: WorkCalendar, t: dt.datetime) -> dt.datetime | None:
    """The end of the away period covering `t`, if any."""
    for a, b in cal.away:
        if a <= t < b:
            return b
    return None


def windows(cal: WorkCalendar, t: dt.datetime, forward: bool = True) -> Iterator[
        tuple[dt.datetime, dt.datetime]]:
    """Working windows (UTC start, end) from the local day of `t` onwards (or backwards),
    skipping non-working days and away time. Long away periods are jumped over, not walked."""
    day = _local_date(cal, t)
    step = _ONE_DAY if forward else -_ONE_DAY
    while dt.date(1, 1, 8) < day < _LAST_DAY:
        if day.weekday() in cal.days:
            ws, we = _window(cal.tz, cal.start, cal.end, day)
            pieces = _minus_away(cal, ws, we) if cal.away else [(ws, we)]
            yield from (pieces if forward else reversed(pieces))
            if forward and not pieces:
                back = _away_end(cal, ws)
                if back is not None and _local_date(cal, back) > day + _ONE_DAY:
                    day = _local_date(cal, back)
                    continue
        day += step
    raise CalendarError("no working time left in this calendar")


def add_working(cal: WorkCalendar, t: dt.datetime, minutes: float) -> dt.datetime:
    """The instant at which `minutes` of working time, started at `t`, are done. With 0
    minutes: the first working instant at or after `t` (a start moved into working hours;
    the end of a window counts as the next window's start)."""
    left = dt.timedelta(minutes=max(0.0, minutes))
    for ws, we in windows(cal, t):
        if we <= t:
            continue
        s = max(ws, t)
        if not left:
            return s
        if we - s >= left:
            return s + left
        left -= we - s
    raise CalendarError("no working time left in this calendar")  # pragma: no cover


def sub_working(cal: WorkCalendar, t: dt.datetime, minutes: float) -> dt.datetime:
    """The latest instant from which `minutes` of working time end at `t` (the reverse of
    `add_working`); with 0 minutes, `t` itself."""
    left = dt.timedelta(minutes=max(0.0, minutes))
    if not left:
        return t
    for ws, we in windows(cal, t, forward=False):
        if ws >= t:
            continue
        e = min(we, t)
        if e - ws >= left:
            return e - left
        left -= e - ws
    raise CalendarError("no working time left in this calendar")  # pragma: no cover


def working_minutes_between(cal: WorkCalendar, a: dt.datetime, b: dt.datetime) -> float:
    """Working minutes from `a` to `b` (negative when `b` is before `a`)."""
    if b < a:
        return -working_minutes_between(cal, b, a)
    total = dt.timedelta()
    for ws, we in windows(cal, a):
        if ws >= b:
            break
        s, e = max(ws, a), min(we, b)
        if e > s:
            total += e - s
    return total.total_seconds() / 60


def working_days_between(cal: WorkCalendar, a: dt.datetime, b: dt.datetime) -> float:
    """Working days (of this calendar's length) from `a` to `b`; negative when `b` < `a`."""
    return working_minutes_between(cal, a, b) / cal.day_minutes
