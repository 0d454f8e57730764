"""The scheduler's tables. What is due lives here, each kind with an index on its next
instant, so a tick reads only rows that are due: O(due work), not O(all tasks).

A row that is not waiting for anything has `next_at`/`next_run_at` NULL (a disabled digest,
a sent reminder, an ended series) and drops out of the due index. Also two indexes on
`tasks` for the digest, which reads one channel's active tasks and what closed there."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from adapters.storage.orm import ACTIVE_SQL, CLOSED_SQL, Base, TaskRow


class DigestRow(Base):
    __tablename__ = "schedule_digests"
    __table_args__ = (UniqueConstraint("tenant_id", "channel_id"),
                      Index("ix_schedule_digests_next_run_at", "next_run_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    channel_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(5))  # "HH:MM" local
    tz: Mapped[str] = mapped_column(String(64))
    days: Mapped[str] = mapped_column(String(20))  # "0,1,2,3,4" (0 = Monday)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[dt.datetime | None]
    last_sent_at: Mapped[dt.datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))


class PrefsRow(Base):
    __tablename__ = "schedule_prefs"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    due_soon_hours: Mapped[int | None] = mapped_column(Integer)
    """0: the working day before; N: hours before; NULL: due-soon DMs off."""
    work_days: Mapped[str] = mapped_column(String(20))
    work_start: Mapped[str] = mapped_column(String(5))
    work_end: Mapped[str] = mapped_column(String(5))
    away_until: Mapped[dt.datetime | None]


class ReminderRow(Base):
    __tablename__ = "schedule_reminders"
    __table_args__ = (Index("ix_schedule_reminders_next_at", "next_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    due_at: Mapped[dt.datetime]
    next_at: Mapped[dt.datetime | None]
    state: Mapped[str] = mapped_column(String(16), default="pending")
    fire_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime | None]


class AlertRow(Base):
    __tablename__ = "schedule_alerts"
    __table_args__ = (Index("ix_schedule_alerts_next_at", "next_at"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"),
                                         primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    due_at: Mapped[dt.datetime]
    next_at: Mapped[dt.datetime]
    stage: Mapped[str] = mapped_column(String(16))
    overdue_sent: Mapped[int] = mapped_column(Integer, default=0)
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)


class ProjectScheduleRow(Base):
    __tablename__ = "schedule_projects"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    escalate_after: Mapped[int] = mapped_column(Integer)


class SeriesRow(Base):
    __tablename__ = "schedule_series"
    __table_args__ = (Index("ix_schedule_series_next_at", "next_at"),
                      Index("ix_schedule_series_current_task_id", "current_task_id"),
                      UniqueConstraint("origin_task_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    origin_task_id: Mapped[int] = mapped_column(Integer)
    """The task created with `every:`: one series per such task, however often it is seen."""
    rule: Mapped[str] = mapped_column(String(100))
    tz: Mapped[str] = mapped_column(String(64))
    current_task_id: Mapped[int] = mapped_column(Integer)
    occurrence_at: Mapped[dt.datetime]
    next_at: Mapped[dt.datetime | None]  # = occurrence_at while active, NULL when ended
    anchor_at: Mapped[dt.datetime | None]  # the first occurrence (monthly steps count from it)


class CursorRow(Base):
    __tablename__ = "schedule_cursors"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))


TASKS = cast(Table, TaskRow.__table__)
# One channel's active work and what closed there (the digest); partial like orm.py's.
Index("ix_tasks_active_channel", TASKS.c.tenant_id, TASKS.c.channel_id,
      sqlite_where=text(ACTIVE_SQL), postgresql_where=text(ACTIVE_SQL))
Index("ix_tasks_closed_channel", TASKS.c.tenant_id, TASKS.c.channel_id, TASKS.c.done_at,
      sqlite_where=text(CLOSED_SQL), postgresql_where=text(CLOSED_SQL))

DIGESTS = cast(Table, DigestRow.__table__)
PREFS = cast(Table, PrefsRow.__table__)
REMINDERS = cast(Table, ReminderRow.__table__)
ALERTS = cast(Table, AlertRow.__table__)
PROJECT_SETTINGS = cast(Table, ProjectScheduleRow.__table__)
SERIES = cast(Table, SeriesRow.__table__)
CURSORS = cast(Table, CursorRow.__table__)
