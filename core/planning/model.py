"""The planning engine's inputs and results: plain frozen dataclasses, no database rows.

The caller (a handler, next) builds a `PlanInput` from storage: the open tasks of the
project *and* the open tasks they transitively wait on in other projects, each person's
`WorkCalendar`, the working minutes of the project's done tasks (their cycle times), the
milestones and the project targets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from core.planning.calendar import WorkCalendar
from core.planning.durations import ZERO, Duration

MilestoneKey = tuple[str, str]
"""(project, milestone name)."""


class PlanTask(NamedTuple):
    """An open task. `priority` is `Priority.rank` (0 low .. 3 urgent). `blockers` are the
    ids of tasks it waits on; a blocker absent from the input counts as finished (done).
    `created` is carried for reports; the forecast does not use it. (Immutable, as every
    value here; a named tuple because a big project's forecast makes thousands, and a
    tuple is made in a fraction of a frozen dataclass's time: `_replace` changes a copy.)"""

    id: int
    project: str
    assignee: str | None = None
    in_progress: bool = False
    priority: int = 1
    due: dt.datetime | None = None
    estimate: Duration | None = None
    logged: Duration = ZERO
    blockers: tuple[int, ...] = ()
    milestone: str | None = None
    created: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    """`done`: marked reached by its owner (its open tasks are still forecast, but it is
    no longer at risk)."""

    project: str
    name: str
    due: dt.datetime | None = None
    done: bool = False


@dataclass(frozen=True, slots=True)
class ProjectPlan:
    name: str
    target: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class PlanInput:
    """Everything a forecast reads. `cycle_minutes[project]`: working minutes each done
    task of the project took (start to done); their median is the duration of a task with
    no estimate. `calendars[person]`; anyone missing, and unassigned tasks, use
    `default_calendar`."""

    now: dt.datetime
    tasks: tuple[PlanTask, ...]
    calendars: Mapping[str, WorkCalendar] = field(default_factory=dict)
    default_calendar: WorkCalendar = field(default_factory=WorkCalendar)
    cycle_minutes: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()
    projects: tuple[ProjectPlan, ...] = ()

    def calendar_of(self, person: str | None) -> WorkCalendar:
        if person is None:
            return self.default_calendar
        return self.calendars.get(person, self.default_calendar)


WaitsFor = Literal["now", "blocker", "person"]


class TaskForecast(NamedTuple):
    """When an open task is expected to start and finish. `minutes` of work (remaining
    estimate, or the median); `estimated` is False when the median was used. `driver` is
    the task whose finish decided the start (`waits_for` says whether it is a blocker or the
    assignee's previous task); None when the task can start now. (A named tuple, like
    `PlanTask`: one per task of every forecast.)"""

    id: int
    project: str
    start: dt.datetime
    finish: dt.datetime
    minutes: float
    estimated: bool
    waits_for: WaitsFor = "now"
    driver: int | None = None


@dataclass(frozen=True, slots=True)
class MilestoneForecast:
    project: str
    name: str
    due: dt.datetime | None
    finish: dt.datetime | None
    open_tasks: int
    done: bool = False

    @property
    def late(self) -> bool:
        """Forecast past its due date, and not marked reached."""
        return (not self.done and self.due is not None and self.finish is not None
                and self.finish > self.due)


@dataclass(frozen=True, slots=True)
class ProjectForecast:
    name: str
    target: dt.datetime | None
    finish: dt.datetime | None
    open_tasks: int
    without_estimate: int

    @property
    def late(self) -> bool:
        return self.target is not None and self.finish is not None and self.finish > self.target


@dataclass(frozen=True, slots=True)
class Forecast:
    """The forecast of every input task, milestone and project. `order` is the order tasks
    were scheduled in (blockers before what they block). `cycle_broken`: tasks scheduled
    while some of their blockers were not (a dependency cycle; normally empty)."""

    now: dt.datetime
    tasks: Mapping[int, TaskForecast]
    milestones: Mapping[MilestoneKey, MilestoneForecast]
    projects: Mapping[str, ProjectForecast]
    order: tuple[int, ...]
    person_order: Mapping[str, tuple[int, ...]]
    cycle_broken: tuple[int, ...] = ()

    @property
    def without_estimate(self) -> int:
        return sum(1 for t in self.tasks.values() if not t.estimated)
