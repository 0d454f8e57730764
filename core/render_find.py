"""Plain-text rendering of the filter language's and `/task next`'s results (registered
on `core.render_text.render`, which imports this module at its end)."""

from __future__ import annotations

from core.render_text import render, who
from core.results_find import NextItem, NextList, TaskCount


def next_line(item: NextItem) -> str:
    """`#12 Write the spec — blocks 4 · due tomorrow` (the task's headline and why)."""
    task = item.task
    owner = f" ({who(task.assignee)})" if task.assignee else ""
    return f"#{task.number} {task.title}{owner} — {item.why}"


@render.register
def _(result: NextList) -> list[str]:
    if not result.items:
        return [result.empty_text]
    return [f"{result.title}:"] + [f"  {i}. {next_line(item)}"
                                   for i, item in enumerate(result.items, 1)]


@render.register
def _(result: TaskCount) -> list[str]:
    return [result.message]
