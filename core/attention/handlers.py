"""`/task notify immediate|hourly|daily [at HH:MM]` and `/task notify show`: plain handlers
registered in `core.handlers.registry` (through `HANDLERS`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.attention.commands import SetNotify, ShowNotify
from core.attention.model import BATCH_BUCKET, Mode, NotifyPrefs
from core.attention.outbox import AttentionOutbox
from core.attention.ports import AttentionUnit, attention_of
from core.attention.timing import next_batch
from core.errors import UserError
from core.handlers.base import HandlerContext
from core.results import Info, Result
from core.scheduling import commands as sc
from core.scheduling.digest_render import when_text
from core.scheduling.handlers import HANDLERS as SCHEDULER_HANDLERS
from core.scheduling.model import Prefs, days_label
from core.scheduling.timecalc import next_allowed

NON_URGENT = ("assignments, comments, your tasks completed or changed (or deleted) by "
              "someone else")
URGENT = ("Unblocked tasks, due-soon and overdue alerts, escalations and reminders come at "
          "once (outside your working hours, at their start).")


def _uow(h: HandlerContext) -> AttentionUnit:
    uow = attention_of(h.uow)
    if uow is None:
        raise UserError("Notification settings are not available here.")
    return uow


def _settings(h: HandlerContext) -> tuple[AttentionUnit, NotifyPrefs, Prefs]:
    uow = _uow(h)
    notify = uow.attention.notify_prefs(h.tenant.id, h.actor.id) or NotifyPrefs(
        member_id=h.actor.id, tenant_id=h.tenant.id)
    prefs = uow.people.prefs_of(h.tenant.id, [h.actor.id]).get(h.actor.id) or Prefs(
        member_id=h.actor.id, tenant_id=h.tenant.id)
    return uow, notify, prefs


def _zone(h: HandlerContext) -> str:
    return h.actor.tz or h.tenant.default_tz or "UTC"


def _burst_seconds(uow: AttentionUnit) -> int:
    outbox = uow.outbox
    return int(outbox.burst.total_seconds()) if isinstance(outbox, AttentionOutbox) else 0


def set_notify(h: HandlerContext, cmd: SetNotify) -> Result:
    mode = Mode(cmd.mode)
    if cmd.at is not None and mode is not Mode.DAILY:
        raise UserError(f"A time goes with daily only: /task notify daily at 16:00 (or "
                        f"/task notify {mode.value}).")
    uow, notify, prefs = _settings(h)
    notify.mode, notify.at = mode, cmd.at
    uow.attention.save_notify_prefs(notify)
    # What is held for a batch follows the new setting: out at the next tick when
    # immediate, at the new batch time otherwise. (Burst windows close on their own.)
    release = h.now if mode is Mode.IMMEDIATE else next_batch(h.now, notify, prefs, _zone(h))
    uow.attention.retime(h.actor.id, BATCH_BUCKET, release)
    return Info(message=_describe(h, uow, notify, prefs), viewer_tz=h.tz)


def show_notify(h: HandlerContext, cmd: ShowNotify) -> Result:
    uow, notify, prefs = _settings(h)
    return Info(message=_describe(h, uow, notify, prefs), viewer_tz=h.tz)


def _describe(h: HandlerContext, uow: AttentionUnit, notify: NotifyPrefs, prefs: Prefs) -> str:
    tz = _zone(h)
    hours = f"{days_label(prefs.work_days)} {prefs.work_start:%H:%M}-{prefs.work_end:%H:%M}"
    burst = _burst_seconds(uow)
    lines = []
    if notify.mode is Mode.IMMEDIATE:
        same = (f"; a burst of changes by one person within {burst} s comes as one DM"
                if burst else "")
        lines.append(f"Your notifications: immediate. Non-urgent ones ({NON_URGENT}) come "
                     f"as they happen{same}.")
    else:
        when = ("every hour on the hour" if notify.mode is Mode.HOURLY else
                f"once a day at {(notify.at or prefs.work_start):%H:%M}")
        lines.append(f"Your notifications: {notify.mode.value}. Non-urgent ones "
                     f"({NON_URGENT}) come as one summary DM {when}, in your working "
                     f"hours ({hours}, {tz}).")
        nxt = next_batch(h.now, notify, prefs, tz)
        if prefs.stored:
            nxt = max(nxt, next_allowed(nxt, prefs, tz))
        lines.append(f"Next summary: {when_text(nxt, tz)}.")
    count, first = uow.attention.held_count(h.actor.id)
    if count:
        out = when_text(first, tz) if first is not None and first > h.now else "now"
        lines.append(f"Waiting: {count} notification{'s' if count != 1 else ''} "
                     f"(the first goes out {out}).")
    lines.append(URGENT)
    lines.append("Change it: /task notify immediate | hourly | daily [at HH:MM].")
    return "\n".join(lines)


def away_off(h: HandlerContext, cmd: sc.AwayOff) -> Result:
    """`/task away off`, then the held summary follows: a batch that was timed for the
    first moment after the away period goes out with the next batch from now instead."""
    result = SCHEDULER_HANDLERS[sc.AwayOff](h, cmd)
    uow = attention_of(h.uow)
    if uow is None or not isinstance(result, Info):
        return result
    notify = uow.attention.notify_prefs(h.tenant.id, h.actor.id)
    held_at = uow.attention.open_release(h.actor.id, BATCH_BUCKET, h.now)
    if notify is None or held_at is None:
        return result
    prefs = uow.people.prefs_of(h.tenant.id, [h.actor.id]).get(h.actor.id) or Prefs(
        member_id=h.actor.id, tenant_id=h.tenant.id)
    tz = _zone(h)
    release = (h.now if notify.mode is Mode.IMMEDIATE
               else next_batch(h.now, notify, prefs, tz))
    if release >= held_at:
        return result
    moved = uow.attention.retime(h.actor.id, BATCH_BUCKET, release)
    if not moved:
        return result
    when = "with the next tick" if release <= h.now else f"at {when_text(release, tz)}"
    return Info(message=f"{result.message} Your held summary ({moved} notification"
                        f"{'s' if moved != 1 else ''}) goes out {when}.",
                viewer_tz=result.viewer_tz)


HANDLERS: dict[type[Any], Callable[[HandlerContext, Any], Result]] = {
    SetNotify: set_notify,
    ShowNotify: show_notify,
    sc.AwayOff: away_off,
}

