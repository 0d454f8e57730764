"""The commands of the filter language, search and `/task next` (issue 9): frozen pydantic
models like `core.commands`. Filter text is kept as typed and read by the handler, which
knows the clock and the asker's time zone that dates such as `due<fri` need."""

from __future__ import annotations

from pydantic import Field

from core.commands import UserRef
from core.text import CommandModel

FILTER_MAX = 1000


class FilterTasks(CommandModel):
    """`/task list <filters>`: a page of the tasks the filter selects."""

    filter: str = Field(default="", max_length=FILTER_MAX)


class CountTasks(CommandModel):
    """`/task count <filters>`: how many tasks the filter selects."""

    filter: str = Field(default="", max_length=FILTER_MAX)


class FindTasks(CommandModel):
    """`/task find <words>`: full-text search over every task, open and closed."""

    query: str = Field(max_length=FILTER_MAX)
    limit: int = Field(default=20, ge=1, le=100)


class NextTasks(CommandModel):
    """`/task next [@user] [project:<name>]`: the most urgent open, unblocked tasks."""

    user: UserRef | None = None
    project: str | None = None
