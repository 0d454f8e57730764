"""A task as the filter language sees it (`TaskFacts`), built from the task and the values
around it, for evaluating a filter in Python over tasks already loaded (`taskbot export
--filter`). Stores answer filters in their own language (`core.find_ports.TaskFinder`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from core.filters.facts import TaskFacts
from core.filters.query import Person
from core.model import Member, Project, Task


def person_of(member: Member | None) -> Person | None:
    return Person(user_id=member.user_id, name=member.display_name) if member else None


def facts_of(task: Task, members: Mapping[int, Member], projects: Mapping[int, Project],
             comments: Sequence[str] = (), updated: dt.datetime | None = None,
             milestone: str | None = None) -> TaskFacts:
    project = projects.get(task.project_id) if task.project_id is not None else None
    return TaskFacts(
        number=task.number, title=task.title, created=task.created_at,
        updated=updated or task.done_at or task.started_at or task.created_at,
        status=task.status, priority=task.priority,
        assignee=person_of(members.get(task.assignee_id) if task.assignee_id else None),
        project=project.name if project else None, milestone=milestone, due=task.due_at,
        done_at=task.done_at,
        blocked=task.open_blocker_count > 0, description=task.description or "",
        comments=tuple(comments))

