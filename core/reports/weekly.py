"""The weekly project report, posted to the project's channel by the scheduler.

Exactly once per (project, week): a tick claims the schedule by moving `next_run_at` on
with a conditional update (a second replica's claim fails), and the outbox row's dedupe
key is the project and the reported week's first day, so neither a retried tick nor
re-setting the schedule in the same week posts it twice. A bot down at report time posts
the latest missed report once within the grace period, as the digest does.

The report covers the week before the run (a Monday 09:00 report tells last week); its
burn-up chart travels in the outbox row as a file. A planned project's report also lists
new slips since the last report, the milestones at risk and the week's decisions."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping

from core.files import paint, slug
from core.model import Project, Tenant
from core.notifications import Kind, Notification
from core.reports.compose import project_chart, project_report
from core.reports.period import Period, period_for
from core.reports.plan_feed import Planned, load_planned, weekly_plan_lines
from core.reports.ports import ReportSchedule, reports_of
from core.results_reports import ReportView
from core.scheduling.context import TickContext
from core.scheduling.model import DigestSchedule
from core.scheduling.ports import ScheduleUnitOfWork
from core.scheduling.timecalc import digest_run_after, latest_run

log = logging.getLogger(__name__)


def _as_digest(sched: ReportSchedule) -> DigestSchedule:
    """The schedule in the digest's shape, to reuse its run arithmetic (one weekday)."""
    return DigestSchedule(id=sched.id, tenant_id=sched.tenant_id, channel_id=sched.channel_id,
                          at=sched.at, tz=sched.tz, days=(sched.weekday,))


def next_run(sched: ReportSchedule, after: dt.datetime) -> dt.datetime:
    return digest_run_after(_as_digest(sched), after)[1]


def report_text(view: ReportView) -> str:
    lines = [view.title, view.headline, *(f"{label}: {value}" for label, value in view.figures),
             *view.notes]
    return "\n".join(lines)


def report_note(tc: TickContext, tenant: Tenant, sched: ReportSchedule, project: Project,
                view: ReportView, period: Period,
                planned: Planned | None = None) -> Notification:
    """The channel message: the report as text and its burn-up chart as a file (`planned`:
    the project's plan the report was made from, else loaded again)."""
    chart = project_chart(tc.uow, project, "burnup", period, tc.now, tenant, planned)
    first = period.start.astimezone(period.zone)
    file = paint(chart, f"burnup-{slug(project.name)}-{first:%Y-%m-%d}.png",
                 chart.title, chart.alt)
    key = (f"{tenant.key.platform}:{tenant.key.workspace_id}:report:{sched.project_id}:"
           f"{period.start.astimezone(period.zone).date().isoformat()}")
    return Notification(kind=Kind.REPORT, platform=tenant.key.platform,
                        workspace_id=tenant.key.workspace_id, channel_id=sched.channel_id,
                        text=report_text(view), tz=sched.tz, dedupe_key=key, file=file,
                        extra={"report": view.model_dump(mode="json"), "project": project.name})


def _project(tc: TickContext, sched: ReportSchedule) -> Project | None:
    return tc.uow.projects.get_many([sched.project_id]).get(sched.project_id)


def build_note(tc: TickContext, sched: ReportSchedule,
               grace: dt.timedelta) -> Notification | None:
    """The report message of the run now due, or None when it is too late to send (more
    than `grace` after its time) or its workspace or project is gone."""
    assert sched.next_run_at is not None
    tenant = tc.tenant(sched.tenant_id)
    project = _project(tc, sched)
    _, run_at = latest_run(_as_digest(sched), sched.next_run_at, tc.now)
    if tenant is None or project is None or tc.now - run_at > grace:
        return None
    period = period_for("week", run_at, sched.tz, back=1)
    planned = load_planned(tc.uow, tenant, project, tc.now)   # once: text, risks and chart
    view = project_report(tc.uow, project, period, tc.now, sched.tz, tenant, planned)
    plan = weekly_plan_lines(tc.uow, tenant, project, period.start, period.end, tc.now,
                             sched.tz, planned)
    if plan:
        view = view.model_copy(update={"notes": (*view.notes, *plan)})
    return report_note(tc, tenant, sched, project, view, period, planned)


def prepare(uow_factory: Callable[[], ScheduleUnitOfWork], scheds: list[ReportSchedule],
            now: dt.datetime, grace: dt.timedelta,
            default_tz: str) -> dict[int, Notification | None]:
    """Build the due reports (and render their charts) in read-only transactions, before
    any claim: the claim's transaction then holds the write lock (SQLite has one, and
    every command waits for it) for an UPDATE and an INSERT, not for a render. A report
    that fails here is built again inside its claim."""
    out: dict[int, Notification | None] = {}
    for sched in scheds:
        if sched.next_run_at is None:
            continue
        try:
            with uow_factory() as uow:
                reports_of(uow).read_only()
                out[sched.id] = build_note(TickContext(uow=uow, now=now,
                                                       default_tz=default_tz), sched, grace)
        except Exception:
            log.exception("weekly report %s could not be prepared", sched.id)
    return out


def process(tc: TickContext, sched: ReportSchedule, grace: dt.timedelta,
            prepared: Mapping[int, Notification | None] | None = None) -> int:
    """Claim one due report schedule; queue its report (prepared, or built now) unless it
    is too late. A replica that loses the claim throws its copy away."""
    if sched.next_run_at is None:
        return 0
    _, run_at = latest_run(_as_digest(sched), sched.next_run_at, tc.now)
    following = next_run(sched, max(run_at, tc.now))
    note = (prepared[sched.id] if prepared is not None and sched.id in prepared
            else build_note(tc, sched, grace))
    if not reports_of(tc.uow).claim_schedule(sched.id, sched.next_run_at, following,
                                             tc.now if note is not None else None):
        return 0
    return int(tc.queue(note)) if note is not None else 0
