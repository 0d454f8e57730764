"""Results of the filter language, search and `/task next` (renderers: `core.render_find`
for text; Slack and Discord register theirs in their `render_find` modules)."""

from __future__ import annotations

from core.results import Result, TaskView


class NextItem(Result):
    task: TaskView
    score: float
    why: str


class NextList(Result):
    """The most urgent open, unblocked tasks, each with why ("blocks 4 · due tomorrow")."""

    title: str
    items: tuple[NextItem, ...]
    empty_text: str = "Nothing to do next."


class TaskCount(Result):
    count: int
    query: str
    """The filter's canonical text (empty: the default, your open tasks)."""

    @property
    def message(self) -> str:
        noun = "task" if self.count == 1 else "tasks"
        if not self.query:
            return f"You have {self.count} open {noun}."
        verb = "matches" if self.count == 1 else "match"
        return f"{self.count} {noun} {verb} `{self.query}`."
