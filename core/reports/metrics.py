"""The report: what a manager asks of a period, computed from replayed task facts.

Definitions (the why behind each number):
- done / dropped: tasks whose *final* close falls in the period (a task done, reopened and
  done again counts once, when it was last done).
- completion rate: of the tasks due in the period (not dropped), the share done by its end.
- overdue rate: of those same tasks, the share finished after their due date or still open
  past it; days late average over the late ones (still open ones count up to `as_of`).
- lead time: created -> done; cycle time: start of the last cycle -> done; p50/p85 use
  linear interpolation between ranks, over the tasks done in the period.
- estimate accuracy: hours logged / hours estimated, over done tasks that have both.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.reports.events import HistoryEvent
from core.reports.facts import ACTIVE, DROPPED, IN_PROGRESS, OPEN, TaskFacts, replay, state_counts
from core.reports.period import Period

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Scope:
    """A project, a person (tasks assigned to them), both, or neither (the workspace)."""

    project: int | None = None
    person: int | None = None

    def matches(self, task: TaskFacts) -> bool:
        return ((self.project is None or task.project == self.project)
                and (self.person is None or task.assignee == self.person))


@dataclass(frozen=True)
class PersonLoad:
    person: int | None
    open: int
    done: int
    hours: float


@dataclass(frozen=True)
class Variance:
    """Actual finish against the baseline's planned finish, in days (positive = late)."""

    compared: int
    late: int
    mean_days: float
    worst_task: int | None
    worst_days: float


@dataclass(frozen=True)
class Report:
    period: Period
    as_of: dt.datetime
    created: int
    done: int
    dropped: int
    due: int
    completion_rate: float | None
    throughput: list[tuple[dt.date, int]]
    lead_p50: dt.timedelta | None
    lead_p85: dt.timedelta | None
    cycle_p50: dt.timedelta | None
    cycle_p85: dt.timedelta | None
    backlog_now: int
    backlog_trend: list[tuple[dt.date, int]]
    overdue_rate: float | None
    avg_days_late: float | None
    blocked_time: dt.timedelta
    blocked_tasks: int
    estimate_ratio: float | None
    estimate_tasks: int
    workload: list[PersonLoad]
    variance: Variance | None

    @property
    def backlog_change(self) -> int:
        return self.backlog_now - self.backlog_trend[0][1] if self.backlog_trend else 0


def percentile(values: Sequence[float], share: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _span_percentiles(spans: list[dt.timedelta]) -> tuple[dt.timedelta | None, ...]:
    seconds = [s.total_seconds() for s in spans]
    out = []
    for share in (0.5, 0.85):
        value = percentile(seconds, share)
        out.append(None if value is None else dt.timedelta(seconds=value))
    return tuple(out)


def active_count_at(tasks: Iterable[TaskFacts], at: dt.datetime) -> int:
    return sum(1 for t in tasks if t.state_at(at) in ACTIVE)


def build_report(events: Iterable[HistoryEvent], period: Period, now: dt.datetime,
                 scope: Scope = Scope(),
                 baseline: Mapping[int, dt.datetime] | None = None) -> Report:
    """The whole report for `scope` over `period`; `now` bounds what "still open" means."""
    return report_from_facts(replay(events), period, now, scope, baseline)


def report_from_facts(facts: Mapping[int, TaskFacts], period: Period, now: dt.datetime,
                      scope: Scope = Scope(),
                      baseline: Mapping[int, dt.datetime] | None = None) -> Report:
    tasks = [t for t in facts.values() if scope.matches(t)]
    as_of = min(now, period.end)
    done = [t for t in tasks if period.contains(t.done_at)]
    due = [t for t in tasks if period.contains(t.due) and not _dropped_by(t, as_of)]
    late_days = _late_days(due, as_of)
    lead = _span_percentiles([s for t in done if (s := t.lead_time()) is not None])
    cycle = _span_percentiles([s for t in done if (s := t.cycle_time()) is not None])
    blocked = [t.blocked_within(period.start, as_of) for t in tasks]
    ratio, pairs = _estimate_accuracy(done)
    weeks = period.week_starts()
    return Report(
        period=period, as_of=as_of,
        created=sum(1 for t in tasks if period.contains(t.created_at)),
        done=len(done),
        dropped=sum(1 for t in tasks if period.contains(t.dropped_at)),
        due=len(due),
        completion_rate=(sum(1 for t in due if t.done_at and t.done_at < period.end) / len(due)
                         if due else None),
        throughput=_throughput(done, period),
        lead_p50=lead[0], lead_p85=lead[1], cycle_p50=cycle[0], cycle_p85=cycle[1],
        backlog_now=active_count_at(tasks, as_of),
        backlog_trend=_backlog_trend(tasks, weeks, period, as_of),
        overdue_rate=len(late_days) / len(due) if due else None,
        avg_days_late=sum(late_days) / len(late_days) if late_days else None,
        blocked_time=sum(blocked, dt.timedelta()),
        blocked_tasks=sum(1 for b in blocked if b),
        estimate_ratio=ratio, estimate_tasks=pairs,
        workload=workload(tasks, period, as_of),
        variance=_variance(tasks, baseline, as_of) if baseline else None,
    )


def _throughput(done: list[TaskFacts], period: Period) -> list[tuple[dt.date, int]]:
    """Tasks done per local week of the period: one sort and two bisections a week."""
    finished = sorted(t.done_at for t in done if t.done_at is not None)
    zone = period.zone
    return [(w.astimezone(zone).date(),
             bisect.bisect_left(finished, after) - bisect.bisect_left(finished, w))
            for w, after in period.week_spans()]


def _backlog_trend(tasks: list[TaskFacts], weeks: list[dt.datetime], period: Period,
                   as_of: dt.datetime) -> list[tuple[dt.date, int]]:
    """Open + in-progress tasks at the start of each week of the period (first: its start)."""
    instants = [max(w, period.start) for w in weeks if w <= as_of]
    counts = state_counts(tasks, instants)
    return [(at.astimezone(period.zone).date(), c[OPEN] + c[IN_PROGRESS])
            for at, c in zip(instants, counts, strict=True)]


def _dropped_by(task: TaskFacts, at: dt.datetime) -> bool:
    return task.dropped_at is not None and task.dropped_at <= at


def _late_days(due: list[TaskFacts], as_of: dt.datetime) -> list[float]:
    out = []
    for t in due:
        assert t.due is not None
        finish = t.done_at if t.done_at and t.done_at <= as_of else as_of
        if finish > t.due:
            out.append((finish - t.due) / DAY)
    return out


def _estimate_accuracy(done: list[TaskFacts]) -> tuple[float | None, int]:
    pairs = [(t.logged_hours(), t.estimate) for t in done if t.estimate and t.logged_hours()]
    if not pairs:
        return None, 0
    return sum(lg for lg, _ in pairs) / sum(est for _, est in pairs if est), len(pairs)


def workload(tasks: Iterable[TaskFacts], period: Period, as_of: dt.datetime
             ) -> list[PersonLoad]:
    """Per person, busiest first: open tasks at `as_of` and done in the period (by
    assignee), hours logged in the period up to `as_of` (by whoever logged them). The
    report's figure and the workload chart both read this."""
    open_: dict[int | None, int] = {}
    done: dict[int | None, int] = {}
    hours: dict[int | None, float] = {}
    for t in tasks:
        if t.state_at(as_of) in ACTIVE:
            open_[t.assignee] = open_.get(t.assignee, 0) + 1
        if period.contains(t.done_at):
            done[t.assignee] = done.get(t.assignee, 0) + 1
        for at, who, h in t.logs:
            if period.start <= at < as_of:
                hours[who] = hours.get(who, 0.0) + h
    people = set(open_) | set(done) | set(hours)
    loads = [PersonLoad(p, open_.get(p, 0), done.get(p, 0), round(hours.get(p, 0.0), 2))
             for p in people]
    return sorted(loads, key=lambda x: (-x.open, -x.done, -x.hours, x.person is None,
                                        x.person or 0))


def _variance(tasks: list[TaskFacts], baseline: Mapping[int, dt.datetime],
              as_of: dt.datetime) -> Variance | None:
    days: list[tuple[float, int]] = []
    for t in tasks:
        planned = baseline.get(t.task_id)
        if planned is None or t.state == DROPPED:
            continue
        if t.done_at is not None:
            days.append(((t.done_at - planned) / DAY, t.task_id))
        elif as_of > planned:           # still open past its plan: late by at least this
            days.append(((as_of - planned) / DAY, t.task_id))
    if not days:
        return None
    worst = max(days)
    return Variance(compared=len(days), late=sum(1 for d, _ in days if d > 0),
                    mean_days=sum(d for d, _ in days) / len(days),
                    worst_task=worst[1], worst_days=worst[0])
