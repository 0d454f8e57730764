"""Quiet hours for every DM, not only the scheduler's: an `Outbox` wrapper that gives a DM
to a person who set working hours, working days or an away period a `not_before` at their
next allowed moment (the delivery worker does not send a row before it).

People who never set anything are left alone here (the scheduler's own alerts and
reminders still keep to the default 09:00-18:00 on weekdays): an assignment or unblock DM
is news they asked for by using the bot, and it arrives at once unless they said otherwise.
A command's answer that could not be given in place (`Kind.REPLY`) is never held.

The unit of work's outbox is this wrapper (adapters/storage/uow.py), so every DM keeps to
it, from a command or the tick; the tick's own DMs arrive already timed (`not_before`)."""

from __future__ import annotations

import datetime as dt

from core.model import TenantKey
from core.notifications import Kind, Notification
from core.ports import Outbox
from core.scheduling.ports import ScheduleUnitOfWork
from core.scheduling.timecalc import next_allowed


class QuietOutbox:
    def __init__(self, inner: Outbox, uow: ScheduleUnitOfWork,
                 default_tz: str = "UTC") -> None:
        self.inner = inner
        self.uow = uow
        self.default_tz = default_tz

    def add(self, note: Notification, now: dt.datetime) -> bool:
        return self.inner.add(self.deferred(note, now), now)

    def deferred(self, note: Notification, now: dt.datetime) -> Notification:
        if note.user_id is None or note.not_before is not None or note.kind is Kind.REPLY:
            return note  # a channel post, already timed, or an answer the person awaits
        tenant = self.uow.tenants.get_or_create(TenantKey(note.platform, note.workspace_id),
                                                default_tz=self.default_tz)
        member = self.uow.members.get(tenant.id, note.user_id)
        if member is None:
            return note
        prefs = self.uow.people.prefs_of(tenant.id, [member.id]).get(member.id)
        if prefs is None:
            return note
        tz = member.tz or tenant.default_tz or self.default_tz
        when = next_allowed(now, prefs, tz)
        return note.model_copy(update={"not_before": when}) if when > now else note
