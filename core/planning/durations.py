"""Durations as people type them: `30m`, `4h`, `1.5d`, `2w`, or parts together (`1d4h`).

Minutes and hours are clock time. A day is one working day *of the person who does the work*
(their working hours; 8 h by default) and a week is five of their working days, so `2d`
is 16 h for someone on 8 h days and 12 h for someone on 6 h days. A `Duration` therefore keeps
the two kinds apart and becomes minutes only once the day's length is known
(`to_minutes(day_minutes)`).

Numbers follow the rule of `core.text`: ASCII digits only (`²`, Arabic-Indic digits are not
numbers), checked for range before `int()` reads them. A fraction has at most two digits
and is allowed for hours, days and weeks (`1.5d`, `0.25h`), not for minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.text import ascii_int, is_ascii_int

DEFAULT_DAY_MINUTES = 8 * 60
WEEK_DAYS = 5
MAX_DAYS = 5 * 520
"""Ten years of working days: the largest duration anyone types on purpose."""

_PART = re.compile(r"([^.mhdw]*)(?:\.([^mhdw]*))?([mhdw])", re.ASCII)
_UNIT_NAMES = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_HINT = "write a number and a unit: 30m, 4h, 1.5d or 2w"


class DurationError(ValueError):
    """A duration the user typed that is not one; the message says why and what to write."""


@dataclass(frozen=True, slots=True)
class Duration:
    """Clock minutes plus working days in hundredths (`1.5d` = 150, `2w` = 1000)."""

    minutes: int = 0
    day_hundredths: int = 0

    def to_minutes(self, day_minutes: int = DEFAULT_DAY_MINUTES) -> int:
        """Working minutes for a person whose working day lasts `day_minutes`."""
        return self.minutes + round(self.day_hundredths * day_minutes / 100)

    def __add__(self, other: Duration) -> Duration:
        return Duration(self.minutes + other.minutes, self.day_hundredths + other.day_hundredths)

    @property
    def is_zero(self) -> bool:
        return self.minutes == 0 and self.day_hundredths == 0


ZERO = Duration()


def _hundredths(whole: str, frac: str | None, unit: str, text: str) -> int:
    """`whole.frac` in hundredths of `unit`, or a friendly error."""
    limit = {"m": MAX_DAYS * 24 * 60, "h": MAX_DAYS * 24, "d": MAX_DAYS, "w": MAX_DAYS // 5}
    if whole == "" and frac is not None:
        whole = "0"
    if not is_ascii_int(whole):
        raise DurationError(f"`{text}` is not a duration: {_HINT} (digits 0-9 only)")
    number = ascii_int(whole, 0, limit[unit])
    if number is None:
        raise DurationError(f"`{text}` is too long: at most {limit[unit]:,} {_UNIT_NAMES[unit]}")
    cents = 0
    if frac is not None:
        if unit == "m":
            raise DurationError(f"`{text}`: minutes are whole, write e.g. 90m or 1.5h")
        if not frac or len(frac) > 2 or ascii_int(frac) is None:
            raise DurationError(f"`{text}`: write at most two digits after the point, "
                                "e.g. 1.5d or 0.25h")
        cents = int(frac.ljust(2, "0"))
    return number * 100 + cents


def parse_duration(text: str) -> Duration:
    """`30m`, `4h`, `1.5d`, `2w`, `1d4h`, `1h30m` (any case, surrounding space ignored).
    Raises `DurationError` with a message meant for the user."""
    raw = text.strip()
    s = raw.lower()
    if not s:
        raise DurationError(f"a duration is missing: {_HINT}")
    pos, seen = 0, set()
    minutes = day_hundredths = 0
    while pos < len(s):
        m = _PART.match(s, pos)
        if m is None or m.end() == pos:
            rest = s[pos:]
            if ascii_int(rest.replace(".", "", 1)) is not None:
                raise DurationError(f"`{raw}` needs a unit: {rest}h or {rest}d? ({_HINT})")
            raise DurationError(f"`{raw}` is not a duration: {_HINT}")
        whole, frac, unit = m.group(1), m.group(2), m.group(3)
        if unit in seen:
            raise DurationError(f"`{raw}` gives {_UNIT_NAMES[unit]} twice")
        seen.add(unit)
        value = _hundredths(whole, frac, unit, raw)
        if unit == "m":
            minutes += value // 100
        elif unit == "h":
            if value * 60 % 100:
                raise DurationError(f"`{raw}`: that is not a whole number of minutes")
            minutes += value * 60 // 100
        elif unit == "d":
            day_hundredths += value
        else:
            day_hundredths += value * WEEK_DAYS
        pos = m.end()
    result = Duration(minutes, day_hundredths)
    if result.is_zero:
        raise DurationError(f"`{raw}` is zero: a duration is more than nothing")
    if result.to_minutes(24 * 60) > MAX_DAYS * 24 * 60:
        raise DurationError(f"`{raw}` is too long: at most {MAX_DAYS // 5} weeks")
    return result


def _trim(hundredths: int) -> str:
    whole, cents = divmod(hundredths, 100)
    if not cents:
        return str(whole)
    return f"{whole}.{cents:02d}".rstrip("0")


def format_duration(minutes: int, day_minutes: int = DEFAULT_DAY_MINUTES) -> str:
    """Working `minutes` in the shortest form `parse_duration` reads back to the same minutes
    for the same day length: `2w`, `1.5d`, `1d2h30m`, `4h`, `1.5h`, `45m`; `0m` for zero;
    a negative value gets a leading `-` (for variances)."""
    if minutes < 0:
        return "-" + format_duration(-minutes, day_minutes)
    if minutes == 0:
        return "0m"
    if minutes >= day_minutes:
        week = day_minutes * WEEK_DAYS
        if minutes % week == 0:
            return f"{minutes // week}w"
        if minutes * 100 % day_minutes == 0:
            return f"{_trim(minutes * 100 // day_minutes)}d"
        days, rest = divmod(minutes, day_minutes)
        return f"{days}d{format_duration(rest, day_minutes)}"
    hours, mins = divmod(minutes, 60)
    if hours and mins in (15, 30, 45):
        return f"{_trim(hours * 100 + mins * 100 // 60)}h"
    if hours and mins:
        return f"{hours}h{mins}m"
    return f"{hours}h" if hours else f"{mins}m"


def format_days(days: float) -> str:
    """Working days for a reader: `3 d`, `1.5 d`, `-2 d` (one decimal at most)."""
    text = f"{round(days, 1):.1f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('-0', '') else text} d"
