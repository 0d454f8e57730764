"""The taskbot export document (JSON, `"version": 1`): one workspace's members, projects,
milestones, tasks (each with its dependencies and its history, comments included as
entries of kind "comment") and recurring rules.

The document names nothing by database id: people by platform user id, projects by name,
tasks by number (within the document) and by `id`, a stable external id (the one a task
was imported with, else `<platform>:<workspace>:<number>`). Importing it into an empty
workspace and exporting again gives the same document; importing it twice adds nothing
the second time (tasks are matched by `id`). It carries no export time and no workspace
identity for the same reason.

Version 2 adds the project layer (`core.transfer.plan_doc`): each project's `target_at`,
`milestones`, each task's `milestone`, estimate and `time_logs`, `decisions` and
`baselines`. Version 1 files (no project layer; `milestones` always empty) still import.

These pydantic models validate an import before anything is written."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from core.model import DESCRIPTION_MAX, TITLE_MAX, Priority, Role, Status
from core.transfer.plan_doc import BaselineDoc, DecisionDoc, MilestoneDoc, TimeLogDoc

VERSION = 2


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MemberDoc(_Doc):
    user_id: str = Field(min_length=1, max_length=64)
    display_name: str = Field(min_length=1, max_length=100)
    role: Role = Role.MEMBER
    tz: str | None = Field(default=None, max_length=64)


class ProjectDoc(_Doc):
    name: str = Field(min_length=1, max_length=100)
    owner: str | None = Field(default=None, max_length=64)
    channel_id: str | None = Field(default=None, max_length=64)
    archived: bool = False
    created_at: AwareDatetime | None = None
    target_at: AwareDatetime | None = None


class HistoryDoc(_Doc):
    at: AwareDatetime
    actor: str | None = Field(default=None, max_length=64)
    kind: str = Field(min_length=1, max_length=32)
    text: str


class TaskDoc(_Doc):
    id: str = Field(min_length=1, max_length=200)
    number: int = Field(ge=1, le=2_000_000_000)
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    status: Status = Status.OPEN
    priority: Priority = Priority.NORMAL
    creator: str = Field(min_length=1, max_length=64)
    assignee: str | None = Field(default=None, max_length=64)
    project: str | None = Field(default=None, max_length=100)
    milestone: str | None = Field(default=None, max_length=100)
    created_at: AwareDatetime
    due_at: AwareDatetime | None = None
    started_at: AwareDatetime | None = None
    done_at: AwareDatetime | None = None
    source_link: str | None = Field(default=None, max_length=500)
    channel_id: str | None = Field(default=None, max_length=64)
    after: list[int] = []
    """Numbers (in this document) of the tasks it waits for."""
    extra: dict[str, Any] = {}
    history: list[HistoryDoc] = []
    estimate_minutes: int | None = Field(default=None, ge=0, le=10_000_000)
    estimate_days: int | None = Field(default=None, ge=0, le=10_000_000)
    """Hundredths of a working day (`1.5d` = 150)."""
    time_logs: list[TimeLogDoc] = []


class SeriesDoc(_Doc):
    """A recurring rule: the task it started from and its current occurrence, by number."""

    origin: int = Field(ge=1)
    current: int = Field(ge=1)
    rule: str = Field(min_length=1, max_length=100)
    tz: str = Field(min_length=1, max_length=64)
    occurrence_at: AwareDatetime
    next_at: AwareDatetime | None = None
    anchor_at: AwareDatetime | None = None


class WorkspaceDoc(_Doc):
    default_tz: str = Field(default="UTC", max_length=64)


class Document(_Doc):
    format: Literal["taskbot"] = "taskbot"
    version: Literal[1, 2] = 2
    workspace: WorkspaceDoc = WorkspaceDoc()
    members: list[MemberDoc] = []
    projects: list[ProjectDoc] = []
    milestones: list[MilestoneDoc] = []
    tasks: list[TaskDoc] = []
    recurring: list[SeriesDoc] = []
    decisions: list[DecisionDoc] = []
    baselines: list[BaselineDoc] = []



Problem = tuple[tuple[int | str, ...], str]
"""Where in the document (a path) and what is wrong there."""


def reference_problems(doc: Document) -> list[Problem]:
    """Every number, person and project a task names must be in the document."""
    found: list[Problem] = []
    seen_numbers: set[int] = set()
    seen_ids: set[str] = set()
    for i, task in enumerate(doc.tasks):
        if task.number in seen_numbers:
            found.append((("tasks", i, "number"), f"#{task.number} is there twice"))
        if task.id in seen_ids:
            found.append((("tasks", i, "id"), f"the id {task.id} is there twice"))
        seen_numbers.add(task.number)
        seen_ids.add(task.id)
    people = {m.user_id for m in doc.members}
    projects = {p.name.casefold() for p in doc.projects}
    for i, task in enumerate(doc.tasks):
        for j, n in enumerate(task.after):
            if n not in seen_numbers or n == task.number:
                found.append((("tasks", i, "after", j),
                              f"#{task.number} waits for #{n}, which is not another task here"))
        for field in ("creator", "assignee"):
            who = getattr(task, field)
            if who is not None and who not in people:
                found.append((("tasks", i, field), f"{who} is not in members"))
        if task.project is not None and task.project.casefold() not in projects:
            found.append((("tasks", i, "project"), f"project {task.project} is not in "
                                                   "projects"))
    found += _plan_problems(doc, seen_numbers, people, projects)
    for i, series in enumerate(doc.recurring):
        if series.current not in seen_numbers:
            found.append((("recurring", i, "current"),
                          f"task #{series.current} is not in this file"))
    return found


def _plan_problems(doc: Document, numbers: set[int], people: set[str],
                   projects: set[str]) -> list[Problem]:
    """A milestone's project, a task's milestone (in the task's project), a decision's
    tasks and every person named must be in the document."""
    found: list[Problem] = []
    milestones = {(m.project.casefold(), m.name.casefold()) for m in doc.milestones}
    for i, m in enumerate(doc.milestones):
        if m.project.casefold() not in projects:
            found.append((("milestones", i, "project"), f"project {m.project} is not in "
                                                        "projects"))
    for i, task in enumerate(doc.tasks):
        if task.milestone is not None and (
                task.project is None
                or (task.project.casefold(), task.milestone.casefold()) not in milestones):
            found.append((("tasks", i, "milestone"), f"milestone {task.milestone} is not in "
                                                     "the milestones of the task's project"))
        for j, log in enumerate(task.time_logs):
            if log.person is not None and log.person not in people:
                found.append((("tasks", i, "time_logs", j, "person"),
                              f"{log.person} is not in members"))
    for i, d in enumerate(doc.decisions):
        if d.project.casefold() not in projects:
            found.append((("decisions", i, "project"), f"project {d.project} is not in "
                                                       "projects"))
        for j, n in enumerate(d.tasks):
            if n not in numbers:
                found.append((("decisions", i, "tasks", j), f"task #{n} is not in this file"))
    for i, b in enumerate(doc.baselines):
        if b.project.casefold() not in projects:
            found.append((("baselines", i, "project"), f"project {b.project} is not in "
                                                       "projects"))
    return found
