"""Recurrence rules for `/task add ... every:<rule>`: `daily`, `weekdays`, `weekly`,
`monthly`, `every 2 weeks` / `every 3 days` / `every 2 months`, weekday lists (`mon,thu`),
or a five-field cron expression (`0 9 * * 1-5`, via croniter).

Occurrences keep their local wall-clock time across daylight-saving changes: a task due
Mondays 17:00 in Europe/Lisbon stays at 17:00 Lisbon time all year."""

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
_EVERY_N = re.compile(r"^(?:every\s+)?(\d{1,3})\s*(day|week|month)s?$")
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

    def next_after(self, current: dt.datetime, tz: str) -> dt.datetime:
        """The occurrence after `current` (aware UTC), in wall-clock terms of `tz`."""
        here = local(current, tz)
        if self.cron is not None:
            nxt = croniter(self.cron, here).get_next(dt.datetime)
            assert isinstance(nxt, dt.datetime)
            return localize(nxt.date(), nxt.time(), tz)
        if self.unit == "days":
            day = here.date() + dt.timedelta(days=1)
            while day.weekday() not in self.days:
                day += dt.timedelta(days=1)
            return localize(day, here.time(), tz)
        step = {"day": relativedelta(days=self.n), "week": relativedelta(weeks=self.n),
                "month": relativedelta(months=self.n)}[self.unit]
        return localize(here.date() + step, here.time(), tz)


def parse_rule(text: str) -> Rule:
    """Read a rule; a UserError with examples when it is not one."""
    t = " ".join(text.lower().split())
    simple = {"daily": ("day", 1), "every day": ("day", 1), "weekly": ("week", 1),
              "every week": ("week", 1), "monthly": ("month", 1), "every month": ("month", 1),
              "biweekly": ("week", 2), "every other week": ("week", 2),
              "fortnightly": ("week", 2)}
    if t in simple:
        unit, n = simple[t]
        return Rule(text=t, unit=unit, n=n)
    if t in ("weekdays", "every weekday", "workdays"):
        return Rule(text=t, unit="days", days=WEEKDAYS)
    m = _EVERY_N.match(t)
    if m and 1 <= int(m.group(1)) <= 366:
        return Rule(text=t, unit=m.group(2), n=int(m.group(1)))
    names = [w for w in re.split(r"[,\s]+", t.removeprefix("every ")) if w and w != "and"]
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


__all__ = ["RULE_EXAMPLES", "Rule", "first_occurrence", "parse_rule", "zone"]
