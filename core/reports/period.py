"""Report periods: a half-open span [start, end) between two local midnights in a zone.

Bounds are computed on local dates and converted with zoneinfo, so a week across a DST change
is 167 or 169 hours long and still starts on Monday 00:00 where the team lives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from core.errors import UserError

KINDS = ("week", "month", "quarter")


@dataclass(frozen=True)
class Period:
    start: dt.datetime
    end: dt.datetime
    tz: str
    label: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def contains(self, at: dt.datetime | None) -> bool:
        return at is not None and self.start <= at < self.end

    def week_starts(self) -> list[dt.datetime]:
        """The local Monday midnights that start each week touching the period."""
        zone = self.zone
        first = self.start.astimezone(zone).date()
        day = first - dt.timedelta(days=first.weekday())
        out = []
        while (at := local_midnight(day, zone)) < self.end:
            out.append(at)
            day += dt.timedelta(days=7)
        return out

    def week_spans(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """Each week as [Monday 00:00, next Monday 00:00) local: 167 or 169 hours across a
        DST change, never a fixed 7 x 24."""
        zone = self.zone
        return [(w, local_midnight(w.astimezone(zone).date() + dt.timedelta(days=7), zone))
                for w in self.week_starts()]

    def days(self) -> list[dt.date]:
        """Every local date in the period (for daily series)."""
        zone = self.zone
        day, last = self.start.astimezone(zone).date(), self.end.astimezone(zone).date()
        out = []
        while day < last:
            out.append(day)
            day += dt.timedelta(days=1)
        return out or [day]


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    """00:00 of `day` in `zone`, as an aware UTC datetime."""
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def _span(kind: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if kind == "week":
        first = today - dt.timedelta(days=today.weekday())
        return first, first + dt.timedelta(days=7)
    if kind == "month":
        first = today.replace(day=1)
        return first, _add_months(first, 1)
    first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return first, _add_months(first, 3)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_for(kind: str, now: dt.datetime, tz: str, back: int = 0) -> Period:
    """The calendar week/month/quarter holding `now` in `tz`; `back=1` is the one before
    (what a Monday-morning weekly report covers)."""
    if kind not in KINDS:
        raise UserError(f"Unknown period `{kind}`: use {PERIOD_HINT}.")
    zone = ZoneInfo(tz)
    first, after = _span(kind, now.astimezone(zone).date())
    for _ in range(back):
        first, after = _span(kind, first - dt.timedelta(days=1))
    label = _label(kind, first, after)
    return Period(local_midnight(first, zone), local_midnight(after, zone), tz, label)


def period_between(first: dt.date, last: dt.date, tz: str) -> Period:
    """`from:first to:last`, both dates included."""
    if last < first:
        raise UserError(f"The period ends ({last}) before it starts ({first}).")
    zone = ZoneInfo(tz)
    after = last + dt.timedelta(days=1)
    return Period(local_midnight(first, zone), local_midnight(after, zone), tz,
                  _label("range", first, after))


PERIOD_HINT = ("week, month or quarter (this one), last week, last month or last quarter, "
               "or from:2026-03-01 to:2026-03-31")
LAST = ("last", "previous")
THIS = ("this", "current")


def parse_period(spec: str, now: dt.datetime, tz: str) -> Period:
    """`week`, `month`, `quarter` (the one holding `now`; also `this week`), `last
    week|month|quarter` (the one before) or `from:YYYY-MM-DD to:YYYY-MM-DD` (default: week)."""
    words = spec.lower().split()
    if not words:
        return period_for("week", now, tz)
    if len(words) == 1 and words[0] in KINDS:
        return period_for(words[0], now, tz)
    if len(words) == 2 and words[0] in LAST + THIS and words[1] in KINDS:
        return period_for(words[1], now, tz, back=1 if words[0] in LAST else 0)
    parts = dict(w.split(":", 1) for w in words if ":" in w)
    if len(words) == 2 and set(parts) == {"from", "to"}:
        try:
            first, last = (dt.date.fromisoformat(parts[k]) for k in ("from", "to"))
        except ValueError as exc:
            raise UserError(f"Dates look like 2026-03-01 ({exc}).") from None
        return period_between(first, last, tz)
    raise UserError(f"Unknown period `{spec}`: use {PERIOD_HINT}.")


def _label(kind: str, first: dt.date, after: dt.date) -> str:
    last = after - dt.timedelta(days=1)
    if kind == "month":
        return first.strftime("%B %Y")
    if kind == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    return ("week of " if kind == "week" else "") + date_span(first, last)


def date_span(first: dt.date, last: dt.date) -> str:
    """"1 Dec to 30 Jan 2027" (the first year too when they differ: "1 Dec 2026 to ..."),
    or one day: "30 Nov 2026"."""
    if first == last:
        return full_date(first)
    since = short_date(first) + (f" {first.year}" if first.year != last.year else "")
    return f"{since} to {full_date(last)}"


def short_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def full_date(day: dt.date) -> str:
    """"1 Dec 2026": how titles and alt texts write a day."""
    return f"{short_date(day)} {day.year}"
