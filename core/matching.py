"""The one way a store answers `TaskRepository.matching` for now: turn the tenant's candidate
tasks into `TaskFacts` and let `core.filters.evaluate` decide and order. A SQL translation of
the filter language can replace the stores' `matching` without touching its callers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from core.filters.evaluate import matches, sort_tasks
from core.filters.facts import TaskFacts
from core.filters.query import DateTerm, Person, Query
from core.model import Member, Project, Task


def needs_text(query: Query) -> bool:
    """Comments are loaded only for a query with text terms."""
    return bool(query.text_terms())


def needs_updated(query: Query) -> bool:
    """The last change of each task is loaded only when the query reads it."""
    by_term = any(isinstance(t, DateTerm) and t.field == "updated" for t in query.terms)
    return by_term or (query.sort is not None and query.sort.key == "updated")


def person_of(member: Member | None) -> Person | None:
    return Person(user_id=member.user_id, name=member.display_name) if member else None


def facts_of(task: Task, members: Mapping[int, Member], projects: Mapping[int, Project],
             comments: Sequence[str] = (), updated: dt.datetime | None = None) -> TaskFacts:
    project = projects.get(task.project_id) if task.project_id is not None else None
    return TaskFacts(
        number=task.number, title=task.title, created=task.created_at,
        updated=updated or task.done_at or task.started_at or task.created_at,
        status=task.status, priority=task.priority,
        assignee=person_of(members.get(task.assignee_id) if task.assignee_id else None),
        project=project.name if project else None, due=task.due_at, done_at=task.done_at,
        blocked=task.open_blocker_count > 0, description=task.description or "",
        comments=tuple(comments))


def pick(query: Query, candidates: Iterable[tuple[Task, TaskFacts]], *, me: Person,
         now: dt.datetime, limit: int) -> list[Task]:
    """The matching tasks in the query's order, at most `limit` (ignores `page:`)."""
    by_number: dict[int, Task] = {}
    chosen = []
    for task, facts in candidates:
        if matches(query, facts, me=me, now=now):
            by_number[task.number] = task
            chosen.append(facts)
    return [by_number[f.number] for f in sort_tasks(chosen, query.sort, now=now)[:limit]]
