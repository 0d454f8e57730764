"""The scheduler's commands: frozen pydantic models like `core.commands`, built by
`core.grammar.schedule` (and by adapters' buttons: Snooze and Done on a reminder)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from core.text import CommandModel, Positive

Weekday = Annotated[int, Field(ge=0, le=6)]


class _Frozen(CommandModel):
    """Frozen, strict, clean: see `core.text.CommandModel`."""


class SetDigest(_Frozen):
    """`/task digest here at 09:00 [Area/City] [weekdays|daily|mon,wed,fri]`."""

    at: dt.time
    tz: str | None = None
    days: tuple[Weekday, ...] | None = None


class DigestOff(_Frozen):
    pass


class DigestShow(_Frozen):
    pass


class RemindTask(_Frozen):
    number: Positive
    when: str


class RemindMe(_Frozen):
    text: str = Field(min_length=1, max_length=500)
    when: str


SnoozeChoice = Literal["1h", "tomorrow"]


class SnoozeReminder(_Frozen):
    reminder_id: Positive
    choice: SnoozeChoice = "1h"


class ReminderDone(_Frozen):
    reminder_id: Positive


class SetAway(_Frozen):
    until: str


class AwayOff(_Frozen):
    pass


class ShowPrefs(_Frozen):
    pass


class SetDueSoon(_Frozen):
    """Hours before the due time for the due-soon DM; 0: the working day before; None: off."""

    hours: int | None = Field(default=0, ge=0, le=24 * 14)


class SetWorkHours(_Frozen):
    start: dt.time
    end: dt.time


class SetWorkDays(_Frozen):
    days: tuple[Weekday, ...] = Field(min_length=1)


class SetPrefs(_Frozen):
    """`/task reminders hours 10:00-16:00 days mon-thu`: several settings at once."""

    due_soon: SetDueSoon | None = None
    hours: SetWorkHours | None = None
    days: SetWorkDays | None = None


class SetEvery(_Frozen):
    """`/task every #N <rule>` sets or changes a task's repeat rule; `rule=None`: off."""

    number: int = Field(ge=1)
    rule: str | None = Field(default=None, min_length=1, max_length=100)


class ListReminders(_Frozen):
    """`/task reminders list`: your reminders with their ids."""


class AdminDeliveries(_Frozen):
    state: Literal["pending", "sent", "dead"] | None = None


class SetEscalation(_Frozen):
    """`/task escalate <project> after <N>`: escalate overdue work after N working days."""

    project: str
    days: int = Field(ge=1, le=60)
