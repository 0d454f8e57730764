"""Check-in tables (`/standup`). Each due kind has an index on its next instant (a
participant's next questions, an open run's report time) or flag (late answers), so a
tick reads only due rows; a row not waiting for anything has NULL there."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
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

from adapters.storage.orm import Base


class CheckinRow(Base):
    __tablename__ = "standup_checkins"
    __table_args__ = (UniqueConstraint("tenant_id", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    channel_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(5))  # "HH:MM", each participant's own zone
    report_at: Mapped[str] = mapped_column(String(5))  # "HH:MM" in `tz`
    tz: Mapped[str] = mapped_column(String(64))
    days: Mapped[str] = mapped_column(String(20))  # "0,1,2,3,4" (0 = Monday)
    questions: Mapped[str] = mapped_column(Text)  # JSON list
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))


class ParticipantRow(Base):
    __tablename__ = "standup_participants"
    __table_args__ = (UniqueConstraint("checkin_id", "member_id"),
                      Index("ix_standup_participants_next_ask_at", "next_ask_at"),
                      Index("ix_standup_participants_member_id", "member_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("standup_checkins.id",
                                                       ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    skip_until: Mapped[dt.date | None] = mapped_column(Date)
    next_ask_at: Mapped[dt.datetime | None]
    last_asked_at: Mapped[dt.datetime | None]


class RunRow(Base):
    __tablename__ = "standup_runs"
    __table_args__ = (UniqueConstraint("checkin_id", "local_date"),
                      Index("ix_standup_runs_due_at", "due_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("standup_checkins.id",
                                                       ondelete="CASCADE"))
    local_date: Mapped[dt.date] = mapped_column(Date)
    report_at: Mapped[dt.datetime]
    due_at: Mapped[dt.datetime | None]  # = report_at while open, NULL once reported
    state: Mapped[str] = mapped_column(String(16), default="open")
    report_key: Mapped[str | None] = mapped_column(String(200))


LATE_SQL = "late_pending"


class AnswerRow(Base):
    __tablename__ = "standup_answers"
    __table_args__ = (UniqueConstraint("run_id", "member_id"),
                      Index("ix_standup_answers_member_id", "member_id", "asked_at"),
                      Index("ix_standup_answers_late", "id",  # oldest first, late only
                            sqlite_where=text(LATE_SQL), postgresql_where=text(LATE_SQL)))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("standup_runs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    state: Mapped[str] = mapped_column(String(16))
    answers: Mapped[list[Any]] = mapped_column(JSON)
    activity: Mapped[dict[str, Any]] = mapped_column(JSON)
    asked_at: Mapped[dt.datetime | None]
    answered_at: Mapped[dt.datetime | None]
    late_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=0)


CHECKINS = cast(Table, CheckinRow.__table__)
PARTICIPANTS = cast(Table, ParticipantRow.__table__)
RUNS = cast(Table, RunRow.__table__)
ANSWERS = cast(Table, AnswerRow.__table__)
