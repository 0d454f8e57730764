"""Recurrence rules for `/task add ... every:<rule>`: `daily`, `weekdays`, `weekly`,
`monthly`, `every 2 weeks` / `every 3 days` / `every 2 months`, weekday lists (`mon,thu`),
or a five-field cron expression (`0 9 * * 1-5`, via croniter).

Occurrences keep their local wall-clock time across daylight-saving changes: a task due
Mondays 17:00 in Europe/Lisbon stays at 17:00 Lisbon time all year. Given the series'
anchor (its first occurrence), monthly steps count from the anchor, so a task anchored on
31 January goes to 28 February, then 31 March (not the 28th forever), and the time of day
stays the anchor's even after a day whose time did not exist.

A rule fires at most once a day: a task is a piece of work, not a heartbeat, and a cron
like `* * * * *` would make one every tick."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from croniter import croniter
from dateutil.relativedelta import relativedelta

from core.errors import UserError
from core.scheduling.model import DAY_NAMES, EVERY_DAY, WEEKDAYS
from core.scheduling.timecalc import local, localize, zone

RULE_EXAMPLES = "daily, weekdays, weekly, monthly, every 2 weeks, mon,thu, 0 9 * * 1-5"
_EVERY_N = re.compile(r"^(?:every\s+)?(\d{1,3})\s*(day|week|month)s?$", re.ASCII)
_DAY_ALIASES = {name: i for i, name in enumerate(DAY_NAMES)} | {
    "monday": 0, "tues": 1, "tuesday": 1, "wednesday": 2, "thur": 3, "thurs": 3,
    "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


@dataclass(frozen=True)
class Rule:
    """`unit` is day/week/month (every `n` of them), `days` (on these weekdays), or cron."""

    text: str
    unit: str
    n: int = 1
    days: tuple[int, ...] = ()
    cron: str | None = None

    def next_after(self, current: dt.datetime, tz: str,
                   anchor: dt.datetime | None = None) -> dt.datetime:
        """The occurrence after `current` (aware UTC), in wall-clock terms of `tz`.
        `anchor`: the series' first occurrence; its date and time of day are what monthly
        steps and the time of day are counted from (without it, from `current`)."""
        here = local(current, tz)
        if self.cron is not None:
            nxt = croniter(self.cron, here).get_next(dt.datetime)
            assert isinstance(nxt, dt.datetime)
            return localize(nxt.date(), nxt.time(), tz)
        start = local(anchor, tz) if anchor is not None else here
        clock = start.time()
        if self.unit == "days":
            day = here.date() + dt.timedelta(days=1)
            while day.weekday() not in self.days:
                day += dt.timedelta(days=1)
            return localize(day, clock, tz)
        if self.unit == "month":
            return localize(_month_after(start.date(), here.date(), self.n), clock, tz)
        step = dt.timedelta(days=self.n * (7 if self.unit == "week" else 1))
        return localize(here.date() + step, clock, tz)


def _month_after(anchor: dt.date, current: dt.date, n: int) -> dt.date:
    """The first date after `current` that is a whole multiple of `n` months from `anchor`
    (relativedelta clamps the day to the month's end: 31 Jan + 1 month = 28 Feb)."""
    months = (current.year - anchor.year) * 12 + current.month - anchor.month
    k = max(0, months // n * n)
    while (day := anchor + relativedelta(months=k)) <= current:
        k += n
    return day


def _more_than_daily(cron: str) -> bool:
    """Whether a cron expression can fire twice on one day (more than one minute or hour)."""
    minutes, hours = croniter(cron).expanded[:2]
    return len(minutes) != 1 or len(hours) != 1 or "*" in (minutes[0], hours[0])


def parse_rule(text: str) -> Rule:
    """Read a rule; a UserError with examples when it is not one, or when it would repeat
    the task more than once a day."""
    rule = read_rule(text)
    if rule.cron is not None and _more_than_daily(rule.cron):
        raise UserError(f"'{text.strip()[:40]}' would repeat the task more than once a "
                        "day; a repeating task can come back at most daily (one minute "
                        "and one hour in a cron rule, e.g. 0 9 * * 1-5).")
    return rule


def read_rule(text: str) -> Rule:
    """Read a rule's shape (how often it fires is `parse_rule`'s concern: the grammar uses
    this to see how far an unquoted `every:` reaches)."""
    t = " ".join(text.lower().split())
    simple = {"daily": ("day", 1), "every day": ("day", 1), "weekly": ("week", 1),
              "every week": ("week", 1), "monthly": ("month", 1), "every month": ("month", 1),
              "biweekly": ("week", 2), "every other week": ("week", 2),
              "fortnightly": ("week", 2)}
    if t in simple:
        unit, n = simple[t]
        return Rule(text=t, unit=unit, n=n)
    if t in ("weekdays", "weekday", "every weekday", "every weekdays", "workdays",
             "workday", "every workday"):
        return Rule(text="weekdays" if "week" in t else "workdays", unit="days", days=WEEKDAYS)
    m = _EVERY_N.match(t)
    if m and 1 <= int(m.group(1)) <= 366:
        return Rule(text=t, unit=m.group(2), n=int(m.group(1)))
    listed = t
    for lead in ("weekly on ", "every week on ", "every ", "on "):  # "weekly on mon,thu"
        listed = listed.removeprefix(lead)
    names = [w for w in re.split(r"[,\s]+", listed) if w and w != "and"]
    if names and all(w in _DAY_ALIASES for w in names):
        days = tuple(sorted({_DAY_ALIASES[w] for w in names}))
        return Rule(text=t, unit="days", days=days or EVERY_DAY)
    if len(t.split()) == 5 and croniter.is_valid(t):
        return Rule(text=t, unit="cron", cron=t)
    raise UserError(f"I can't read '{text.strip()[:40]}' as a repeat rule. Try: {RULE_EXAMPLES}.")


def first_occurrence(rule: Rule, created: dt.datetime, tz: str,
                     default_time: dt.time = dt.time(17, 0)) -> dt.datetime:
    """For a recurring task without a due date: its first due instant after `created`
    (the end of the working day for day-based rules)."""
    if rule.cron is not None:
        return rule.next_after(created, tz)
    here = local(created, tz)
    today = localize(here.date(), default_time, tz)
    if rule.unit == "days":
        if here.weekday() in rule.days and today > created:
            return today
        return rule.next_after(today, tz)
    return today if today > created else rule.next_after(today, tz)


__all__ = ["RULE_EXAMPLES", "Rule", "first_occurrence", "parse_rule", "read_rule", "zone"]
