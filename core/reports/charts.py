"""Chart values for the period charts: burn-up, cumulative flow, lead-time scatter and
workload bars. Each is plain data (series, labels, marks) with a title that says what and
when and alt text that says the figure's message; `adapters/charts` draws them.

(`core/charts.py` draws text bars for chat messages; these are the picture's data.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from core.reports.facts import DONE, DROPPED, IN_PROGRESS, OPEN, TaskFacts, state_counts
from core.reports.metrics import percentile, workload
from core.reports.period import Period, full_date, local_midnight
from core.reports.wording import count

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class BurnUp:
    title: str
    alt: str
    days: list[dt.date]
    scope: list[int]
    done: list[int]
    forecast: list[tuple[dt.date, float]] | None = None


@dataclass(frozen=True)
class CumulativeFlow:
    title: str
    alt: str
    days: list[dt.date]
    open: list[int]
    in_progress: list[int]
    done: list[int]


@dataclass(frozen=True)
class LeadPoint:
    day: dt.date
    days: float
    task_id: int


@dataclass(frozen=True)
class LeadTimeScatter:
    title: str
    alt: str
    points: list[LeadPoint]
    p50: float | None
    p85: float | None


@dataclass(frozen=True)
class WorkloadBars:
    title: str
    alt: str
    people: list[str]
    open: list[int]
    done: list[int]
    hours: list[float]


def _ends_of_days(period: Period, now: dt.datetime) -> list[tuple[dt.date, dt.datetime]]:
    """Each local day of the period with the instant its count is read (its end, or now)."""
    zone = period.zone
    out = []
    for day in period.days():
        end = local_midnight(day + DAY, zone)
        out.append((day, min(end, now)))
        if end >= now:
            break
    return out


def burn_up(facts: Mapping[int, TaskFacts], period: Period, now: dt.datetime, name: str,
            forecast: list[tuple[dt.date, float]] | None = None) -> BurnUp:
    """Scope (tasks that exist and were not dropped) and done, at the end of each day.
    Without a forecast from the project layer, the recent pace is extended to the scope."""
    ends = _ends_of_days(period, now)
    days = [day for day, _ in ends]
    counts = state_counts(facts.values(), [at for _, at in ends])
    scope = [sum(c.values()) - c[DROPPED] for c in counts]
    done = [c[DONE] for c in counts]
    if forecast is None:
        forecast = pace_forecast(days, scope, done)
    title = f"Burn-up: {name}, {period.label}"
    if not days or scope[-1] == 0:
        return BurnUp(title, f"{name} has no tasks in {period.label}.", days, scope, done, None)
    left = scope[-1] - done[-1]
    alt = (f"Scope went from {scope[0]} to {count(scope[-1], 'task')} and {done[-1]} "
           f"{'is' if done[-1] == 1 else 'are'} done, {left} to go")
    if forecast:
        alt += f"; at the recent pace the rest is done around {full_date(forecast[-1][0])}"
    elif left:
        alt += "; nothing was finished recently, so there is no forecast"
    return BurnUp(title, alt + ".", days, scope, done, forecast)


def pace_forecast(days: list[dt.date], scope: list[int], done: list[int],
                  window: int = 28) -> list[tuple[dt.date, float]] | None:
    """A straight line from today's done count at the last `window` days' pace until it
    meets today's scope; None when there is nothing left or no recent pace."""
    if len(days) < 2 or done[-1] >= scope[-1]:
        return None
    back = min(window, len(days) - 1)
    rate = (done[-1] - done[-1 - back]) / back
    if rate <= 0:
        return None
    remaining = (scope[-1] - done[-1]) / rate
    return [(days[-1], float(done[-1])),
            (days[-1] + dt.timedelta(days=round(remaining + 0.5)), float(scope[-1]))]


def cumulative_flow(facts: Mapping[int, TaskFacts], period: Period, now: dt.datetime,
                    name: str) -> CumulativeFlow:
    ends = _ends_of_days(period, now)
    days = [day for day, _ in ends]
    daily = state_counts(facts.values(), [at for _, at in ends])
    counts = {key: [c[key] for c in daily] for key in (OPEN, IN_PROGRESS, DONE)}
    title = f"Cumulative flow: {name}, {period.label}"
    if not days or not any(counts[OPEN] + counts[IN_PROGRESS] + counts[DONE]):
        alt = f"{name} has no tasks in {period.label}."
    else:
        wip = counts[IN_PROGRESS]
        alt = (f"Work in progress went from {wip[0]} to {wip[-1]}; open work from "
               f"{counts[OPEN][0]} to {counts[OPEN][-1]}; done grew by "
               f"{counts[DONE][-1] - counts[DONE][0]} to {counts[DONE][-1]}.")
    return CumulativeFlow(title, alt, days, counts[OPEN], counts[IN_PROGRESS], counts[DONE])


def lead_time_scatter(facts: Mapping[int, TaskFacts], period: Period,
                      name: str) -> LeadTimeScatter:
    zone = period.zone
    points = [LeadPoint(t.done_at.astimezone(zone).date(), lead / DAY, t.task_id)
              for t in facts.values()
              if period.contains(t.done_at) and t.done_at and (lead := t.lead_time())]
    points.sort(key=lambda p: (p.day, p.task_id))
    values = [p.days for p in points]
    p50, p85 = percentile(values, 0.5), percentile(values, 0.85)
    title = f"Lead time: {name}, {period.label}"
    if p50 is None or p85 is None:
        alt = f"No task of {name} was done in {period.label}."
    else:
        alt = (f"{len(points)} tasks done; half took {p50:.1f} days or less from creation, "
               f"85% took {p85:.1f} days or less.")
    return LeadTimeScatter(title, alt, points, p50, p85)


def workload_bars(facts: Mapping[int, TaskFacts], period: Period, now: dt.datetime,
                  names: Mapping[int, str], title_name: str, rows: int = 12) -> WorkloadBars:
    """Open tasks now, done in the period and hours logged, per person, busiest first
    (`metrics.workload`: the report's own figure)."""
    ranked = workload(facts.values(), period, min(now, period.end))[:rows]
    people = [names.get(p.person, f"#{p.person}") if p.person is not None else "unassigned"
              for p in ranked]
    title = f"Workload: {title_name}, {period.label}"
    if not ranked:
        alt = f"Nobody has open or finished work in {title_name} for {period.label}."
    else:
        alt = (f"{people[0]} carries the most open work ({count(ranked[0].open, 'task')}); "
               f"{count(len(people), 'person', 'people')} shown, "
               f"{count(sum(p.open for p in ranked), 'open task')} in all.")
    return WorkloadBars(title, alt, people, [p.open for p in ranked], [p.done for p in ranked],
                        [round(p.hours, 1) for p in ranked])
