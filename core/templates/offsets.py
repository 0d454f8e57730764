"""Dates in a template: working-day offsets from the project's start.

The start's working day is day 0 (a start on a Saturday begins on Monday); offset N is
the end of the N-th working day after it (17:00 local on the default calendar, the time a
date without a time means elsewhere). Working days and hours are a `WorkCalendar`'s
(core.planning.calendar: Monday to Friday, 09:00-17:00 in the given zone), and the end of
a day is found with its `add_working`, so a daylight-saving change keeps "17:00 local"."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from core.planning.calendar import WorkCalendar, add_working


def calendar_for(tz: str) -> WorkCalendar:
    return WorkCalendar(tz=tz)


def _first_working_date(cal: WorkCalendar, day: dt.date) -> dt.date:
    while day.weekday() not in cal.days:
        day += dt.timedelta(days=1)
    return day


def _local_date(cal: WorkCalendar, when: dt.datetime) -> dt.date:
    return when.astimezone(ZoneInfo(cal.tz)).date()


def day_zero(cal: WorkCalendar, start: dt.datetime) -> dt.date:
    """The local date of the project's first working day."""
    return _first_working_date(cal, _local_date(cal, start))


def due_at(cal: WorkCalendar, start: dt.datetime, offset: int) -> dt.datetime:
    """The end of working day `offset` counted from the start's working day (UTC)."""
    first = day_zero(cal, start)
    opening = dt.datetime.combine(first, cal.start).replace(tzinfo=ZoneInfo(cal.tz))
    return add_working(cal, opening, (offset + 1) * cal.day_minutes).astimezone(dt.UTC)


def offset_of(cal: WorkCalendar, start: dt.datetime, due: dt.datetime) -> int:
    """How many working days after the start's working day `due` falls (0 for the same
    day, or for a date before it; a due date on a day off counts as the working day before
    it). The reverse of `due_at` for due dates at the end of a working day."""
    first = day_zero(cal, start)
    last = _local_date(cal, due)
    if last <= first:
        return 0
    weeks, rest = divmod((last - first).days, 7)
    count = weeks * len(cal.days)
    day = first + dt.timedelta(days=7 * weeks)
    for _ in range(rest):
        day += dt.timedelta(days=1)
        if day.weekday() in cal.days:
            count += 1
    return count
