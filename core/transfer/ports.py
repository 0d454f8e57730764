"""What export reads from a store: one workspace, tasks in number order, in batches (so an
export of any size holds one batch in memory), each with its history, its blockers and its
plan facts (milestone, estimate, time logs); and the project layer's per-project records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from core.model import Member, Project, Task
from core.plan_ports import BaselineRec, DecisionRec, MilestoneRec, TimeLog
from core.planning.durations import Duration
from core.ports import HistoryRecord


@dataclass(frozen=True)
class TaskRecord:
    task: Task
    history: list[HistoryRecord] = field(default_factory=list)
    blockers: list[int] = field(default_factory=list)
    """Numbers of the tasks it waits for."""
    milestone: str | None = None
    estimate: Duration | None = None
    time_logs: list[TimeLog] = field(default_factory=list)


@dataclass(frozen=True)
class PlanExport:
    """The project layer of the exported projects (empty where a store has none)."""

    targets: dict[int, dt.datetime] = field(default_factory=dict)
    """Project id -> target date."""
    milestones: list[MilestoneRec] = field(default_factory=list)
    decisions: list[DecisionRec] = field(default_factory=list)
    baselines: list[BaselineRec] = field(default_factory=list)


@dataclass(frozen=True)
class SeriesRecord:
    origin: int | None  # the number of the task the series started from (None: deleted)
    current: int
    rule: str
    tz: str
    occurrence_at: dt.datetime
    next_at: dt.datetime | None
    anchor_at: dt.datetime | None


class ExportSource(Protocol):
    platform: str
    workspace_id: str
    default_tz: str

    def members(self) -> list[Member]: ...
    def projects(self) -> list[Project]: ...
    def task_batches(self, size: int, active_only: bool = False
                     ) -> Iterator[list[TaskRecord]]: ...
    def series(self) -> list[SeriesRecord]: ...
    def plan(self) -> PlanExport: ...
