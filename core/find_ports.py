"""The port of the filter language, search and `/task next`: what a store answers.

A store translates a `core.filters.query.Query` into its own query language (SQL in
`adapters/storage/task_filters.py`) and must select and order exactly as the core evaluator
(`core.filters.evaluate`) does; the property tests check it. A unit of work that can answer
these questions has a `finder` (`finder_of` gets it, or says the feature is unavailable).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from core.errors import UserError
from core.filters.facts import TaskFacts
from core.filters.query import Person, Query
from core.model import Task


@dataclass(frozen=True)
class Asker:
    """Who asks: `member_id` for `mine`, `person` for matching people by id or name."""

    member_id: int
    person: Person


@dataclass(frozen=True)
class FoundPage:
    tasks: list[Task]
    total: int


class TaskFinder(Protocol):
    def select(self, tenant_id: int, query: Query, asker: Asker, now: dt.datetime,
               page_size: int) -> FoundPage:
        """The query's page (`query.page`) in the query's order, and the number matching."""
        ...

    def count(self, tenant_id: int, query: Query, asker: Asker, now: dt.datetime) -> int: ...

    def search(self, tenant_id: int, phrases: tuple[tuple[str, ...], ...], limit: int,
               open_only: bool = False) -> list[Task]:
        """Tasks (open and closed) holding every phrase of folded words (the last word a
        prefix) in the title, the description or a comment; best match first, then the
        most recently updated, then the highest number."""
        ...

    def next_candidates(self, tenant_id: int, assignee_id: int | None,
                        project_ids: tuple[int, ...] | None, now: dt.datetime,
                        limit: int) -> list[TaskFacts]:
        """Enough open, unblocked tasks (of that assignee, in those projects) to hold the
        `limit` most urgent, as facts with `waits_on_it` counted; the caller ranks them."""
        ...


@runtime_checkable
class HasFinder(Protocol):
    finder: TaskFinder


def finder_of(uow: object) -> TaskFinder:
    if not isinstance(uow, HasFinder):
        raise UserError("Search and filters are not available on this store.")
    return uow.finder


def matching(uow: object, tenant_id: int, query: Query, asker: Asker, now: dt.datetime,
             limit: int) -> list[Task]:
    """The tasks a filter selects, in the query's order, at most `limit`, ignoring `page:`
    (what bulk changes and `/project export` act on): the finder's first page of `limit`,
    so a selection reads the tasks it returns, not the tenant."""
    return finder_of(uow).select(tenant_id, replace(query, page=1), asker, now, limit).tasks
