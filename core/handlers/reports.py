"""Report commands: a project's report over a period, its weekly schedule, a chart as an
image, and a person's stats. Reading commands take no write lock; the schedule writes."""

from __future__ import annotations

from typing import Any

from core import commands_reports as r
from core.dates import parse_tz
from core.errors import PermissionDenied, UserError
from core.files import paint, slug
from core.handlers.base import HandlerContext
from core.model import Project
from core.reports import compose, weekly
from core.reports.period import LAST, PERIOD_HINT, Period, parse_period, period_for
from core.reports.ports import ReportSchedule, reports_of
from core.results import Info
from core.results_reports import ChartPosted, ReportView
from core.scheduling.digest_render import when_text
from core.scheduling.model import DAY_WORDS

DEFAULT_CHART_PERIOD = {"burnup": "quarter", "flow": "quarter", "leadtime": "quarter",
                        "load": "month"}


def _period(h: HandlerContext, spec: str, default: str = "week") -> Period:
    return parse_period(spec or default, h.now, h.tz)


def _named(h: HandlerContext, name: str, period: str) -> tuple[Project, str]:
    """The project and the period. The grammar reads `last week` off the end, so a project
    whose name ends in "last" ("Sprint last" + "week") is found here; when there is no
    project of that name but there is one without its last word ("launch lastweek"), that
    word was meant as a period, and the answer says so."""
    found = h.uow.projects.by_name(h.tenant.id, name.strip())
    if found is not None:
        return found, period
    first, _, rest = period.partition(" ")
    if first in LAST and rest:
        longer = h.uow.projects.by_name(h.tenant.id, f"{name.strip()} {first}")
        if longer is not None:
            return longer, rest
    head, _, word = name.strip().rpartition(" ")
    if head and h.uow.projects.by_name(h.tenant.id, head) is not None:
        word = word if len(word) <= 40 else word[:39] + "…"
        raise UserError(f"'{word}' is not a period; use {PERIOD_HINT}. For example: "
                        f"/project report {head} last week.")
    return h.project(name), period


def project_report(h: HandlerContext, cmd: r.ProjectReport) -> ReportView:
    project, period = _named(h, cmd.name, cmd.period)
    return compose.project_report(h.uow, project, _period(h, period), h.now, h.tz,
                                  h.tenant)


def task_stats(h: HandlerContext, cmd: r.TaskStats) -> ReportView:
    person = h.member(cmd.person) if cmd.person else h.actor
    return compose.person_stats(h.uow, h.tenant.id, person.id, f"@{person.display_name}",
                                _period(h, cmd.period), h.now, h.tz)


def project_chart(h: HandlerContext, cmd: r.ProjectChart) -> ChartPosted:
    project = h.project(cmd.name)
    period = _period(h, cmd.period, DEFAULT_CHART_PERIOD.get(cmd.kind, "quarter"))
    chart = compose.project_chart(h.uow, project, cmd.kind, period, h.now, h.tenant)
    stamp = h.now.astimezone(period.zone)
    file = paint(chart, f"{cmd.kind}-{slug(project.name)}-{stamp:%Y-%m-%d}.png",
                 chart.title, chart.alt)
    return ChartPosted(title=chart.title, alt=chart.alt, file=file, ephemeral=False,
                       viewer_tz=h.tz)


def _require_owner(h: HandlerContext, project: Project) -> None:
    if h.actor.is_manager or project.owner_id == h.actor.id:
        return
    raise PermissionDenied(f"Only the owner of {project.name}, managers and admins can "
                           f"schedule its report. `/project report {project.name}` shows "
                           "it now.")


def report_every(h: HandlerContext, cmd: r.ProjectReportEvery) -> Info:
    project = h.project(cmd.name)
    _require_owner(h, project)
    channel = project.channel_id or h.ctx.channel_id
    if not channel:
        raise UserError("The report is posted to the project's channel, and this project has "
                        "none: run this in the channel it should go to.")
    store = reports_of(h.uow)
    old = store.schedule_for(h.tenant.id, project.id)
    # a new day or time alone keeps the zone the schedule had
    tz = parse_tz(cmd.tz) if cmd.tz else ((old.tz if old else None) or h.tenant.default_tz
                                          or "UTC")
    sched = ReportSchedule(id=old.id if old else 0, tenant_id=h.tenant.id,
                           project_id=project.id, channel_id=channel, weekday=cmd.weekday,
                           at=cmd.at, tz=tz, last_sent_at=old.last_sent_at if old else None,
                           created_by=h.actor.id)
    sched.next_run_at = weekly.next_run(sched, h.now)
    store.save_schedule(sched)
    covers = period_for("week", sched.next_run_at, tz, back=1).label
    return Info(message=f"{project.name}'s report of the week before will be posted in "
                        f"{_channel_ref(h, channel)} every {DAY_WORDS[cmd.weekday]} at "
                        f"{cmd.at:%H:%M} {tz}. Next: {when_text(sched.next_run_at, tz)} "
                        f"({covers}).", viewer_tz=h.tz)


def report_off(h: HandlerContext, cmd: r.ProjectReportOff) -> Info:
    project = h.project(cmd.name)
    store = reports_of(h.uow)
    old = store.schedule_for(h.tenant.id, project.id)
    if old is None or old.next_run_at is None:
        return Info(message=f"{project.name} has no weekly report.", viewer_tz=h.tz)
    _require_owner(h, project)
    old.next_run_at = None
    store.save_schedule(old)
    return Info(message=f"{project.name}'s weekly report is off.", viewer_tz=h.tz)


def _channel_ref(h: HandlerContext, channel: str) -> str:
    return "this channel" if channel == h.ctx.channel_id else "the project's channel"


HANDLERS: dict[type[Any], Any] = {
    r.ProjectReport: project_report,
    r.TaskStats: task_stats,
    r.ProjectChart: project_chart,
    r.ProjectReportEvery: report_every,
    r.ProjectReportOff: report_off,
}
READ_ONLY: frozenset[type[Any]] = frozenset({r.ProjectReport, r.TaskStats, r.ProjectChart})
