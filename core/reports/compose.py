"""Reports and charts from storage, shared by the commands and the weekly tick: load the
period's history in one query (plus the project layer's optional inputs), replay it once,
and build the report view or the chart value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from core.model import Project, Tenant
from core.ports import UnitOfWork
from core.reports import charts, plan_charts, summary
from core.reports.facts import replay
from core.reports.metrics import Scope, report_from_facts
from core.reports.period import Period
from core.reports.plan_feed import Planned, plan_inputs
from core.reports.plan_inputs import (
    PlanInputs,
    events_for,
    timeline_items,
    with_finish,
    with_plan_figures,
)
from core.reports.ports import HistoryScope, reports_of
from core.results_reports import ChartOffer, ReportView

PLAN_ROWS = 200
PLAN_KINDS = ("burnup", "load", "timeline", "graph")
"""The charts the project layer adds to: the burn-up's forecast line, the workload's hours,
the timeline's forecast, milestones and critical path, the graph's critical path."""


def _names(uow: UnitOfWork, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    return {i: f"@{m.display_name}" for i, m in uow.members.get_many(wanted).items()}


def project_report(uow: UnitOfWork, project: Project, period: Period, now: dt.datetime,
                   viewer_tz: str, tenant: Tenant | None = None,
                   planned: Planned | None = None) -> ReportView:
    """`tenant`: the workspace, for the project layer's forecast (none: no plan inputs);
    `planned`: the project's plan when the caller has loaded it (else loaded here)."""
    inputs = plan_inputs(uow, project, tenant, now, viewer_tz, since=period.start,
                         until=min(now, period.end), planned=planned)
    events = reports_of(uow).history(
        HistoryScope(project.tenant_id, project_id=project.id, closed_after=period.start),
        period.end)
    facts = replay([*events, *events_for(inputs, (e.task_id for e in events))])
    report = report_from_facts(facts, period, now, Scope(project=project.id),
                               inputs.baseline or None)
    names = _names(uow, (p.person for p in report.workload))
    return ReportView(title=f"Report: {project.name}, {period.label}",
                      headline=summary.headline(report),
                      figures=with_plan_figures(summary.figures(report, names), inputs),
                      offer=ChartOffer(project=project.name, kind="burnup"),
                      ephemeral=True, viewer_tz=viewer_tz)


def person_stats(uow: UnitOfWork, tenant_id: int, person_id: int, name: str, period: Period,
                 now: dt.datetime, viewer_tz: str) -> ReportView:
    events = reports_of(uow).history(
        HistoryScope(tenant_id, person_id=person_id, closed_after=period.start), period.end)
    report = report_from_facts(replay(events), period, now, Scope(person=person_id))
    figures = [f for f in summary.figures(report, {}) if f[0] not in ("Workload",
                                                                      "Schedule variance")]
    return ReportView(title=f"Stats: {name}, {period.label}",
                      headline=summary.headline(report), figures=tuple(figures),
                      viewer_tz=viewer_tz)


ChartValue = (charts.BurnUp | charts.CumulativeFlow | charts.LeadTimeScatter
              | charts.WorkloadBars | plan_charts.Timeline | plan_charts.DependencyGraph)


def project_chart(uow: UnitOfWork, project: Project, kind: str, period: Period,
                  now: dt.datetime, tenant: Tenant | None = None,
                  planned: Planned | None = None) -> ChartValue:
    """The chart value of `kind` for the project (period charts over `period`); `tenant`
    and `planned` as for `project_report`."""
    inputs = (plan_inputs(uow, project, tenant, now, str(period.zone), since=period.start,
                          until=min(now, period.end), with_events=kind == "load",
                          with_forecast=kind != "load", planned=planned)
              if kind in PLAN_KINDS else PlanInputs())
    if kind in ("timeline", "graph"):
        return _plan_chart(uow, project, kind, now.astimezone(period.zone).date(), inputs)
    closed_after = period.start if kind in ("leadtime", "load") else None
    events = reports_of(uow).history(
        HistoryScope(project.tenant_id, project_id=project.id, closed_after=closed_after),
        period.end)
    facts = replay([*events, *events_for(inputs, (e.task_id for e in events))])
    name = project.name
    if kind == "burnup":
        return with_finish(charts.burn_up(facts, period, now, name), inputs.finish)
    if kind == "flow":
        return charts.cumulative_flow(facts, period, now, name)
    if kind == "leadtime":
        return charts.lead_time_scatter(facts, period, name)
    names = _names(uow, [*(f.assignee for f in facts.values()),
                         *(who for f in facts.values() for _, who, _ in f.logs)])
    return charts.workload_bars(facts, period, now, names, name)


def _plan_chart(uow: UnitOfWork, project: Project, kind: str, today: dt.date,
                inputs: PlanInputs) -> ChartValue:
    store = reports_of(uow)
    tasks = store.plan_tasks(project.id, PLAN_ROWS)
    if kind == "graph":
        nodes = [plan_charts.GraphTask(t.task_id, f"#{t.number} {t.title}",
                                       done=t.status == "done",
                                       critical=t.task_id in inputs.critical) for t in tasks]
        return plan_charts.dependency_graph(nodes, store.edges([t.task_id for t in tasks]),
                                            project.name, today)
    items = []
    for t in tasks:
        start = (t.started_at or t.created_at).date()
        end = (t.done_at or t.due_at or t.started_at or t.created_at).date()
        if t.due_at is None and t.done_at is None and t.task_id not in inputs.spans:
            continue                      # nothing to place on a calendar
        items.append(plan_charts.TimelineItem(
            t.task_id, f"#{t.number} {t.title}", start, max(start, end),
            milestone=t.task_id in inputs.milestones, critical=t.task_id in inputs.critical,
            done=t.status == "done"))
    return plan_charts.timeline(timeline_items(items, inputs), today, project.name)
