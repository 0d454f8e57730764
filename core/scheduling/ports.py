"""What the scheduler needs from storage. The SQL implementation lives in
adapters/storage/schedule_*.py and is carried by the unit of work (`uow.digests`, `uow.alerts`,
..., on its session), so a claim, the outbox rows it produces and the state it advances commit (or
roll back) together.

Claims are conditional updates: `claim_*` return False when another replica (or a retried
tick) got there first, and the caller then does nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

from core.model import Task, Tenant
from core.ports import OutboxItem, UnitOfWork
from core.scheduling.model import DigestSchedule, Prefs, Reminder, Series, TaskAlert


@dataclass(frozen=True)
class DigestData:
    """The tasks one channel's digest talks about."""

    active: list[Task]
    finished: list[Task]
    blockers: dict[int, list[Task]] = field(default_factory=dict)
    """For each active task with dependencies: all its blockers (open or closed)."""


class DigestRepository(Protocol):
    """Channels' standup digests: their schedules, claims, and what one talks about."""

    def digest_for(self, tenant_id: int, channel_id: str) -> DigestSchedule | None: ...
    def save_digest(self, sched: DigestSchedule) -> DigestSchedule: ...
    def due_digests(self, now: dt.datetime, limit: int) -> list[DigestSchedule]: ...
    def claim_digest(self, digest_id: int, expected: dt.datetime,
                     next_run_at: dt.datetime, sent_at: dt.datetime | None) -> bool:
        """Move `next_run_at` from `expected` on (recording `sent_at` when a digest goes
        out); False when it was no longer `expected`."""
        ...
    def digest_data(self, tenant_id: int, channel_id: str, since: dt.datetime | None,
                    now: dt.datetime) -> DigestData: ...


class PeopleRepository(Protocol):
    """Workspaces and people as the scheduler sees them: tenants by id, delivery preferences,
    and what an away period held."""

    def tenant(self, tenant_id: int) -> Tenant | None: ...
    def prefs_of(self, tenant_id: int, member_ids: Sequence[int]) -> dict[int, Prefs]:
        """Stored preferences; members without any are absent (use `Prefs` defaults)."""
        ...
    def save_prefs(self, prefs: Prefs) -> None: ...
    def release_held(self, tenant_id: int, member_id: int, user_id: str, platform: str,
                     workspace_id: str, held_at: dt.datetime, release_at: dt.datetime) -> int:
        """Move the person's reminders, task alerts and outbox DMs that wait for exactly
        `held_at` (the first moment after their away period) to `release_at`."""
        ...


class ReminderRepository(Protocol):
    """Personal reminders (`/task remind ...`)."""

    def add_reminder(self, reminder: Reminder) -> Reminder: ...
    def get_reminder(self, tenant_id: int, reminder_id: int) -> Reminder | None: ...
    def due_reminders(self, now: dt.datetime, limit: int) -> list[Reminder]: ...
    def claim_reminder(self, reminder_id: int, expected: dt.datetime | None, fire_count: int,
                       state: str, next_at: dt.datetime | None) -> bool:
        """Move a reminder on: from `next_at == expected` (a tick), or, when `expected` is
        None, from `fire_count` (a Snooze or Done press). Sending adds one to fire_count."""
        ...
    def reminders_of(self, tenant_id: int, member_id: int, limit: int) -> list[Reminder]:
        """A person's reminders that are not done, soonest first."""
        ...


class AlertRepository(Protocol):
    """Due-soon and overdue alerts of tasks with due dates, and per-project escalation."""

    def alert_of(self, task_id: int) -> TaskAlert | None: ...
    def alerts_of(self, task_ids: Sequence[int]) -> dict[int, TaskAlert]:
        """The alert rows of these tasks, in one query (the change feed's batch)."""
        ...
    def save_alert(self, alert: TaskAlert) -> None: ...
    def delete_alert(self, task_id: int) -> None: ...
    def due_alerts(self, now: dt.datetime, limit: int) -> list[TaskAlert]: ...
    def claim_alert(self, task_id: int, expected: dt.datetime, alert: TaskAlert) -> bool:
        """Store `alert` if the row's `next_at` is still `expected`."""
        ...
    def escalate_after(self, project_ids: Sequence[int]) -> dict[int, int]:
        """Per-project escalation threshold (working days) where one was set."""
        ...
    def set_escalate_after(self, project_id: int, days: int) -> None: ...


class SeriesRepository(Protocol):
    """Recurring series (`every:`): one row per series, pointing at its current task."""

    def series_of_task(self, task_id: int) -> Series | None: ...
    def add_series(self, series: Series) -> Series | None:
        """Start a series for the task `series.current_task_id` (its origin); None when
        that task already started one (exactly one series per task created with every:)."""
        ...
    def series_started(self, origin_task_id: int) -> bool: ...
    def due_series(self, now: dt.datetime, limit: int) -> list[Series]: ...
    def claim_series(self, series_id: int, expected: dt.datetime, current_task_id: int,
                     occurrence_at: dt.datetime) -> bool: ...
    def set_series_task(self, series_id: int, task_id: int) -> None: ...
    def end_series(self, series_id: int) -> None: ...
    def get_series(self, series_id: int) -> Series | None: ...
    def set_series_rule(self, series_id: int, rule: str) -> None:
        """Change the rule; the series is active again (due at its current occurrence)."""
        ...


class FeedRepository(Protocol):
    """The change feed (tasks touched since the last tick, read from the task history) and
    the tick's named cursors."""

    def changed_tasks(self, after_id: int, limit: int,
                      overlap: bool = True) -> tuple[list[int], int]:
        """Ids of tasks with up to `limit` history rows after `after_id`, and the last
        history id read. `overlap`: also re-read a few rows behind `after_id` (rows that
        committed late); the first read of a tick does, the batches after it need not."""
        ...
    def latest_history_id(self) -> int: ...
    def cursor(self, name: str) -> int: ...
    def advance_cursor(self, name: str, expected: int, value: int) -> bool: ...


class DeliveryAdmin(Protocol):
    """The outbox as admins and housekeeping see it (`/task admin deliveries`, the daily
    purge); sending is `core.ports.OutboxStore`'s."""

    def deliveries(self, platform: str, workspace_id: str, state: str | None,
                   limit: int) -> list[OutboxItem]: ...
    def delivery_counts(self, platform: str, workspace_id: str) -> dict[str, int]: ...
    def purge_outbox(self, before: dt.datetime, limit: int) -> int:
        """Delete up to `limit` sent or dead outbox rows created before `before`."""
        ...


class ScheduleUnitOfWork(UnitOfWork, Protocol):
    """The unit of work the scheduler runs in: the core's repositories and its own, one per
    concern, on one transaction (as cosmicpython's unit of work carries each repository).
    The SQL unit of work and the test fake both carry them."""

    digests: DigestRepository
    people: PeopleRepository
    reminders: ReminderRepository
    alerts: AlertRepository
    series: SeriesRepository
    feed: FeedRepository
    deliveries: DeliveryAdmin


class ScheduleUnitOfWorkFactory(Protocol):
    def __call__(self) -> ScheduleUnitOfWork: ...


def schedule_of(uow: UnitOfWork) -> ScheduleUnitOfWork:
    """The unit of work a command runs in, as the scheduler's. The bus types its unit of work
    as the core's port; every unit of work it is given also carries the scheduler's
    repositories (`ScheduleUnitOfWork`)."""
    if getattr(uow, "digests", None) is None:
        raise TypeError(f"{type(uow).__name__} carries no scheduler repositories")
    return cast(ScheduleUnitOfWork, uow)
