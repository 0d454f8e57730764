"""A person's own scheduler commands that need more than a line: `/task reminders list`
and `/task away off` (which releases what the away period held)."""

from __future__ import annotations

from core.handlers.base import HandlerContext
from core.results import Info, Result
from core.scheduling.digest_render import when_text
from core.scheduling.model import Prefs, ReminderState
from core.scheduling.ports import ScheduleUnitOfWork
from core.scheduling.timecalc import next_allowed

REMINDERS_SHOWN = 20


def _info(h: HandlerContext, text: str) -> Info:
    return Info(message=text, viewer_tz=h.tz)


def list_reminders(h: HandlerContext, uow: ScheduleUnitOfWork) -> Result:
    """`/task reminders list`: the ids `/task remind snooze|done <id>` need."""
    found = uow.reminders.reminders_of(h.tenant.id, h.actor.id, REMINDERS_SHOWN + 1)
    if not found:
        return _info(h, "You have no reminders. /task remind me <text> <when> sets one.")
    tasks = h.uow.tasks.get_by_ids([r.task_id for r in found if r.task_id is not None])
    lines = ["Your reminders:"]
    for r in found[:REMINDERS_SHOWN]:
        task = tasks.get(r.task_id) if r.task_id is not None else None
        what = (f"{task.ref} {task.title}" + (f" ({r.text})" if r.text else "")
                if task is not None else r.text)
        state = ("sent" if r.state is ReminderState.SENT
                 else f"at {when_text(r.due_at, h.tz)}")
        lines.append(f"  {r.id}: {what}, {state}")
    if len(found) > REMINDERS_SHOWN:
        lines.append(f"  ... and more (the first {REMINDERS_SHOWN} are shown)")
    lines.append("/task remind snooze <id> 1h|tomorrow, /task remind done <id>.")
    return _info(h, "\n".join(lines))


def away_off(h: HandlerContext, uow: ScheduleUnitOfWork, p: Prefs) -> Result:
    """Back early: what the away period held (reminders, alerts, DMs, all waiting for
    its first moment after) is released at once, or at the start of working hours."""
    tz = h.actor.tz or h.tenant.default_tz or "UTC"
    held_at = next_allowed(h.now, p, tz) if p.is_away(h.now) else None
    p.away_until = None
    uow.people.save_prefs(p)
    if held_at is None:
        return _info(h, "Welcome back: you're no longer away.")
    release_at = next_allowed(h.now, p, tz)
    moved = 0
    if release_at < held_at:
        key = h.tenant.key
        moved = uow.people.release_held(h.tenant.id, h.actor.id, h.actor.user_id,
                                  key.platform, key.workspace_id, held_at, release_at)
    if not moved:
        return _info(h, "Welcome back: you're no longer away.")
    what = f"{moved} held message{'s go' if moved != 1 else ' goes'}"
    when = "now" if release_at <= h.now else when_text(release_at, h.tz)
    return _info(h, f"Welcome back: you're no longer away. {what} out {when}.")
