"""The weekly report's schedule: one row per project, due at `next_run_at` (indexed, NULL
when off), claimed by a tick with a conditional update like the digest's."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from adapters.storage.orm import Base


class ReportScheduleRow(Base):
    __tablename__ = "report_schedules"
    __table_args__ = (UniqueConstraint("tenant_id", "project_id"),
                      Index("ix_report_schedules_next_run_at", "next_run_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(64))
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = Monday
    at: Mapped[str] = mapped_column(String(5))  # "HH:MM" local
    tz: Mapped[str] = mapped_column(String(64))
    next_run_at: Mapped[dt.datetime | None]
    last_sent_at: Mapped[dt.datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))


REPORT_SCHEDULES = cast(Table, ReportScheduleRow.__table__)
