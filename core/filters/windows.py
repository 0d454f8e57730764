"""Dates in filters, read as windows of time in the reader's zone.

- A date reads as the whole local day: `due<fri` is due before Friday begins, `due<=fri`
  includes Friday, `due>fri` is from Saturday on, `due:fri` is during Friday.
- A named period reads as that period (weeks start on Monday): `today`, `tomorrow`,
  `yesterday`, `this-week`, `next-week`, `last-week`, `this-month`, `next-month`,
  `last-month`. `due:this-week` is during it, `due<this-week` before it begins.
- A date with a time of day (`"fri 5pm"`, `"2026-12-01 14:30"`, `"in 2 hours"`, `now`) is
  that instant: `<` before it, `<=` up to and including it.
- Everything else goes through the one date reader (`parse_when`): `fri`, `2026-12-24`,
  `"last monday"`, `"2 weeks ago"`.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from core.dates import check_range, parse_when
from core.errors import UserError
from core.filters.query import Window

INSTANT = dt.timedelta(microseconds=1)
"""An instant is the window of one microsecond (the finest a stored time holds)."""
PERIODS: tuple[str, ...] = ("today", "tomorrow", "yesterday", "this-week", "next-week",
                            "last-week", "this-month", "next-month", "last-month")
_TIME_OF_DAY = re.compile(
    r"\d:\d|\d\s*[ap]\.?m\b|\d[tT]\d|\b(?:noon|midday|midnight|now|eod|cob|end of (?:the )?day"
    r"|hours?|hrs?|minutes?|mins?|seconds?|secs?)\b", re.IGNORECASE)


def period_name(text: str) -> str:
    """`This Week`, `this_week`, `this-week` -> `this-week`."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ValueError, KeyError, OSError) as err:
        raise UserError(f"'{tz}' is not a time zone I know.") from err


def _midnight(day: dt.date, where: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=where).astimezone(dt.UTC)


def _days(first: dt.date, count: int, where: ZoneInfo) -> Window:
    return Window(_midnight(first, where), _midnight(first + dt.timedelta(days=count), where))


def _month(year: int, month: int, where: ZoneInfo) -> Window:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    after_y, after_m = (year + 1, 1) if month == 12 else (year, month + 1)
    return Window(_midnight(dt.date(year, month, 1), where),
                  _midnight(dt.date(after_y, after_m, 1), where))


def period(name: str, now: dt.datetime, tz: str) -> Window | None:
    """The window of a named period, or None when `name` is not one."""
    where = zone(tz)
    today = now.astimezone(where).date()
    monday = today - dt.timedelta(days=today.weekday())
    days = {"today": (today, 1), "tomorrow": (today + dt.timedelta(days=1), 1),
            "yesterday": (today - dt.timedelta(days=1), 1), "this-week": (monday, 7),
            "next-week": (monday + dt.timedelta(days=7), 7),
            "last-week": (monday - dt.timedelta(days=7), 7)}
    if name in days:
        first, count = days[name]
        return _days(first, count, where)
    months = {"this-month": 0, "next-month": 1, "last-month": -1}
    if name in months:
        return _month(today.year, today.month + months[name], where)
    return None


def window(text: str, now: dt.datetime, tz: str) -> Window:
    """The window `text` names, read in `tz` against `now` (UserError when unreadable)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    named = period(period_name(text), now, tz)
    if named is not None:
        return named
    instant = parse_when(text, now, tz)
    if _TIME_OF_DAY.search(text):
        return Window(instant, instant + INSTANT)
    where = zone(tz)
    day = instant.astimezone(where).date()
    check_range(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0)))
    return _days(day, 1, where)
