"""The domain model: tenants, members, projects, tasks and their rules.

Plain dataclasses with no persistence code; the storage adapter maps them to tables.
Rules that only need one task live here as methods; rules that span tasks (dependencies,
permissions, notifications) live in the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal, get_args

from core.errors import UserError
from core.text import clean


class Platform(StrEnum):
    SLACK = "slack"
    DISCORD = "discord"
    CONSOLE = "console"


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_active(self) -> bool:
        """Open and in-progress tasks are active: they block their dependents."""
        return self in (Status.OPEN, Status.IN_PROGRESS)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


ListState = Literal["open", "blocked", "overdue", "done"]
"""Which tasks a list shows: open (active), blocked (active, waiting on an open task),
overdue (active, past due), done (closed). The one definition the commands, the store's
query, the grammar and Discord's status choice all read."""
LIST_STATES: tuple[ListState, ...] = get_args(ListState)
LIST_STATES_TEXT = ", ".join(LIST_STATES[:-1]) + f" or {LIST_STATES[-1]}"
"""For refusals: "open, blocked, overdue or done"."""


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    MEMBER = "member"


@dataclass(frozen=True)
class TenantKey:
    """A workspace on one platform: a Slack team, a Discord guild, the local console."""

    platform: str
    workspace_id: str


@dataclass
class Tenant:
    id: int
    key: TenantKey
    default_tz: str = "UTC"


@dataclass
class Member:
    id: int
    tenant_id: int
    user_id: str
    display_name: str
    tz: str | None = None
    role: Role = Role.MEMBER
    dm_unreachable: bool = False

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.ADMIN, Role.MANAGER)


@dataclass
class Project:
    id: int
    tenant_id: int
    name: str
    owner_id: int | None
    channel_id: str | None = None
    archived: bool = False
    created_at: dt.datetime | None = None


TITLE_MAX = 200
DESCRIPTION_MAX = 4000


def clean_title(title: str) -> str:
    """Validate a task title: 1 to 200 characters once surrounding space is trimmed."""
    text = " ".join(clean(title).split())
    if not text:
        raise UserError("A task needs a title.")
    if len(text) > TITLE_MAX:
        raise UserError(f"That title is {len(text)} characters; the most is {TITLE_MAX}.")
    return text


@dataclass
class Task:
    id: int
    tenant_id: int
    number: int
    title: str
    creator_id: int
    created_at: dt.datetime
    status: Status = Status.OPEN
    priority: Priority = Priority.NORMAL
    description: str | None = None
    assignee_id: int | None = None
    project_id: int | None = None
    due_at: dt.datetime | None = None
    started_at: dt.datetime | None = None
    done_at: dt.datetime | None = None
    open_blocker_count: int = 0
    source_link: str | None = None
    channel_id: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return f"#{self.number}"

    @property
    def is_blocked(self) -> bool:
        return self.status.is_active and self.open_blocker_count > 0

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.status.is_active and self.due_at is not None and self.due_at < now

    def start(self, now: dt.datetime) -> None:
        if self.status is Status.IN_PROGRESS:
            raise UserError(f"{self.ref} is already in progress.")
        if not self.status.is_active:
            raise UserError(f"{self.ref} is {self.status.label}; reopen it first.")
        self.status = Status.IN_PROGRESS
        self.started_at = now

    def finish(self, status: Status, now: dt.datetime) -> None:
        """Move to done or dropped; refuses a task that is already closed."""
        if not self.status.is_active:
            raise UserError(f"{self.ref} is already {self.status.label}.")
        self.status = status
        self.done_at = now

    def reopen(self) -> None:
        if self.status.is_active:
            raise UserError(f"{self.ref} is already {self.status.label}.")
        self.status = Status.OPEN
        self.done_at = None
