"""What the project layer (milestones, estimates, time logged, baselines, the forecast and
the critical path) feeds into reports, as plain values, and the pure steps that fold them
into a report, a burn-up and a timeline. Loading them from storage is
`core.reports.plan_feed.plan_inputs`; everything here is tested on hand-made values.

Task keys are database task ids, like the rest of the reports (the planning core keys
tasks by number; the feed translates)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from core.handlers.plan_summary import is_new_slip
from core.plan_ports import LoggedWork
from core.planning.durations import DEFAULT_DAY_MINUTES
from core.reports.charts import BurnUp
from core.reports.events import EventKind, HistoryEvent
from core.reports.period import full_date
from core.reports.plan_charts import TimelineItem

MILESTONE_KEY_BASE = -1
"""Milestones sit on the timeline with negative keys (-1 - milestone id): never a task's."""


@dataclass(frozen=True)
class MilestoneMark:
    """A milestone on the timeline: at its forecast finish (else its due date)."""

    milestone_id: int
    name: str
    day: dt.date
    late: bool = False
    done: bool = False


@dataclass(frozen=True)
class PlanInputs:
    baseline: dict[int, dt.datetime] = field(default_factory=dict)
    """Planned finish per task id (the report's task-level schedule variance)."""
    forecast: list[tuple[dt.date, float]] | None = None
    """Unused by the feed (the burn-up's line is drawn from `finish`); kept for callers."""
    critical: frozenset[int] = frozenset()
    """Task ids on the critical path."""
    milestones: frozenset[int] = frozenset()
    events: tuple[HistoryEvent, ...] = ()
    """ESTIMATED and LOGGED events (estimate accuracy, hours per person)."""
    finish: dt.date | None = None
    """The project's forecast finish (local date)."""
    spans: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    """Forecast start and finish per open task id (the timeline)."""
    marks: tuple[MilestoneMark, ...] = ()
    variance: str | None = None
    """The project's forecast against its baseline, in words ("+3.0 working days: ...")."""


def work_events(work: Iterable[LoggedWork], now: dt.datetime) -> tuple[HistoryEvent, ...]:
    """The time logged (per task and person, at the last log's time) and the estimates of
    the tasks it was logged on (stamped `now`: after the task's creation, whatever the
    period) as report events; a day of estimate is 8 hours. A task nobody logged time on
    needs no estimate: estimate accuracy compares the two."""
    out: list[HistoryEvent] = []
    estimated: set[int] = set()
    for w in work:
        out.append(HistoryEvent(w.task_id, EventKind.LOGGED, w.last_at, actor=w.member_id,
                                hours=w.minutes / 60))
        if w.estimate is not None and not w.estimate.is_zero and w.task_id not in estimated:
            estimated.add(w.task_id)
            out.append(HistoryEvent(w.task_id, EventKind.ESTIMATED, now,
                                    hours=w.estimate.to_minutes(DEFAULT_DAY_MINUTES) / 60))
    return tuple(out)


def events_for(inputs: PlanInputs, task_ids: Iterable[int]) -> list[HistoryEvent]:
    """The plan events of the tasks the report's history has (an event of a task outside
    it would make the replay count a task the period never saw)."""
    if not inputs.events:
        return []
    known = set(task_ids)
    return [e for e in inputs.events if e.task_id in known]


def with_finish(chart: BurnUp, finish: dt.date | None) -> BurnUp:
    """The burn-up with the project layer's forecast line (from today's done count to the
    scope at the forecast finish) in place of the recent-pace one."""
    if finish is None or not chart.days or chart.scope[-1] <= chart.done[-1]:
        return chart
    today = chart.days[-1]
    line = [(today, float(chart.done[-1])), (max(finish, today), float(chart.scope[-1]))]
    head = chart.alt.split("; at the recent pace")[0].split("; nothing was finished")[0]
    head = head.removesuffix(".")
    return dataclasses.replace(chart, forecast=line,
                               alt=f"{head}; the plan forecasts the rest done by "
                                   f"{full_date(finish)}.")


def with_plan_figures(figures: Sequence[tuple[str, str]],
                      inputs: PlanInputs) -> tuple[tuple[str, str], ...]:
    """The report's figures with the forecast's schedule variance: replaces "no baseline"
    or follows the task-level figure."""
    if inputs.variance is None:
        return tuple(figures)
    out = []
    for label, value in figures:
        if label == "Schedule variance":
            value = inputs.variance if value == "no baseline" else f"{inputs.variance}; {value}"
        out.append((label, value))
    return tuple(out)


def timeline_items(tasks: Iterable[TimelineItem], inputs: PlanInputs) -> list[TimelineItem]:
    """Tasks placed by their forecast where they have one, and the milestones as
    diamonds (at their forecast finish, else their due date)."""
    out = []
    for item in tasks:
        span = inputs.spans.get(item.task_id)
        if span is not None and not item.done:
            item = dataclasses.replace(item, start=span[0], end=max(span))
        out.append(item)
    out.extend(TimelineItem(MILESTONE_KEY_BASE - m.milestone_id,
                            f"◆ {m.name}" + (" (late)" if m.late else ""), m.day, m.day,
                            milestone=True, done=m.done) for m in inputs.marks)
    return out


def plan_section(risks: Mapping[str, str], alerted: Mapping[str, dt.datetime],
                 since: dt.datetime) -> list[str]:
    """The weekly report's risk lines from the plan's risks (by key, as the early warnings
    keep them): slips new since `since` (a task or milestone forecast past its due date,
    warned about after `since` or not warned about yet), then the other milestones at
    risk."""
    new = [key for key in risks if key.endswith(":late") and is_new_slip(key, alerted, since)]
    older = [key for key in risks if key.startswith("ms:") and key not in new]
    return ([f"New slip: {risks[k]}" for k in new]
            + [f"Milestone at risk: {risks[k]}" for k in older])
