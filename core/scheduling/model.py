"""The scheduler's records: a channel's digest schedule, a person's delivery preferences,
personal reminders, the alert state of a task with a due date, and recurring series."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

WEEKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4)
EVERY_DAY: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_ESCALATE_AFTER = 2


def days_label(days: tuple[int, ...]) -> str:
    if days == EVERY_DAY:
        return "daily"
    if days == WEEKDAYS:
        return "weekdays"
    return ",".join(DAY_NAMES[d] for d in days)


@dataclass
class DigestSchedule:
    """One channel's standup digest: at `at` local time in `tz` on `days` (0 = Monday).
    `next_run_at` is the UTC instant of the next digest; ticks claim it with a conditional
    update, and the outbox key (channel, local date) makes the message itself unique."""

    id: int
    tenant_id: int
    channel_id: str
    at: dt.time
    tz: str
    days: tuple[int, ...] = WEEKDAYS
    enabled: bool = True
    next_run_at: dt.datetime | None = None
    last_sent_at: dt.datetime | None = None
    created_by: int | None = None


@dataclass
class Prefs:
    """When a person may be DMed by the scheduler, and whether they want due-soon DMs.
    `due_soon_hours`: 0 (the default) means at the start of the working day before the due
    date; N means N hours before the due time; None turns due-soon DMs off."""

    member_id: int
    tenant_id: int
    due_soon_hours: int | None = 0
    work_days: tuple[int, ...] = WEEKDAYS
    work_start: dt.time = dt.time(9, 0)
    work_end: dt.time = dt.time(18, 0)
    away_until: dt.datetime | None = None
    stored: bool = False
    """True when the person set something (else these are the defaults)."""

    def is_away(self, now: dt.datetime) -> bool:
        return self.away_until is not None and self.away_until > now


class ReminderState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DONE = "done"


@dataclass
class Reminder:
    id: int
    tenant_id: int
    member_id: int
    text: str
    due_at: dt.datetime
    task_id: int | None = None
    state: ReminderState = ReminderState.PENDING
    created_at: dt.datetime | None = None
    fire_count: int = 0
    """How often it was sent (a snooze sends it again with a new key)."""


class AlertStage(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass
class TaskAlert:
    """Where a task with a due date stands in its alert sequence: the due-soon DM, then the
    first overdue DM, then one reminder per working day (`overdue_sent` counts them), and the
    escalation to the project owner once."""

    task_id: int
    tenant_id: int
    due_at: dt.datetime
    next_at: dt.datetime
    stage: AlertStage
    overdue_sent: int = 0
    escalated: bool = False


@dataclass
class Series:
    """A recurring task: `current_task_id` is the live occurrence, due at `occurrence_at`.
    The next occurrence is created once, when the current one is closed or when
    `occurrence_at` passes, claimed by a conditional update on `occurrence_at`."""

    id: int
    tenant_id: int
    rule: str
    tz: str
    current_task_id: int
    occurrence_at: dt.datetime
    active: bool = True
    anchor_at: dt.datetime | None = None
    """The first occurrence: monthly steps count from it (None on series stored before it
    was recorded: they count from the current occurrence)."""
    extra: dict[str, object] = field(default_factory=dict)
