"""The project layer's tables (issue 15): milestones, project targets, each task's plan
facts (milestone, estimate), time logs, baselines, decisions and the early-warning state.

Plan facts sit in `plan_tasks`, one row per task that has any (keyed by the task), instead
of new columns on `tasks`: the task table and its repository stay as they are, a task
without a plan costs nothing, and deleting a task deletes its row (ON DELETE CASCADE).
An estimate is kept as the user typed it, in two parts: clock minutes (`30m`, `4h`) and
hundredths of a working day (`1.5d` = 150, `2w` = 1000), because a day is the assignee's
working day and becomes minutes only once the forecast knows whose calendar it runs on.
`logged_minutes` is the sum of the task's time logs, kept in step by the repository so the
forecast reads one row per task, never the log."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from adapters.storage.orm import Base


class PlanProjectRow(Base):
    __tablename__ = "plan_projects"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    target_at: Mapped[dt.datetime | None]


class PlanMilestoneRow(Base):
    __tablename__ = "plan_milestones"
    __table_args__ = (UniqueConstraint("project_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    due_at: Mapped[dt.datetime | None]
    state: Mapped[str] = mapped_column(String(16), default="open")
    """open | done | dropped."""
    created_at: Mapped[dt.datetime]


class PlanTaskRow(Base):
    __tablename__ = "plan_tasks"
    __table_args__ = (Index("ix_plan_tasks_milestone_id", "milestone_id"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"),
                                         primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("plan_milestones.id"))
    estimate_minutes: Mapped[int | None] = mapped_column(Integer)
    estimate_days: Mapped[int | None] = mapped_column(Integer)
    """Hundredths of a working day (`1.5d` = 150)."""
    logged_minutes: Mapped[int] = mapped_column(Integer, default=0)


class PlanTimeLogRow(Base):
    __tablename__ = "plan_time_logs"
    __table_args__ = (Index("ix_plan_time_logs_task_id_id", "task_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    at: Mapped[dt.datetime]
    minutes: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class PlanBaselineRow(Base):
    """The project's current baseline (re-running `/project baseline` replaces it)."""

    __tablename__ = "plan_baselines"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    taken_at: Mapped[dt.datetime]
    taken_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    """{"finish": iso|None, "milestones": {name: iso|None}, "tasks": {number: iso},
    "scope": {number: estimate days}}."""


class PlanDecisionRow(Base):
    __tablename__ = "plan_decisions"
    __table_args__ = (Index("ix_plan_decisions_project_id_id", "project_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    at: Mapped[dt.datetime]
    text: Mapped[str] = mapped_column(Text)
    numbers: Mapped[str] = mapped_column(String(200), default="")
    """The task numbers it touches, as typed ("12,14"), for display."""


class PlanDecisionTaskRow(Base):
    """Which tasks a decision touches (for `/task show`)."""

    __tablename__ = "plan_decision_tasks"
    __table_args__ = (PrimaryKeyConstraint("decision_id", "task_id"),
                      Index("ix_plan_decision_tasks_task_id", "task_id", "decision_id"))

    decision_id: Mapped[int] = mapped_column(
        ForeignKey("plan_decisions.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))


class PlanAlertRow(Base):
    """Early warnings already given, per project (`task:12:late`, `ms:beta:late`,
    `dep:3:5`): a warning is given once when it appears and forgotten when it clears."""

    __tablename__ = "plan_alerts"
    __table_args__ = (PrimaryKeyConstraint("project_id", "key"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    key: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime]


PLAN_PROJECTS = cast(Table, PlanProjectRow.__table__)
MILESTONES = cast(Table, PlanMilestoneRow.__table__)
PLAN_TASKS = cast(Table, PlanTaskRow.__table__)
TIME_LOGS = cast(Table, PlanTimeLogRow.__table__)
BASELINES = cast(Table, PlanBaselineRow.__table__)
DECISIONS = cast(Table, PlanDecisionRow.__table__)
DECISION_TASKS = cast(Table, PlanDecisionTaskRow.__table__)
PLAN_ALERTS = cast(Table, PlanAlertRow.__table__)
