"""Block Kit for the report results (registered on `adapters.slack.render._blocks`):
a report as a header and two-column fields with a chart button; a chart as its title and
alt text (the image itself follows as an upload, see adapters/slack/files.py)."""

from __future__ import annotations

from adapters.slack.blocks import Block, context, fields, header, section
from adapters.slack.chart_button import chart_button
from adapters.slack.escape import esc
from adapters.slack.render import _blocks
from core.results_reports import ChartPosted, ReportView
from core.results_transfer import FileResult

FIELDS_PER_BLOCK = 10          # Block Kit's limit on a section's fields


@_blocks.register
def _(result: ReportView) -> list[Block]:
    items = [f"*{esc(label)}*\n{esc(value)}" for label, value in result.figures]
    blocks: list[Block] = [header(esc(result.title)), section(esc(result.headline))]
    for start in range(0, len(items), FIELDS_PER_BLOCK):
        blocks.append(fields(items[start:start + FIELDS_PER_BLOCK]))
    if result.notes:
        blocks.append(context(*(esc(n) for n in result.notes)))
    if result.offer is not None:
        blocks.append(chart_button(result.offer))
    return blocks


@_blocks.register
def _(result: ChartPosted) -> list[Block]:
    tail = "" if result.file is not None else " (charts are not drawn on this server)"
    return [section(f"*{esc(result.title)}*\n{esc(result.alt)}{tail}")]


@_blocks.register
def _(result: FileResult) -> list[Block]:
    """`/project export`: the answer is ephemeral and an ephemeral message cannot carry a
    file, so the file follows in the asker's DM (adapters/slack/files.py)."""
    return [section(f"{esc(result.message)} I sent you the file in a direct message.")]
