"""Due-soon and overdue alerts of tasks with due dates.

Each active task with a due date has one `TaskAlert` row whose `next_at` is the next
moment something may be said about it; the row is (re)built from the task whenever the
task changes (the change feed, see `sync`). When it comes due:
- DUE_SOON: a DM at the start of the person's last working day before the due date (or,
  if they chose, N hours before the due time; or never), moved into their working hours,
  skipped if that moment has passed or would be after the due time;
- OVERDUE: one DM when the task passes its due time, then one per working day at the start
  of the person's working hours; on the N-th working day (per project, default 2) the
  project owner gets one escalation DM.
Closing or re-dating the task rebuilds or removes the row, which stops them. Every DM has
a dedupe key (task, due time, step), so a retried or doubled tick queues it once."""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.model import Task
from core.notifications import Kind, Notification
from core.scheduling.context import TickContext
from core.scheduling.digest_render import when_text
from core.scheduling.model import DEFAULT_ESCALATE_AFTER, AlertStage, Prefs, TaskAlert
from core.scheduling.timecalc import (
    local_date,
    localize,
    next_allowed,
    next_work_start,
)


def due_soon_at(due: dt.datetime, prefs: Prefs, tz: str) -> dt.datetime | None:
    """When the due-soon DM is meant to go, by the person's setting."""
    if prefs.due_soon_hours is None:
        return None
    if prefs.due_soon_hours > 0:
        return due - dt.timedelta(hours=prefs.due_soon_hours)
    day = local_date(due, tz) - dt.timedelta(days=1)
    for _ in range(14):
        if day.weekday() in prefs.work_days:
            return localize(day, prefs.work_start, tz)
        day -= dt.timedelta(days=1)
    return None


def initial_alert(task: Task, prefs: Prefs, tc: TickContext, tz: str) -> TaskAlert:
    assert task.due_at is not None
    soon = due_soon_at(task.due_at, prefs, tz)
    if soon is not None and tc.now < soon < task.due_at:
        return TaskAlert(task.id, task.tenant_id, task.due_at, soon, AlertStage.DUE_SOON)
    return TaskAlert(task.id, task.tenant_id, task.due_at, task.due_at, AlertStage.OVERDUE)


def sync(tc: TickContext, task: Task | None, task_id: int) -> None:
    """Make the task's alert row match the task (after any change to it)."""
    alert = tc.alert_of(task_id)
    if task is None or not task.status.is_active or task.due_at is None:
        if alert is not None:
            tc.uow.alerts.delete_alert(task_id)
        return
    if alert is not None and alert.due_at == task.due_at:
        return
    who = tc.recipient(task)
    if who is None:
        return
    tz = tc.tz_of(who, tc.tenant(task.tenant_id))
    tc.uow.alerts.save_alert(initial_alert(task, tc.prefs(who), tc, tz))


def process(tc: TickContext, alert: TaskAlert) -> int:
    """Act on one due alert; returns how many notifications were queued."""
    task = tc.task(alert.task_id)
    if task is None or not task.status.is_active or task.due_at != alert.due_at:
        sync(tc, task, alert.task_id)
        return 0
    tenant, who = tc.tenant(task.tenant_id), tc.recipient(task)
    if tenant is None or who is None:
        tc.uow.alerts.delete_alert(task.id)
        return 0
    assert task.due_at is not None
    prefs, tz = tc.prefs(who), tc.tz_of(who, tenant)
    allowed = next_allowed(tc.now, prefs, tz)
    new = dataclasses.replace(alert)
    notes: list[Notification] = []
    base = f"alert:{task.id}:{task.due_at.isoformat()}"
    if alert.stage is AlertStage.DUE_SOON:
        if allowed >= task.due_at:
            new.stage, new.next_at = AlertStage.OVERDUE, max(task.due_at, tc.now)
        elif allowed > tc.now:
            new.next_at = allowed
        else:
            notes.append(tc.dm(Kind.DUE_SOON, tenant, who,
                               f"{task.ref} {task.title} is due {when_text(task.due_at, tz)}",
                               f"{base}:due_soon", task=task))
            new.stage, new.next_at = AlertStage.OVERDUE, task.due_at
    elif allowed > tc.now:
        new.next_at = allowed
    else:
        k = alert.overdue_sent
        text = (f"{task.ref} {task.title} is overdue: it was due {when_text(task.due_at, tz)}"
                if k == 0 else f"{task.ref} {task.title} is still overdue "
                f"({k} working day{'s' if k != 1 else ''} now)")
        notes.append(tc.dm(Kind.OVERDUE, tenant, who, text, f"{base}:overdue:{k}", task=task,
                           working_days_overdue=k))
        new.overdue_sent = k + 1
        new.next_at = next_work_start(tc.now, prefs, tz)
        if not alert.escalated and k >= _threshold(tc, task):
            new.escalated = True
            notes.extend(_escalation(tc, task, who.id, k, base))
    if not tc.uow.alerts.claim_alert(alert.task_id, alert.next_at, new):
        return 0
    return sum(tc.queue(n) for n in notes)


def _threshold(tc: TickContext, task: Task) -> int:
    if task.project_id is None or tc.project(task.project_id) is None:
        return DEFAULT_ESCALATE_AFTER
    return tc.escalate_after(task.project_id)


def _escalation(tc: TickContext, task: Task, recipient_id: int, days: int,
                base: str) -> list[Notification]:
    if task.project_id is None:
        return []
    project = tc.project(task.project_id)
    owner = tc.member(project.owner_id) if project is not None else None
    tenant = tc.tenant(task.tenant_id)
    if project is None or owner is None or tenant is None or owner.id == recipient_id:
        return []
    assignee = tc.member(task.assignee_id)
    whose = f"@{assignee.display_name}'s " if assignee else "unassigned "
    when = next_allowed(tc.now, tc.prefs(owner), tc.tz_of(owner, tenant))
    return [tc.dm(Kind.ESCALATION, tenant, owner,
                  f"Escalation in {project.name}: {whose}{task.ref} {task.title} has been "
                  f"overdue for {days} working days", f"{base}:escalation", task=task,
                  not_before=when, working_days_overdue=days)]
