"""Running a channel's digest when it comes due, and building one on demand (preview).

Exactly once per (channel, local date): a tick claims the schedule by moving
`next_run_at` on with a conditional update, and the outbox row's dedupe key is the channel
and the local date, so neither a second replica, a retried tick, nor re-setting the
schedule the same day sends a second digest. A bot that was down at digest time sends the
latest missed digest once when it is back within the grace period, and skips older ones."""

from __future__ import annotations

import datetime as dt

from core.handlers.plan_load import TickScope
from core.handlers.plan_summary import milestones_at_risk
from core.model import Tenant
from core.notifications import Kind, Notification
from core.scheduling.context import TickContext
from core.scheduling.digest_compose import DigestReport, compose_digest
from core.scheduling.digest_render import digest_text
from core.scheduling.model import DigestSchedule
from core.scheduling.timecalc import digest_run_after, latest_run


def build_report(tc: TickContext, tenant: Tenant, channel_id: str, tz: str,
                 since: dt.datetime | None) -> DigestReport:
    start = since or tc.now - dt.timedelta(days=1)
    data = tc.uow.digests.digest_data(tenant.id, channel_id, start, tc.now)
    people_ids = {i for t in (*data.active, *data.finished) for i in (t.assignee_id,)
                  if i is not None}
    people_ids |= {b.assignee_id for bs in data.blockers.values() for b in bs
                   if b.assignee_id is not None}
    members = tc.uow.members.get_many(sorted(people_ids))
    project_ids = sorted({t.project_id for t in (*data.active, *data.finished)
                          if t.project_id is not None})
    projects = tc.uow.projects.get_many(project_ids)
    counts = {pid: tc.uow.tasks.project_counts(pid) for pid in project_ids}
    prefs = tc.uow.people.prefs_of(tenant.id, sorted(people_ids))
    away = [(members[p.member_id], p.away_until) for p in prefs.values()
            if p.away_until is not None and p.is_away(tc.now) and p.member_id in members]
    report = compose_digest(channel_id=channel_id, data=data, members=members,
                            projects=projects, counts=counts, away=away, now=tc.now, tz=tz,
                            since=start)
    late = milestones_at_risk(TickScope(tc.uow, tenant, tc.now), project_ids, tz,
                              since=start)
    return report.model_copy(update={"milestones_at_risk": late}) if late else report


def digest_note(tenant: Tenant, report: DigestReport, key: str | None) -> Notification:
    return Notification(
        kind=Kind.DIGEST, platform=tenant.key.platform, workspace_id=tenant.key.workspace_id,
        channel_id=report.channel_id, text=digest_text(report), tz=report.tz,
        extra={"digest": report.model_dump(mode="json"),
               "local_date": report.local_date.isoformat()},
        dedupe_key=key)


def process(tc: TickContext, sched: DigestSchedule, grace: dt.timedelta) -> int:
    """Claim one due digest schedule; queue its digest if it is not too late."""
    if sched.next_run_at is None:
        return 0
    tenant = tc.tenant(sched.tenant_id)
    day, run_at = latest_run(sched, sched.next_run_at, tc.now)
    _, following = digest_run_after(sched, max(run_at, tc.now))
    send = tenant is not None and tc.now - run_at <= grace
    if not tc.uow.digests.claim_digest(sched.id, sched.next_run_at, following,
                                    tc.now if send else None):
        return 0
    if not send or tenant is None:
        return 0
    report = build_report(tc, tenant, sched.channel_id, sched.tz, sched.last_sent_at)
    key = (f"{tenant.key.platform}:{tenant.key.workspace_id}:digest:{sched.channel_id}:"
           f"{day.isoformat()}")
    return int(tc.queue(digest_note(tenant, report, key)))
