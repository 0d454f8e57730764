"""What reports need from storage, on the command's (or the tick's) unit of work as
`uow.reports`: a period's history in one query, the project's tasks and links for the plan
charts, and the weekly report's schedule with its claim (a conditional update, as the
digest's: `claim_schedule` is False when another replica moved it first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, cast

from core.ports import UnitOfWork
from core.reports.events import HistoryEvent


@dataclass
class ReportSchedule:
    """A project's weekly report: posted to `channel_id` on `weekday` (0 = Monday) at `at`
    local time in `tz`, covering the week before. `next_run_at` None: off."""

    id: int
    tenant_id: int
    project_id: int
    channel_id: str
    weekday: int
    at: dt.time
    tz: str
    next_run_at: dt.datetime | None = None
    last_sent_at: dt.datetime | None = None
    created_by: int | None = None


@dataclass(frozen=True)
class PlanTask:
    """A task as the timeline and the dependency graph draw it."""

    task_id: int
    number: int
    title: str
    status: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    due_at: dt.datetime | None
    done_at: dt.datetime | None


@dataclass(frozen=True)
class HistoryScope:
    """Whose history: a project's tasks, a person's (assigned now), or the workspace's.
    `closed_after`: skip tasks closed before it (a period's report needs none of them; a
    burn-up, which counts all done work, passes None)."""

    tenant_id: int
    project_id: int | None = None
    person_id: int | None = None
    closed_after: dt.datetime | None = None


class ReportStore(Protocol):
    def read_only(self) -> None:
        """Begin this unit of work's transaction as a reader (SQLite: DEFERRED, beside the
        writer); call first, before any other statement."""
        ...
    def history(self, scope: HistoryScope, until: dt.datetime) -> list[HistoryEvent]:
        """Events of the tasks in `scope` created before `until`, from one query."""
        ...
    def plan_tasks(self, project_id: int, limit: int) -> list[PlanTask]:
        """The project's active tasks and its latest closed ones, at most `limit`."""
        ...
    def edges(self, task_ids: Sequence[int]) -> list[tuple[int, int]]:
        """(blocker id, blocked id) among these tasks."""
        ...
    def schedule_for(self, tenant_id: int, project_id: int) -> ReportSchedule | None: ...
    def save_schedule(self, sched: ReportSchedule) -> None: ...
    def due_schedules(self, now: dt.datetime, limit: int) -> list[ReportSchedule]: ...
    def claim_schedule(self, schedule_id: int, expected: dt.datetime,
                       next_run_at: dt.datetime, sent_at: dt.datetime | None) -> bool: ...


def reports_of(uow: UnitOfWork) -> ReportStore:
    """The unit of work's report store (the SQL unit of work carries one)."""
    store = getattr(uow, "reports", None)
    if store is None:
        raise TypeError(f"{type(uow).__name__} carries no report store")
    return cast(ReportStore, store)


def has_reports(uow: object) -> bool:
    return getattr(uow, "reports", None) is not None
