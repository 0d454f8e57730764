"""What the project layer (issue 15) needs from storage: milestones, targets, each task's
plan facts (milestone, estimate, time logged), time logs, baselines, decisions and the
early-warning state. The SQL implementation is `adapters/storage/plan_repo.py`, carried by
the unit of work as `uow.plans` on its session, so plan writes commit with the command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from core.planning.durations import Duration
from core.ports import UnitOfWork

MILESTONE_STATES = ("open", "done", "dropped")


@dataclass
class MilestoneRec:
    id: int
    tenant_id: int
    project_id: int
    name: str
    due_at: dt.datetime | None = None
    state: str = "open"


@dataclass(frozen=True)
class TaskFacts:
    """A task's plan facts; a task without a row has none (no milestone, no estimate)."""

    task_id: int
    milestone_id: int | None = None
    estimate: Duration | None = None
    logged_minutes: int = 0


class PlanRow(NamedTuple):
    """An active task as the forecast reads it: the task's own columns and its facts (a
    named tuple: a big project's forecast reads thousands, and a tuple is made in a
    fraction of a frozen dataclass's time)."""

    id: int
    number: int
    project_id: int | None
    assignee_id: int | None
    creator_id: int
    status: str
    priority: str
    due_at: dt.datetime | None
    title: str
    milestone_id: int | None = None
    estimate: Duration | None = None
    logged_minutes: int = 0


@dataclass(frozen=True)
class LatePair:
    """An active blocker due after the active task it blocks (the early warning's cheap
    check); `member_id` is the dependant's assignee, else its creator."""

    blocker_number: int
    blocker_title: str
    blocker_due: dt.datetime
    number: int
    title: str
    due: dt.datetime
    member_id: int


@dataclass(frozen=True)
class DoneSpan:
    """A done task's start (started, else created) and finish, and who did it."""

    start: dt.datetime
    done: dt.datetime
    assignee_id: int | None


@dataclass(frozen=True)
class TimeLog:
    task_id: int
    member_id: int | None
    at: dt.datetime
    minutes: int
    note: str | None = None


@dataclass(frozen=True)
class LoggedWork:
    """The time one person logged on one task within a window, summed, with the task's
    estimate: what a report reads of the time logs (hours per person, estimate accuracy)."""

    task_id: int
    member_id: int | None
    minutes: int
    last_at: dt.datetime
    """When the last of these logs was made (the report's window test)."""
    estimate: Duration | None = None


@dataclass(frozen=True)
class BaselineRec:
    project_id: int
    taken_at: dt.datetime
    taken_by: int | None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DecisionRec:
    id: int
    project_id: int
    member_id: int | None
    at: dt.datetime
    text: str
    numbers: tuple[int, ...] = ()


class PlanRepository(Protocol):
    # milestones and targets
    def milestones(self, project_id: int) -> list[MilestoneRec]:
        """The project's milestones that are not dropped, due first."""
        ...
    def milestone(self, project_id: int, name: str) -> MilestoneRec | None:
        """By name, ignoring case (dropped ones too)."""
        ...
    def milestones_by_id(self, ids: Sequence[int]) -> dict[int, MilestoneRec]: ...
    def add_milestone(self, rec: MilestoneRec, now: dt.datetime) -> MilestoneRec: ...
    def update_milestone(self, rec: MilestoneRec) -> None: ...
    def milestone_progress(self, milestone_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """(done, counted) tasks per milestone; dropped tasks do not count."""
        ...
    def milestone_of(self, task_id: int) -> tuple[MilestoneRec, int, int] | None:
        """The task's milestone with its (done, counted) tasks, in one read; None when the
        task is in no milestone or no task of it counts (all dropped)."""
        ...
    def target(self, project_id: int) -> dt.datetime | None: ...
    def set_target(self, tenant_id: int, project_id: int, at: dt.datetime | None) -> None: ...
    def planned(self, project_id: int) -> bool:
        """The project has a target or an open milestone (worth a forecast on a write);
        one query."""
        ...
    def projects_with_open_milestones(self, after_id: int, limit: int) -> list[int]:
        """Ids of projects not archived with an open milestone that has a due date, above
        `after_id`, ascending, at most `limit` (the scheduler's daily watch pages them)."""
        ...

    # task facts and time
    def facts(self, task_ids: Sequence[int]) -> dict[int, TaskFacts]: ...
    def set_facts(self, tenant_id: int, facts: TaskFacts) -> None: ...
    def add_facts(self, tenant_id: int, facts: Sequence[TaskFacts]) -> None:
        """The plan facts of new tasks (that have none yet), in one write."""
        ...
    def add_log(self, tenant_id: int, log: TimeLog) -> None:
        """Record time spent and add it to the task's logged total."""
        ...
    def logs(self, task_id: int, limit: int) -> list[TimeLog]:
        """The newest `limit` time logs of a task, oldest first."""
        ...

    # what a forecast reads
    def active_rows(self, project_id: int, limit: int) -> list[PlanRow]:
        """The project's open and in-progress tasks with their facts."""
        ...
    def active_edges(self, project_id: int) -> list[tuple[int, int]]:
        """(blocked, blocker) task ids of every edge whose blocked task is active in the
        project (one query, instead of the edges of a list of thousands of ids)."""
        ...
    def late_pairs(self, project_id: int, task_ids: Sequence[int]) -> list[LatePair]:
        """Edges touching `task_ids` (either side) whose blocker is due after the task it
        blocks, both active, the blocked one in the project; by blocker, then blocked id.
        One query through the edge indexes."""
        ...
    def active_rows_by_id(self, task_ids: Sequence[int]) -> list[PlanRow]:
        """These tasks, if active (blockers in other projects)."""
        ...
    def done_spans(self, project_id: int, limit: int) -> list[DoneSpan]:
        """The newest `limit` done tasks of the project (their cycle times)."""
        ...
    def scope_days(self, project_id: int) -> dict[int, Duration | None]:
        """Estimates of the project's done tasks by number (the baseline's scope)."""
        ...

    # what reports read (adapters/storage/plan_report_reads.py)
    def project_work(self, project_id: int, start: dt.datetime | None,
                     end: dt.datetime | None) -> list[LoggedWork]:
        """The time logged on the project's tasks in [start, end) (open bounds: None),
        summed per task and person in the database (a year of a busy project is tens of
        thousands of logs, a few per task and person), each with the task's estimate."""
        ...

    # baselines, decisions, warnings
    def baseline(self, project_id: int) -> BaselineRec | None: ...
    def save_baseline(self, tenant_id: int, rec: BaselineRec) -> None: ...
    def add_decision(self, tenant_id: int, rec: DecisionRec,
                     task_ids: Sequence[int]) -> DecisionRec: ...
    def decisions(self, project_id: int, limit: int, offset: int = 0) -> list[DecisionRec]:
        """Newest first."""
        ...
    def decision_count(self, project_id: int) -> int: ...
    def decisions_of_task(self, task_id: int, limit: int) -> list[DecisionRec]: ...
    def alert_keys(self, project_id: int) -> set[str]: ...
    def alert_times(self, project_id: int) -> dict[str, dt.datetime]:
        """When each early warning still standing was given (new slips of a report)."""
        ...
    def set_alert_keys(self, project_id: int, add: Sequence[str], remove: Sequence[str],
                       now: dt.datetime) -> tuple[set[str], set[str]]:
        """Record `add`, forget `remove`; returns (the keys this call added, the keys it
        removed). A concurrent check (another replica, the daily watch) may have done
        either first: only what this call changed is this call's to tell."""
        ...


class PlanUnitOfWork(UnitOfWork, Protocol):
    plans: PlanRepository


def plans_of(uow: UnitOfWork) -> PlanRepository | None:
    """The unit of work's plan repository, or None for one that carries none (the core's
    in-memory test fakes): then the plan features answer that planning is unavailable and
    the early-warning hooks do nothing."""
    found = getattr(uow, "plans", None)
    return found if found is not None else None
