"""When a held batch goes out, in the person's zone (pure; tested without a database).

- hourly: at the next local hour boundary (xx:00) strictly after the note, if that
  boundary is on a working day within working hours (the end of the working day
  included, so the last hour's notes go out at 18:00, not the next morning); otherwise at
  the start of their next working hours.
- daily: at their chosen local time (default: the start of their working day) on the
  next working day it has not passed yet.
- both: never while they are away (the first moment after it instead).

Daylight-saving changes follow `core.scheduling.timecalc.localize`: a boundary that does
not exist (spring forward) moves to the next one that does; an hour that happens twice
(fall back) has its boundary once."""

from __future__ import annotations

import datetime as dt

from core.attention.model import Mode, NotifyPrefs
from core.scheduling.model import Prefs
from core.scheduling.timecalc import local, localize, next_allowed

_SEARCH_HOURS = 24 * 15
_SEARCH_DAYS = 15


def _work_day(day: dt.date, prefs: Prefs) -> bool:
    return not prefs.work_days or day.weekday() in prefs.work_days


def _boundary_ok(instant: dt.datetime, prefs: Prefs, tz: str) -> bool:
    here = local(instant, tz)
    clock = here.time().replace(tzinfo=None)
    return (_work_day(here.date(), prefs) and prefs.work_start <= clock <= prefs.work_end
            and not prefs.is_away(instant))


def next_hourly(now: dt.datetime, prefs: Prefs, tz: str) -> dt.datetime:
    here = local(now, tz)
    start = dt.datetime.combine(here.date(), dt.time(here.hour))
    for k in range(1, _SEARCH_HOURS):
        wall = start + dt.timedelta(hours=k)
        instant = localize(wall.date(), wall.time(), tz)
        if instant <= now:
            continue
        if _boundary_ok(instant, prefs, tz):
            return instant
        if not prefs.is_away(instant) and local(instant, tz).time() > prefs.work_end:
            return next_allowed(instant, prefs, tz)  # after hours: the next morning
    return next_allowed(now + dt.timedelta(hours=1), prefs, tz)


def next_daily(now: dt.datetime, prefs: Prefs, at: dt.time | None, tz: str) -> dt.datetime:
    when = at or prefs.work_start
    today = local(now, tz).date()
    for offset in range(_SEARCH_DAYS):
        day = today + dt.timedelta(days=offset)
        if not _work_day(day, prefs):
            continue
        instant = localize(day, when, tz)
        if instant > now and not prefs.is_away(instant):
            return instant
    return next_allowed(now + dt.timedelta(days=1), prefs, tz)


def next_batch(now: dt.datetime, notify: NotifyPrefs, prefs: Prefs, tz: str) -> dt.datetime:
    """When the batch that a note held at `now` belongs to goes out."""
    if notify.mode is Mode.DAILY:
        return next_daily(now, prefs, notify.at, tz)
    return next_hourly(now, prefs, tz)
