"""Personal reminders (`/task remind ...`): sent at their time, moved into the person's
working hours and past their away period; Snooze sends again later, Done ends them."""

from __future__ import annotations

from core.notifications import Kind
from core.scheduling.context import TickContext
from core.scheduling.model import Reminder, ReminderState
from core.scheduling.timecalc import next_allowed

ACTIONS = ("snooze_1h", "snooze_tomorrow", "done")


def process(tc: TickContext, r: Reminder) -> int:
    member = tc.member(r.member_id)
    tenant = tc.tenant(r.tenant_id)
    if member is None or tenant is None:
        tc.uow.reminders.claim_reminder(r.id, r.due_at, r.fire_count,
                                        ReminderState.DONE.value, None)
        return 0
    tz = tc.tz_of(member, tenant)
    allowed = next_allowed(tc.now, tc.prefs(member), tz)
    if allowed > tc.now:
        tc.uow.reminders.claim_reminder(r.id, r.due_at, r.fire_count, ReminderState.PENDING.value,
                                   allowed)
        return 0
    if not tc.uow.reminders.claim_reminder(r.id, r.due_at, r.fire_count, ReminderState.SENT.value,
                                      None):
        return 0
    task = tc.task(r.task_id) if r.task_id else None
    text = f"Reminder: {r.text}"
    if task is not None:
        text = f"Reminder: {task.ref} {task.title}" + (f" ({r.text})" if r.text else "")
    note = tc.dm(Kind.REMINDER, tenant, member, text, f"reminder:{r.id}:{r.fire_count}",
                 task=task, reminder_id=r.id, actions=list(ACTIONS))
    return int(tc.queue(note))
