"""A `Report` as labelled figures for chat: what each renderer shows, in one order, with
the definitions of core/reports/metrics.py. Figures with no data say why ("no task was
due") rather than showing 0 %."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from core.reports.metrics import Report
from core.reports.wording import count

DAY = dt.timedelta(days=1)


def span(value: dt.timedelta | None) -> str:
    if value is None:
        return "n/a"
    days = value / DAY
    if days < 1:
        return f"{value.total_seconds() / 3600:.1f} h"
    return f"{days:.1f} d"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{round(100 * value)}%"


def figures(report: Report, names: Mapping[int, str], people: int = 5) -> list[tuple[str, str]]:
    today = report.as_of.astimezone(report.period.zone).date()
    weeks = [n for start, n in report.throughput if start <= today]   # none still to come
    per_week = sum(weeks) / len(weeks) if weeks else 0.0
    change = report.backlog_change
    trend = f"{'+' if change > 0 else ''}{change} since {report.period.label.split(' to ')[0]}"
    out = [
        ("Created / done / dropped", f"{report.created} / {report.done} / {report.dropped}"),
        ("Completion rate", (f"{pct(report.completion_rate)} of {report.due} due"
                             if report.due else "no task was due")),
        ("Throughput", f"{per_week:.1f} per week ({_weekly(weeks)})" if weeks
                       else "no week of the period has started yet"),
        ("Lead time p50 / p85", f"{span(report.lead_p50)} / {span(report.lead_p85)}"),
        ("Cycle time p50 / p85", f"{span(report.cycle_p50)} / {span(report.cycle_p85)}"),
        ("Backlog now", f"{report.backlog_now} ({trend})"),
        ("Overdue rate", (f"{pct(report.overdue_rate)}"
                          + (f", {report.avg_days_late:.1f} days late on average"
                             if report.avg_days_late is not None else "")
                          if report.due else "no task was due")),
        ("Time blocked", (f"{span(report.blocked_time)} over {count(report.blocked_tasks, 'task')}"
                          if report.blocked_tasks else "none")),
        ("Estimate accuracy", (f"{report.estimate_ratio:.2f}x logged / estimated over "
                               f"{count(report.estimate_tasks, 'task')}" if report.estimate_ratio
                               else "no done task has both an estimate and time logged")),
    ]
    if report.variance is not None:
        v = report.variance
        out.append(("Schedule variance", f"{v.mean_days:+.1f} d on average, {v.late} of "
                                         f"{v.compared} late"))
    else:
        out.append(("Schedule variance", "no baseline"))
    load = [f"{names.get(p.person, f'#{p.person}') if p.person is not None else 'unassigned'}"
            f" {p.open} open, {p.done} done" + (f", {p.hours:g} h" if p.hours else "")
            for p in report.workload[:people]]
    if load:
        more = len(report.workload) - people
        out.append(("Workload", "; ".join(load) + (f"; and {more} more" if more > 0 else "")))
    return out


WEEKS_SHOWN = 8
"""A longer period's throughput lists its last weeks only: a year is 53 numbers."""


def _weekly(weeks: list[int]) -> str:
    if len(weeks) <= WEEKS_SHOWN:
        return ", ".join(str(n) for n in weeks)
    return (f"{len(weeks)} weeks; the last {WEEKS_SHOWN}: "
            + ", ".join(str(n) for n in weeks[-WEEKS_SHOWN:]))


def headline(report: Report) -> str:
    return (f"{report.done} done, {report.created} created, {report.backlog_now} open "
            f"({report.period.label})")
