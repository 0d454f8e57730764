"""Block Kit for the filter language's and `/task next`'s results (registered on
`adapters.slack.render`'s block renderer, which imports this module at its end)."""

from __future__ import annotations

from adapters.slack.blocks import Block, context, header, section, split_sections
from adapters.slack.cards import task_line
from adapters.slack.escape import esc
from adapters.slack.render import _blocks
from core.results_find import NextList, TaskCount


@_blocks.register
def _(result: NextList) -> list[Block]:
    blocks: list[Block] = [header(esc(result.title))]
    if not result.items:
        return [*blocks, section(esc(result.empty_text))]
    lines = [f"{n}. {task_line(item.task, result.viewer_tz)}\n      _{esc(item.why)}_"
             for n, item in enumerate(result.items, 1)]
    return [*blocks, *split_sections(lines),
            context("Ranked by urgency: priority, due date, what waits on it, in progress, "
                    "age.")]


@_blocks.register
def _(result: TaskCount) -> list[Block]:
    return [section(esc(result.message))]
