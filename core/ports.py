"""Ports: what the core needs from the outside world. The storage adapter implements the
repositories and the unit of work with SQLAlchemy; tests implement them with dicts
(`tests/fakes.py`); each chat adapter implements `Notifier`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol, Self

from core.model import ListState, Member, Project, Role, Task, Tenant, TenantKey
from core.notifications import Notification


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current instant, time-zone aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@dataclass
class FixedClock:
    """A clock that moves only when told to: tests and `:clock` in the console."""

    current: dt.datetime

    def now(self) -> dt.datetime:
        return self.current

    def set(self, when: dt.datetime) -> None:
        self.current = when


class TenantRepository(Protocol):
    def get_or_create(self, key: TenantKey, lock: bool = False,
                      default_tz: str = "UTC") -> Tenant:
        """The tenant, created on first contact with `default_tz` as the workspace's zone.
        `lock`: hold the tenant's write lock until the transaction ends, so commands that
        change a workspace run one after another and each sees what the previous one
        committed (no double completion)."""
        ...
    def next_task_number(self, tenant_id: int) -> int:
        """Allocate the next per-tenant task number (atomic under concurrency)."""
        ...
    def reserve_task_numbers(self, tenant_id: int, count: int) -> int:
        """Allocate `count` consecutive task numbers in one atomic step; returns the first."""
        ...


class MemberRepository(Protocol):
    def get(self, tenant_id: int, user_id: str) -> Member | None: ...
    def by_name(self, tenant_id: int, name: str) -> Member | None:
        """Find a member by display name, case-insensitively."""
        ...
    def get_many(self, ids: Sequence[int]) -> dict[int, Member]: ...
    def add(self, tenant_id: int, user_id: str, display_name: str,
            role: Role = Role.MEMBER) -> Member: ...
    def update(self, member: Member) -> None: ...
    def count(self, tenant_id: int) -> int:
        """How many members the tenant has (the first one becomes its admin)."""
        ...


class ProjectRepository(Protocol):
    def by_name(self, tenant_id: int, name: str) -> Project | None:
        """Case-insensitive lookup of a project by name."""
        ...
    def get_many(self, ids: Sequence[int]) -> dict[int, Project]: ...
    def add(self, tenant_id: int, name: str, owner_id: int | None,
            channel_id: str | None, now: dt.datetime) -> Project: ...
    def update(self, project: Project) -> None: ...
    def list(self, tenant_id: int, include_archived: bool) -> list[Project]: ...


@dataclass(frozen=True)
class TaskQuery:
    """A page of tasks. `state` open: active tasks; blocked: active with an open blocker;
    overdue: active and due before `now`; done: closed tasks, newest first.
    `title_contains` keeps only titles containing that text, ignoring case (a type-ahead
    search, done by the store so it reaches every task, not the first page)."""

    tenant_id: int
    state: ListState = "open"
    assignee_id: int | None = None
    project_id: int | None = None
    now: dt.datetime | None = None
    limit: int = 20
    offset: int = 0
    title_contains: str | None = None  # case-insensitive substring of the title


@dataclass(frozen=True)
class StatusCounts:
    by_status: dict[str, int]
    total: int


@dataclass(frozen=True)
class LoadRow:
    assignee_id: int | None
    open_count: int
    in_progress_count: int
    overdue_count: int


class TaskRepository(Protocol):
    def get(self, tenant_id: int, number: int) -> Task | None: ...
    def get_many(self, tenant_id: int, numbers: Sequence[int]) -> dict[int, Task]:
        """Tasks by number; missing numbers are simply absent."""
        ...
    def get_by_ids(self, ids: Sequence[int]) -> dict[int, Task]: ...
    def add(self, task: Task) -> Task:
        """Insert; returns the task with its database id set."""
        ...
    def add_many(self, tasks: Sequence[Task]) -> list[Task]:
        """Insert all (numbers already allocated) in as few statements as the store allows;
        returns them in the same order, each with its database id set."""
        ...
    def update(self, task: Task) -> None: ...
    def delete(self, task: Task) -> None:
        """Remove the task with its dependency edges and history."""
        ...
    def query(self, q: TaskQuery) -> list[Task]: ...
    def blocker_ids(self, task_id: int) -> list[int]:
        """Ids of the tasks this one depends on."""
        ...
    def dependent_ids(self, task_id: int) -> list[int]:
        """Ids of the tasks that depend on this one."""
        ...
    def blocker_ids_of_many(self, task_ids: Sequence[int]) -> dict[int, list[int]]: ...
    def add_edge(self, blocker_id: int, blocked_id: int) -> None: ...
    def add_edges(self, tenant_id: int, edges: Sequence[tuple[int, int]]) -> None:
        """Insert many (blocker id, blocked id) edges at once (repeats are no-ops); every
        task must be the tenant's, else ValueError and nothing is written."""
        ...
    def remove_edge(self, blocker_id: int, blocked_id: int) -> bool:
        """Remove one edge; False when it did not exist."""
        ...
    def adjust_open_blockers(self, task_ids: Sequence[int], delta: int) -> None:
        """Add `delta` to the cached count of open blockers of each task."""
        ...
    def project_counts(self, project_id: int) -> StatusCounts: ...
    def project_load(self, project_id: int, now: dt.datetime) -> list[LoadRow]: ...
    def project_active(self, project_id: int, limit: int) -> list[Task]:
        """Active tasks of a project (open or in progress), due first, at most `limit`."""
        ...


@dataclass(frozen=True)
class HistoryRecord:
    task_id: int
    actor_id: int | None
    at: dt.datetime
    kind: str
    text: str
    detail: dict[str, Any] | None = None
    """The change as values (ids, ISO instants), for reports; None on rows written before
    it was recorded (their `text` is parsed best-effort, see core/reports/history_load.py)."""


class HistoryRepository(Protocol):
    def add(self, record: HistoryRecord) -> None: ...
    def add_many(self, records: Sequence[HistoryRecord]) -> None:
        """Insert all, in order, in as few statements as the store allows."""
        ...
    def for_task(self, task_id: int, limit: int) -> list[HistoryRecord]:
        """The newest `limit` records of a task, oldest first."""
        ...


class OutboxState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


@dataclass
class OutboxItem:
    """One outbox row. `attempts` counts real failed tries (and the final send), never a
    429; `failing_since` is the first real failure, from which the give-up time runs.
    A claimed row carries its claim: the worker, a token unique to that claim, and when
    the lease ends; every `mark_*` is conditional on that claim still holding."""

    id: int
    notification: Notification
    attempts: int = 0
    state: OutboxState = OutboxState.PENDING
    last_error: str | None = None
    failing_since: dt.datetime | None = None
    claimed_by: str | None = None
    claim_token: str | None = None
    claimed_until: dt.datetime | None = None


class Outbox(Protocol):
    def add(self, note: Notification, now: dt.datetime) -> bool:
        """Queue a notification in the current transaction. A notification whose
        `dedupe_key` was queued before is not queued again: returns False."""
        ...


class UnitOfWork(Protocol):
    tenants: TenantRepository
    members: MemberRepository
    projects: ProjectRepository
    tasks: TaskRepository
    history: HistoryRepository
    outbox: Outbox

    def __enter__(self) -> Self: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Roll back whatever was not committed."""
        ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class OutboxStore(Protocol):
    """The delivery side of the outbox: claim due rows, record what happened to them."""

    def claim(self, worker: str, now: dt.datetime, limit: int, lease: dt.timedelta,
              platforms: Sequence[str] | None = None,
              skip: Sequence[tuple[str, str]] = ()) -> list[OutboxItem]:
        """Claim up to `limit` due, unclaimed (or lease-expired) pending rows for `worker`,
        only of `platforms` when given (a replica claims only what it can send), none of
        the (platform, workspace_id) pairs in `skip` (on hold after a 429 or an outage).
        Two workers never get the same row. Each claim gets a fresh `claim_token`."""
        ...

    # Each mark_* records an outcome only while `item`'s claim (worker + token) still holds
    # the row, and returns False (changing nothing) when another claim has taken it since.
    def mark_sent(self, item: OutboxItem, now: dt.datetime, message_ref: str | None) -> bool:
        ...

    def mark_retry(self, item: OutboxItem, now: dt.datetime, next_at: dt.datetime, error: str,
                   *, failed: bool) -> bool:
        """Back to pending at `next_at`. `failed`: a real failure (counts an attempt and
        starts `failing_since`); not failed: a 429, or a row that waited without a try."""
        ...

    def mark_dead(self, item: OutboxItem, now: dt.datetime, error: str) -> bool: ...

    def release_claims(self, worker: str) -> int:
        """Unclaim every pending row claimed by `worker`: a restarted worker with the same
        id takes back at once what its dead predecessor held. Returns how many."""
        ...

    def retry_now(self, platform: str, workspace_id: str, failed_since: dt.datetime,
                  now: dt.datetime) -> int:
        """The platform recovered: make the workspace's unclaimed pending rows that failed
        since `failed_since` due at `now` instead of at the end of their back-off."""
        ...

    def mark_unreachable(self, platform: str, workspace_id: str, user_id: str) -> None:
        """Remember that this person cannot be DMed (closed DMs)."""
        ...


class DeliveryStatus(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class DeliveryOutcome:
    """What a notifier did with one notification. RETRY: a passing failure (429, 5xx,
    network), with `retry_after` seconds when the platform said; FAILED: permanent;
    UNREACHABLE: the person cannot be DMed (the worker falls back to their channel)."""

    status: DeliveryStatus
    message_ref: str | None = None
    retry_after: float | None = None
    error: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


class Notifier(Protocol):
    platform: str

    async def deliver(self, note: Notification) -> DeliveryOutcome: ...
