"""The storage schema: SQLAlchemy 2.0 typed ORM classes, one per table.

The classes define the schema (and what Alembic's migrations must reproduce); the
repositories query their tables with Core statements and map rows to `core.model`
dataclasses, so no ORM identity map sits between a handler and the database.

Two columns exist only for the indexes: `tasks.due_sort` (the due date, or a far-future
sentinel when there is none) and `tasks.priority_order` (0 = urgent ... 3 = low). Together
with `number` they give the open-list order "due first, nulls last, higher priority first"
as one ascending index key on both SQLite and PostgreSQL, so a page of open tasks is read
straight off a partial index instead of sorting every active task.

Partial indexes cover only active tasks (open, in progress) or only closed ones: closed
tasks never slow open work down. Their conditions are literal SQL (see `ACTIVE_SQL`) and
the queries repeat them literally, because SQLite only uses a partial index when the
query's WHERE contains the index's condition term for term (a bound parameter won't do).
Other engineers add tables to `Base.metadata` in their own modules (`schedule_*.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from core.model import Priority

ACTIVE_SQL = "status IN ('open', 'in_progress')"
CLOSED_SQL = "status IN ('done', 'dropped')"
BLOCKED_SQL = "open_blocker_count > 0"

NO_DUE = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
"""`due_sort` of a task without a due date: sorts after every real date."""

PRIORITY_ORDER: dict[Priority, int] = {p: 3 - p.rank for p in Priority}

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Time-zone aware UTC on the way in and out. PostgreSQL stores `timestamptz`; SQLite
    stores naive UTC text (which sorts and compares correctly as text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware (UTC) datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime()}


def _partial(name: str, where: str, *cols: str, unique: bool = False) -> Index:
    return Index(name, *cols, unique=unique, sqlite_where=text(where),
                 postgresql_where=text(where))


class TenantRow(Base):
    __tablename__ = "tenants"
    __table_args__ = (UniqueConstraint("platform", "workspace_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[str] = mapped_column(String(64))
    default_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    next_task_number: Mapped[int] = mapped_column(Integer, default=0)
    """The last number handed out; the next task gets this plus one."""


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "user_id"),
        Index("ix_members_tenant_id_name_key", "tenant_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))
    """`display_name.casefold()`: case-insensitive lookup by name."""
    tz: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16), default="member")
    dm_unreachable: Mapped[bool] = mapped_column(Boolean, default=False)


class ProjectRow(Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("tenant_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    channel_id: Mapped[str | None] = mapped_column(String(64))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime | None]


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        # open / overdue lists of a whole tenant, of one assignee, of one project
        _partial("ix_tasks_active_tenant", ACTIVE_SQL,
                 "tenant_id", "due_sort", "priority_order", "number"),
        _partial("ix_tasks_active_assignee", ACTIVE_SQL,
                 "tenant_id", "assignee_id", "due_sort", "priority_order", "number"),
        _partial("ix_tasks_active_project", ACTIVE_SQL,
                 "tenant_id", "project_id", "due_sort", "priority_order", "number"),
        # blocked lists: only active tasks that still wait for something (small indexes)
        _partial("ix_tasks_blocked_tenant", f"{ACTIVE_SQL} AND {BLOCKED_SQL}",
                 "tenant_id", "due_sort", "priority_order", "number"),
        _partial("ix_tasks_blocked_assignee", f"{ACTIVE_SQL} AND {BLOCKED_SQL}",
                 "tenant_id", "assignee_id", "due_sort", "priority_order", "number"),
        # done lists, newest first
        _partial("ix_tasks_closed_tenant", CLOSED_SQL, "tenant_id", "done_at", "number"),
        _partial("ix_tasks_closed_assignee", CLOSED_SQL,
                 "tenant_id", "assignee_id", "done_at", "number"),
        _partial("ix_tasks_closed_project", CLOSED_SQL,
                 "tenant_id", "project_id", "done_at", "number"),
        # project status: active counts by status (index-only); closed ones are kept by
        # triggers in project_closed_counts (project_counts.py)
        Index("ix_tasks_project_status", "project_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    priority_order: Mapped[int] = mapped_column(SmallInteger, default=2)
    creator_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    created_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None]
    due_sort: Mapped[dt.datetime]
    started_at: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime | None]
    """The last change: the newest history row's time, else `created_at` (filters' updated)."""
    open_blocker_count: Mapped[int] = mapped_column(Integer, default=0)
    source_link: Mapped[str | None] = mapped_column(String(500))
    channel_id: Mapped[str | None] = mapped_column(String(64))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TaskDepRow(Base):
    """An edge "blocker blocks blocked" (blocked depends on blocker)."""

    __tablename__ = "task_deps"
    __table_args__ = (
        PrimaryKeyConstraint("blocker_id", "blocked_id"),
        Index("ix_task_deps_blocked_id", "blocked_id", "blocker_id"),  # covering
    )

    blocker_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    blocked_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))


class TaskHistoryRow(Base):
    __tablename__ = "task_history"
    __table_args__ = (Index("ix_task_history_task_id_id", "task_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # reports


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_outbox_platform_workspace_id_state", "platform", "workspace_id", "state",
              "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[dt.datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    failing_since: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    message_ref: Mapped[str | None] = mapped_column(String(255))
    last_error: Mapped[str | None] = mapped_column(Text)
