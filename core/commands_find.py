"""The commands of the filter language, search and `/task next` (issue 9): frozen pydantic
models like `core.commands`. A filter is carried parsed (`core.filters.query.Query`, read by
the text grammar or an adapter's option); the handler re-reads its dates for its own clock
and the asker's zone (`core.filters.rebase`)."""

from __future__ import annotations

from pydantic import Field

from core.commands import UserRef
from core.filters.query import Query
from core.text import CommandModel

FILTER_MAX = 1000


class FilterTasks(CommandModel):
    """`/task list <filters>`: a page of the tasks the filter selects."""

    query: Query = Field(default_factory=Query)


class CountTasks(CommandModel):
    """`/task count <filters>`: how many tasks the filter selects."""

    query: Query = Field(default_factory=Query)


class FindTasks(CommandModel):
    """`/task find <words>`: full-text search over every task, open and closed, for every
    phrase (folded words, `core.filters.fold`); `text` is what was typed, for the reply."""

    phrases: tuple[tuple[str, ...], ...] = Field(min_length=1, max_length=20)
    text: str = Field(max_length=FILTER_MAX)
    limit: int = Field(default=20, ge=1, le=100)


class NextTasks(CommandModel):
    """`/task next [@user] [project:<name>]`: the most urgent open, unblocked tasks."""

    user: UserRef | None = None
    project: str | None = None
