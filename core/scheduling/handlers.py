"""Handlers of the scheduler's commands: plain handlers like the core's own, registered in
`core.handlers.registry`. They reach the scheduler's repositories through the unit of
work they run in (`uow.digests`, `uow.reminders`, ...), so their writes commit with the
rest of the command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from core.dates import parse_when
from core.errors import PermissionDenied, UserError
from core.handlers.base import HandlerContext
from core.results import Info, Result
from core.scheduling import commands as sc
from core.scheduling import personal
from core.scheduling.context import TickContext
from core.scheduling.digest_compose import DigestReport
from core.scheduling.digest_render import digest_text, when_text
from core.scheduling.digest_runs import build_report
from core.scheduling.every import set_every
from core.scheduling.model import (
    WEEKDAYS,
    DigestSchedule,
    Prefs,
    Reminder,
    ReminderState,
    days_label,
)
from core.scheduling.ports import ScheduleUnitOfWork, schedule_of
from core.scheduling.timecalc import digest_run_after, next_allowed, next_work_start

Handler = Callable[[HandlerContext, Any], Result]


class DigestPreview(Info):
    """`/task digest show`: the digest as it would go out now (`message` is its text)."""

    report: DigestReport


def _channel(h: HandlerContext) -> str:
    if not h.ctx.channel_id:
        raise UserError("Digests belong to a channel: run this in the channel.")
    return h.ctx.channel_id


def _require_digest_owner(h: HandlerContext, sched: DigestSchedule, verb: str) -> None:
    """A channel's digest is the team's: whoever set it up, managers and admins may change
    or remove it; any member may start one where there is none."""
    if h.actor.is_manager or (sched.created_by is not None and
                              sched.created_by == h.actor.id):
        return
    who = h.views.member(sched.created_by) if sched.created_by is not None else None
    by = f"{who.display_name}, who set it up, " if who is not None else ""
    raise PermissionDenied(f"You can't {verb} this channel's digest: only {by}managers and "
                           "admins can. `/task digest show` previews it.")


def _info(h: HandlerContext, text: str) -> Info:
    return Info(message=text, viewer_tz=h.tz)


def _uow(h: HandlerContext) -> ScheduleUnitOfWork:
    return schedule_of(h.uow)


def _prefs(h: HandlerContext) -> Prefs:
    found = _uow(h).people.prefs_of(h.tenant.id, [h.actor.id]).get(h.actor.id)
    return found or Prefs(member_id=h.actor.id, tenant_id=h.tenant.id)


def set_digest(h: HandlerContext, cmd: sc.SetDigest) -> Result:
    channel = _channel(h)
    old = _uow(h).digests.digest_for(h.tenant.id, channel)
    live = old is not None and old.enabled
    if live:
        assert old is not None
        _require_digest_owner(h, old, "change")
    # re-timing a live digest keeps the zone and days it did not name
    kept = old if live else None
    tz = cmd.tz or (kept.tz if kept else None) or h.tenant.default_tz or "UTC"
    sched = DigestSchedule(id=old.id if old else 0, tenant_id=h.tenant.id,
                           channel_id=channel, at=cmd.at, tz=tz,
                           days=cmd.days or (kept.days if kept else WEEKDAYS),
                           created_by=old.created_by if live and old else h.actor.id,
                           last_sent_at=old.last_sent_at if old else None)
    _, sched.next_run_at = digest_run_after(sched, h.now)
    _uow(h).digests.save_digest(sched)
    return _info(h, f"This channel gets a standup digest at {cmd.at:%H:%M} {tz}, "
                    f"{days_label(sched.days)}. Next: {when_text(sched.next_run_at, tz)}.")


def digest_off(h: HandlerContext, cmd: sc.DigestOff) -> Result:
    old = _uow(h).digests.digest_for(h.tenant.id, _channel(h))
    if old is None or not old.enabled:
        return _info(h, "This channel has no digest.")
    _require_digest_owner(h, old, "switch off")
    old.enabled, old.next_run_at = False, None
    _uow(h).digests.save_digest(old)
    return _info(h, "The standup digest for this channel is off.")


def digest_show(h: HandlerContext, cmd: sc.DigestShow) -> Result:
    channel = _channel(h)
    sched = _uow(h).digests.digest_for(h.tenant.id, channel)
    tz = sched.tz if sched else (h.tenant.default_tz or "UTC")
    tc = TickContext(uow=_uow(h), now=h.now, default_tz=tz)
    report = build_report(tc, h.tenant, channel, tz, sched.last_sent_at if sched else None)
    head = ("" if sched is None or not sched.enabled or sched.next_run_at is None else
            f"(next digest {when_text(sched.next_run_at, tz)})\n")
    return DigestPreview(message=head + digest_text(report), report=report,
                         viewer_tz=h.tz)


def _remind(h: HandlerContext, text: str, when: str, task_id: int | None) -> Reminder:
    at = parse_when(when, h.now, h.tz)
    if at <= h.now:
        raise UserError(f"{when_text(at, h.tz)} has already passed.")
    return _uow(h).reminders.add_reminder(Reminder(id=0, tenant_id=h.tenant.id,
                                         member_id=h.actor.id, text=text, due_at=at,
                                         task_id=task_id, created_at=h.now))


def _arrival(h: HandlerContext, at: dt.datetime) -> tuple[str, str]:
    """When a DM meant for `at` will actually arrive (the tick holds it past the
    actor's away period and outside their working hours, in the zone the tick uses),
    and why, when that is later than `at`."""
    p = _prefs(h)
    when = next_allowed(at, p, h.actor.tz or h.tenant.default_tz or "UTC")
    if when <= at:
        return when_text(at, h.tz), ""
    why = ("you're away then" if p.is_away(at) else
           f"outside your working hours, {days_label(p.work_days)} "
           f"{p.work_start:%H:%M}-{p.work_end:%H:%M}; /task reminders changes them")
    return when_text(when, h.tz), f" ({when_text(at, h.tz)} is held: {why})"


def remind_task(h: HandlerContext, cmd: sc.RemindTask) -> Result:
    task = h.task(cmd.number)
    r = _remind(h, "", cmd.when, task.id)
    when, held = _arrival(h, r.due_at)
    return _info(h, f"I'll remind you about {task.ref} {when}{held} (reminder {r.id}; "
                    f"/task reminders list shows yours).")


def remind_me(h: HandlerContext, cmd: sc.RemindMe) -> Result:
    r = _remind(h, cmd.text.strip(), cmd.when, None)
    when, held = _arrival(h, r.due_at)
    return _info(h, f"I'll remind you {when}: {r.text}{held} (reminder {r.id}; "
                    f"/task reminders list shows yours).")


def _own_reminder(h: HandlerContext, reminder_id: int) -> Reminder:
    r = _uow(h).reminders.get_reminder(h.tenant.id, reminder_id)
    if r is None or r.member_id != h.actor.id:
        raise UserError(f"You have no reminder {reminder_id}.")
    return r


def snooze(h: HandlerContext, cmd: sc.SnoozeReminder) -> Result:
    r = _own_reminder(h, cmd.reminder_id)
    if r.state is ReminderState.DONE:
        return _info(h, "That reminder is already done.")
    # Snoozing counts from now, also for a reminder that has not gone off yet or is
    # snoozed already: "tomorrow" moves it to tomorrow morning, whatever it was set
    # to. A repeated click lands on the same time (now + 1 h, the next morning).
    until = (h.now + _HOUR if cmd.choice == "1h"
             else next_work_start(h.now, _prefs(h), h.tz))
    if r.state is ReminderState.PENDING and r.due_at == until:
        return _info(h, f"Snoozed until {when_text(until, h.tz)}.")
    _uow(h).reminders.claim_reminder(r.id, None, r.fire_count, ReminderState.PENDING.value, until)
    when, held = _arrival(h, until)
    return _info(h, f"Snoozed until {when}{held}.")


def reminder_done(h: HandlerContext, cmd: sc.ReminderDone) -> Result:
    r = _own_reminder(h, cmd.reminder_id)
    _uow(h).reminders.claim_reminder(r.id, None, r.fire_count, ReminderState.DONE.value, None)
    return _info(h, "Reminder done.")


def _update_prefs(h: HandlerContext, **changes: Any) -> Prefs:
    p = _prefs(h)
    for key, value in changes.items():
        setattr(p, key, value)
    _uow(h).people.save_prefs(p)
    return p


def set_away(h: HandlerContext, cmd: sc.SetAway) -> Result:
    until = parse_when(cmd.until, h.now, h.tz)
    if until <= h.now:
        raise UserError(f"{when_text(until, h.tz)} has already passed.")
    _update_prefs(h, away_until=until)
    return _info(h, f"You're away until {when_text(until, h.tz)}: I'll hold your DMs "
                    "until then, and the digest says you're away.")


def away_off(h: HandlerContext, cmd: sc.AwayOff) -> Result:
    return personal.away_off(h, _uow(h), _prefs(h))


def show_prefs(h: HandlerContext, cmd: sc.ShowPrefs) -> Result:
    return _info(h, _prefs_text(_prefs(h), h))


def set_due_soon(h: HandlerContext, cmd: sc.SetDueSoon) -> Result:
    _update_prefs(h, due_soon_hours=cmd.hours)
    if cmd.hours is None:
        return _info(h, "Due-soon DMs are off.")
    if cmd.hours == 0:
        return _info(h, "I'll DM you at the start of the working day before a task of "
                        "yours is due.")
    return _info(h, f"I'll DM you {cmd.hours} h before a task of yours is due.")


def set_prefs(h: HandlerContext, cmd: sc.SetPrefs) -> Result:
    """Several settings in one command, all applied (or, at a refusal, none)."""
    parts: list[Result] = []
    if cmd.due_soon is not None:
        parts.append(set_due_soon(h, cmd.due_soon))
    if cmd.hours is not None:
        parts.append(set_hours(h, cmd.hours))
    if cmd.days is not None:
        parts.append(set_days(h, cmd.days))
    return _info(h, " ".join(getattr(r, "message", "") for r in parts))


def set_hours(h: HandlerContext, cmd: sc.SetWorkHours) -> Result:
    if cmd.end <= cmd.start:
        raise UserError("Working hours must end after they start, like 09:00-17:30.")
    _update_prefs(h, work_start=cmd.start, work_end=cmd.end)
    return _info(h, f"Your working hours are {cmd.start:%H:%M}-{cmd.end:%H:%M} ({h.tz}).")


def set_days(h: HandlerContext, cmd: sc.SetWorkDays) -> Result:
    days = tuple(sorted(set(cmd.days)))
    _update_prefs(h, work_days=days)
    return _info(h, f"Your working days are {days_label(days)}.")


def admin_deliveries(h: HandlerContext, cmd: sc.AdminDeliveries) -> Result:
    if not h.actor.is_manager:
        raise PermissionDenied("Only admins and managers can see deliveries.")
    key = h.tenant.key
    counts = _uow(h).deliveries.delivery_counts(key.platform, key.workspace_id)
    state = cmd.state or "dead"
    items = _uow(h).deliveries.deliveries(key.platform, key.workspace_id, state, 15)
    lines = ["Deliveries: " + ", ".join(f"{counts.get(s, 0)} {s}"
                                        for s in ("pending", "sent", "dead"))]
    lines.append(f"Latest {state}:" if items else f"No {state} deliveries.")
    for it in items:
        n = it.notification
        to = f"@{n.user_id}" if n.user_id else f"#{n.channel_id}"
        why = f" - {it.last_error}" if it.last_error else ""
        lines.append(f"  {it.id} {n.kind.value} to {to}, {it.attempts} attempts{why}")
    return _info(h, "\n".join(lines))


def set_escalation(h: HandlerContext, cmd: sc.SetEscalation) -> Result:
    project = h.project(cmd.project)
    if not (h.actor.is_manager or project.owner_id == h.actor.id):
        raise PermissionDenied("Only the project owner, managers and admins can change "
                               "escalation.")
    _uow(h).alerts.set_escalate_after(project.id, cmd.days)
    return _info(h, f"Overdue work in {project.name} escalates to its owner after "
                    f"{cmd.days} working day{'s' if cmd.days != 1 else ''}.")


def list_reminders(h: HandlerContext, cmd: sc.ListReminders) -> Result:
    return personal.list_reminders(h, _uow(h))


def every(h: HandlerContext, cmd: sc.SetEvery) -> Result:
    return set_every(h, _uow(h), cmd)


HANDLERS: dict[type[Any], Handler] = {
    sc.SetDigest: set_digest, sc.DigestOff: digest_off, sc.DigestShow: digest_show,
    sc.RemindTask: remind_task, sc.RemindMe: remind_me, sc.SnoozeReminder: snooze,
    sc.ReminderDone: reminder_done, sc.SetAway: set_away, sc.AwayOff: away_off,
    sc.ShowPrefs: show_prefs, sc.SetDueSoon: set_due_soon, sc.SetWorkHours: set_hours,
    sc.SetWorkDays: set_days, sc.AdminDeliveries: admin_deliveries,
    sc.SetEscalation: set_escalation,
    sc.ListReminders: list_reminders,
    sc.SetPrefs: set_prefs,
    sc.SetEvery: every,
}


_HOUR = dt.timedelta(hours=1)


def _prefs_text(p: Prefs, h: HandlerContext) -> str:
    soon = ("off" if p.due_soon_hours is None else "the working day before"
            if p.due_soon_hours == 0 else f"{p.due_soon_hours} h before")
    away = (f", away until {when_text(p.away_until, h.tz)}"
            if p.away_until is not None and p.is_away(h.now) else "")
    return (f"Working {days_label(p.work_days)} {p.work_start:%H:%M}-{p.work_end:%H:%M} "
            f"({h.tz}); due-soon DMs {soon}{away}.")
