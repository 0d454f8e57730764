"""When a participant is asked and when a day's report goes out.

Questions: at the check-in's clock time in the participant's OWN zone, on a day that is a
check-in day and one of their working days. The report: at the report time in the
channel's zone, on the day's date. Local times become instants with the scheduler's
`localize` (a time that does not exist on a spring-forward day moves on by the gap, one
that happens twice means the first), so each day has exactly one ask per person and one
report, whatever the clocks do."""

from __future__ import annotations

import datetime as dt

from core.scheduling.timecalc import local_date, localize
from core.standup.model import Checkin

_SEARCH_DAYS = 15


def next_ask(checkin: Checkin, tz: str, work_days: tuple[int, ...],
             after: dt.datetime) -> tuple[dt.date, dt.datetime] | None:
    """The first (local date, instant) of this person's questions strictly after `after`;
    None when the check-in's days and theirs never meet."""
    days = set(checkin.days) & set(work_days or checkin.days)
    if not days:
        return None
    start = local_date(after, tz) - dt.timedelta(days=1)
    for offset in range(_SEARCH_DAYS):
        day = start + dt.timedelta(days=offset)
        if day.weekday() not in days:
            continue
        instant = localize(day, checkin.at, tz)
        if instant > after:
            return day, instant
    return None


def report_instant(checkin: Checkin, day: dt.date) -> dt.datetime:
    """The report of the check-in day `day`, in the channel's zone."""
    return localize(day, checkin.report_at, checkin.tz)


def default_report(at: dt.time) -> dt.time:
    """An hour after the questions (23:59 at the latest: the same day)."""
    minutes = min(at.hour * 60 + at.minute + 60, 23 * 60 + 59)
    return dt.time(minutes // 60, minutes % 60)
