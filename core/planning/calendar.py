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
import threading
from bisect import bisect_left, bisect_right
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
    _hash: int = field(init=False, repr=False, compare=False, default=0)

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
        object.__setattr__(self, "_hash", hash((self.tz, self.start, self.end, self.days,
                                                self.away)))

    def __hash__(self) -> int:  # computed once: calendars key the shared window indexes
        return self._hash

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


class _Index:
    """A calendar's working windows from an origin day on, with the working seconds before
    each, grown on demand: an instant's position in working time is one bisect, and so is
    the instant at a position. Shared by every forecast using the calendar (guarded by a
    lock, since handlers may run in threads)."""

    def __init__(self, cal: WorkCalendar, origin: dt.datetime) -> None:
        self.origin = origin
        self.gen = windows(cal, origin)
        self.starts: list[dt.datetime] = []
        self.ends: list[dt.datetime] = []
        self.before: list[float] = []   # working seconds from the origin to each start
        self.after: list[float] = []    # ... to each end
        self.lock = threading.Lock()

    def _grow(self) -> None:
        ws, we = next(self.gen)
        ws = max(ws, self.origin)
        if we <= ws:  # before the origin, or hours wholly inside a spring-forward gap
            return
        total = self.after[-1] if self.after else 0.0
        self.starts.append(ws)
        self.ends.append(we)
        self.before.append(total)
        self.after.append(total + (we - ws).total_seconds())

    def cover_instant(self, t: dt.datetime) -> None:
        """Grow until a window ends after `t`."""
        while not self.ends or self.ends[-1] <= t:
            self._grow()

    def cover_position(self, p: float) -> None:
        while not self.after or self.after[-1] < p:
            self._grow()

    def position(self, t: dt.datetime) -> float:
        if not self.ends or self.ends[-1] <= t:
            self.cover_instant(t)
        k = bisect_right(self.starts, t) - 1
        if k < 0:
            return 0.0
        if t < self.ends[k]:
            return self.before[k] + (t - self.starts[k]).total_seconds()
        return self.after[k]

    def first_after(self, t: dt.datetime) -> dt.datetime:
        """The first working instant at or after `t` (a window's end is the next's start)."""
        self.cover_instant(t)
        k = bisect_right(self.ends, t)
        return max(self.starts[k], t)

    def end_at(self, p: float) -> dt.datetime:
        """The instant where `p` working seconds are reached (a window's end, not the next
        window's start, when `p` falls on it)."""
        if not self.after or self.after[-1] < p:
            self.cover_position(p)
        k = bisect_left(self.after, p)
        return self.starts[k] + dt.timedelta(0, p - self.before[k])  # (days, seconds)

    def start_at(self, p: float) -> dt.datetime:
        """The latest instant at position `p` (the start of the next window on a boundary,
        so the index must reach past `p`)."""
        while not self.after or self.after[-1] <= p:
            self._grow()
        k = bisect_right(self.before, p) - 1
        if k < 0:
            k = 0
        before = self.before[k]
        span = self.after[k] - before
        return self.starts[k] + dt.timedelta(0, p - before if p - before < span else span)


_INDEXES: dict[WorkCalendar, _Index] = {}
_INDEXES_LOCK = threading.Lock()
_MAX_INDEXES = 512
_MARGIN = dt.timedelta(days=31)


def _index(cal: WorkCalendar, t: dt.datetime) -> _Index:
    """The calendar's index, (re)built with an origin a month before `t` if it starts after
    `t`."""
    idx = _INDEXES.get(cal)
    if idx is not None and t >= idx.origin:
        return idx
    with _INDEXES_LOCK:
        idx = _INDEXES.get(cal)
        if idx is None or t < idx.origin:
            if len(_INDEXES) >= _MAX_INDEXES:
                _INDEXES.clear()
            idx = _INDEXES[cal] = _Index(cal, t - _MARGIN)
        return idx


class Cursor:
    """One calendar's working time as positions (working seconds from a fixed origin), for
    a caller that places many pieces of work on it: positions compare and add as plain
    numbers, with no calendar walk; `start`/`finish` turn a position back into an instant
    (on a boundary, the next window's start or the window's end, like `work_span`). Valid
    for instants at or after the `t` it was made for."""

    __slots__ = ("_idx",)

    def __init__(self, cal: WorkCalendar, t: dt.datetime) -> None:
        self._idx = _index(cal, t)

    @property
    def origin(self) -> dt.datetime:
        """Positions are measured from here: an earlier instant has none."""
        return self._idx.origin

    def position(self, t: dt.datetime) -> float:
        with self._idx.lock:
            return self._idx.position(t)

    def start(self, p: float) -> dt.datetime:
        with self._idx.lock:
            return self._idx.start_at(p)

    def finish(self, p: float) -> dt.datetime:
        with self._idx.lock:
            return self._idx.end_at(p)

    def span(self, p: float, seconds: float) -> tuple[dt.datetime, dt.datetime]:
        """(`start(p)`, `finish(p + seconds)`) in one lookup; the finish is the start for
        no work."""
        idx = self._idx
        with idx.lock:
            start = idx.start_at(p)
            return start, (idx.end_at(p + seconds) if seconds > 0 else start)


def add_working(cal: WorkCalendar, t: dt.datetime, minutes: float) -> dt.datetime:
    """The instant at which `minutes` of working time, started at `t`, are done. With 0
    minutes: the first working instant at or after `t` (a start moved into working hours;
    the end of a window counts as the next window's start)."""
    idx = _index(cal, t)
    with idx.lock:
        if minutes <= 0:
            return idx.first_after(t)
        return idx.end_at(idx.position(t) + minutes * 60)


def work_span(cal: WorkCalendar, t: dt.datetime,
              minutes: float) -> tuple[dt.datetime, dt.datetime]:
    """(start, finish) of `minutes` of work begun as soon as possible at or after `t`: the
    same as `add_working(cal, t, 0)` and `add_working` of that start, in one lookup."""
    idx = _index(cal, t)
    with idx.lock:
        start = idx.first_after(t)
        if minutes <= 0:
            return start, start
        return start, idx.end_at(idx.position(start) + minutes * 60)


def sub_working(cal: WorkCalendar, t: dt.datetime, minutes: float) -> dt.datetime:
    """The latest instant from which `minutes` of working time end at `t` (the reverse of
    `add_working`); with 0 minutes, `t` itself."""
    if minutes <= 0:
        return t
    while True:
        idx = _index(cal, t)
        with idx.lock:
            p = idx.position(t) - minutes * 60
            if p >= 0:
                return idx.start_at(p)
        # earlier than the index reaches: rebuild it from further back
        origin = idx.origin - dt.timedelta(minutes=minutes * 3) - _MARGIN
        if origin.year < 2:
            raise CalendarError("no working time left in this calendar")
        with _INDEXES_LOCK:
            _INDEXES[cal] = _Index(cal, origin)


def working_minutes_between(cal: WorkCalendar, a: dt.datetime, b: dt.datetime) -> float:
    """Working minutes from `a` to `b` (negative when `b` is before `a`)."""
    if b < a:
        return -working_minutes_between(cal, b, a)
    idx = _index(cal, a)
    with idx.lock:
        return (idx.position(b) - idx.position(a)) / 60


def working_days_between(cal: WorkCalendar, a: dt.datetime, b: dt.datetime) -> float:
    """Working days (of this calendar's length) from `a` to `b`; negative when `b` < `a`."""
    return working_minutes_between(cal, a, b) / cal.day_minutes
