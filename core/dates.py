"""Dates and time zones as people type them: `tomorrow`, `fri`, `next monday 5pm`, `in 3 days`,
`2026-12-01 14:30`, `eod` ... read in the actor's time zone and returned as aware UTC.

Rules (they are also in `/task help due`):
- A date without a time means 17:00 local, the end of the working day.
- A time without a date (`5pm`, `17:00`, `eod`) means its next occurrence: `5pm` typed at
  18:00 is tomorrow 17:00. `today 17:00` says "today", so it stays today even when past.
- `in 2 hours` / `in 90 minutes` is elapsed time (correct across a daylight-saving change).
- A weekday name means the next such day, never today: `fri` typed on a Friday is a week away.
  `next fri` is parsedatetime's reading: the Friday of next week.
- A local time that does not exist (the spring-forward gap) moves forward by the gap; a time
  that happens twice (fall back) means the first one.
- The whole text must read as a date: `fri banana` is refused rather than read as `fri`.
ISO forms (`2026-12-01`, `2026-12-01 14:30`, `2026-12-01T14:30+02:00`) go through dateutil.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import threading
from zoneinfo import ZoneInfo, available_timezones

import parsedatetime
from dateutil import parser as dateutil_parser

from core.errors import UserError

END_OF_DAY = dt.time(17, 0)
WHEN_EXAMPLES = "tomorrow, fri, next monday 5pm, in 3 days, 2026-12-01"
DATE_RULES: tuple[str, ...] = (
    f"Examples: {WHEN_EXAMPLES}, 2026-12-01 14:30, today 17:00, eod, in 2 hours, dec 3.",
    "A date without a time means 17:00 (end of the working day).",
    "A time without a date means its next occurrence: 5pm typed at 6pm is tomorrow 5pm.",
    "A weekday means the next one, never today: fri on a Friday is a week away; "
    "next fri is the Friday of next week.",
    "Numeric dates are month/day (12/01 is December 1); 2026-12-01 is never ambiguous.",
    "Dates are read in your time zone; set it with /task tz Area/City.",
)
"""`/task help dates`."""
_ANCHOR = dt.datetime(2026, 1, 7, 12, 0, tzinfo=dt.UTC)  # fixed instant for readability checks

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:z|[+-]\d{2}(?::?\d{2})?)?$",
    re.ASCII,
)
_RELATIVE_CLOCK = re.compile(
    r"^in (\d{1,5}) (seconds?|secs?|minutes?|mins?|hours?|hrs?)$", re.ASCII
)
_ALIASES = {"tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "tomorow": "tomorrow",
            "eod": "17:00", "cob": "17:00", "end of day": "17:00", "end of the day": "17:00"}
_LEADING = re.compile(r"^(?:by|due|before|until|on)\s+")
_TRAILING_PUNCT = ".,;!?"

_local = threading.local()


def _calendar() -> parsedatetime.Calendar:
    """One Calendar per thread: it keeps a parse-context stack, so it is not thread-safe;
    building one costs ~0.3 ms, so it is not built per call."""
    cal = getattr(_local, "calendar", None)
    if cal is None:
        cal = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
        _local.calendar = cal
    return cal


def _unreadable(text: str) -> UserError:
    shown = " ".join(text.split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return UserError(f"I couldn't read '{shown}' as a date. Try: {WHEN_EXAMPLES}.")


def _normalize(text: str) -> str:
    t = " ".join(text.lower().split()).strip(_TRAILING_PUNCT + " ")
    t = _LEADING.sub("", t)
    return _ALIASES.get(t, t)


def _localize(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Attach the zone (fold=0: first of a repeated time, gap times move forward)."""
    check_range(naive)
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


def _parse_iso(text: str, zone: ZoneInfo) -> dt.datetime:
    try:
        value = dateutil_parser.isoparse(text.upper())
    except (ValueError, OverflowError) as err:
        raise _unreadable(text) from err
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    if len(text) == 10:  # date only
        value = dt.datetime.combine(value.date(), END_OF_DAY)
    try:
        return _localize(value, zone)
    except OverflowError as err:
        raise _unreadable(text) from err


def _read(cal: parsedatetime.Calendar, text: str, local_now: dt.datetime
          ) -> tuple[dt.datetime, bool, bool] | None:
    """(naive local value, has date, has time) when parsedatetime's matches cover every word of
    `text`; None otherwise. One match covering the text is used as is (one pass); several
    matches are read again as a whole with parseDT."""
    matches = cal.nlp(text, sourceTime=local_now)
    if not matches:
        # nlp() skips a few one-word forms that parseDT() knows ("now", "noon").
        if " " in text:
            return None
    else:
        rest = text
        for *_, start, end, _phrase in sorted(matches, key=lambda m: -m[2]):
            rest = rest[:start] + " " + rest[end:]
        if rest.strip(" " + _TRAILING_PUNCT):
            return None
        if len(matches) == 1:
            value, ctx = matches[0][0], matches[0][1]
            return value, ctx.hasDate, ctx.hasTime
    value, ctx = cal.parseDT(text, sourceTime=local_now)
    return value, ctx.hasDate, ctx.hasTime


EARLIEST_YEAR, LATEST_YEAR = 1970, 2199


def check_range(value: dt.datetime) -> dt.datetime:
    """Refuse instants no calendar of ours needs (year 9999 overflows time-zone maths)."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise UserError(f"Dates must fall between {EARLIEST_YEAR} and {LATEST_YEAR}. "
                        f"Try: {WHEN_EXAMPLES}.")
    return value


def parse_when(text: str, now: dt.datetime, tz: str) -> dt.datetime:
    """Read `text` in time zone `tz` relative to `now`; return an aware UTC datetime.
    Raises UserError (with examples) when the text is not a date or is out of range."""
    return check_range(_parse_when(text, now, tz))


def _parse_when(text: str, now: dt.datetime, tz: str) -> dt.datetime:
    zone = _zone(tz)
    if now.tzinfo is None:  # the contract says aware; a naive clock is taken as UTC
        now = now.replace(tzinfo=dt.UTC)
    cleaned = _normalize(text)
    if not cleaned:
        raise UserError(f"A date is missing. Try: {WHEN_EXAMPLES}.")
    if _ISO.match(cleaned):
        return _parse_iso(cleaned, zone)
    relative = _RELATIVE_CLOCK.match(cleaned)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)[0]
        seconds = amount * {"s": 1, "m": 60, "h": 3600}[unit]
        return now.astimezone(dt.UTC) + dt.timedelta(seconds=seconds)
    local_now = now.astimezone(zone).replace(tzinfo=None)
    try:
        read = _read(_calendar(), cleaned, local_now)
    except (ValueError, OverflowError, TypeError, IndexError, KeyError) as err:
        raise _unreadable(text) from err  # parsedatetime on odd input
    if read is None or not (read[1] or read[2]):
        raise _unreadable(text)
    value, has_date, has_time = read
    if has_date and not has_time:
        value = dt.datetime.combine(value.date(), END_OF_DAY)
    elif has_time and not has_date and value < local_now:
        value += dt.timedelta(days=1)
    try:
        return _localize(value, zone)
    except OverflowError as err:
        raise _unreadable(text) from err


@functools.lru_cache(maxsize=2048)
def is_when(text: str) -> bool:
    """Whether `text` reads as a date at all (independent of the clock and the zone)."""
    try:
        parse_when(text, _ANCHOR, "UTC")
    except UserError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """Lower-cased names (and unique city names) to canonical IANA names; built on first use
    because scanning the zone database costs a few milliseconds."""
    names = {name.lower(): name for name in available_timezones()}
    cities: dict[str, list[str]] = {}
    for name in names.values():
        if "/" in name:
            city = name.rsplit("/", 1)[1].lower().replace("_", " ")
            cities.setdefault(city, []).append(name)
    for city, zones in cities.items():
        if len(zones) == 1 and city not in names:
            names[city] = zones[0]
    return names


@functools.lru_cache(maxsize=256)
def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ValueError, KeyError, OSError) as err:  # ZoneInfoNotFoundError is a KeyError
        raise UserError(f"'{tz}' is not a time zone I know.") from err


def parse_tz(name: str) -> str:
    """Validate an IANA zone name (`Europe/Lisbon`), forgiving case, spaces and a bare unique
    city (`lisbon`); the error suggests close names."""
    key = " ".join(name.split()).strip().strip("\"“”")
    if not key:
        raise UserError("Which time zone? Give an Area/City name like Europe/Lisbon.")
    names = _zone_names()
    lookup = key.lower()
    found = (names.get(lookup) or names.get(lookup.replace(" ", "_"))
             or names.get(lookup.replace("_", " ")))
    if found is None and lookup in ("gmt", "z", "zulu"):
        found = "UTC"
    if found is not None:
        return found
    close = difflib.get_close_matches(lookup.replace(" ", "_"), names.keys(), n=3, cutoff=0.7)
    shown = key if len(key) <= 40 else key[:39] + "…"
    if close:
        options = " or ".join(dict.fromkeys(names[c] for c in close))
        raise UserError(f"I don't know the time zone '{shown}'. Did you mean {options}?")
    raise UserError(f"I don't know the time zone '{shown}'. Use an Area/City name like "
                    "Europe/Lisbon or America/New_York.")
