"""Core results to Slack messages (Block Kit plus an escaped fallback `text`).

`render(result)` returns a `SlackMessage`; the listeners decide where it goes (ephemeral
reply, channel post, card update). Long results are capped at 50 blocks with a hint line;
the `text` fallback (notifications, screen readers) is the core's plain text, escaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import singledispatch

from adapters.slack.blocks import (
    MESSAGE_BLOCKS,
    MESSAGE_TEXT,
    Block,
    cap,
    context,
    divider,
    header,
    section,
    split_sections,
)
from adapters.slack.cards import ref_line, task_card, task_line, task_refs
from adapters.slack.chart_button import chart_button
from adapters.slack.escape import esc, person, slack_date, truncate
from core import render_text
from core.bus import ErrorReply
from core.charts import bar, load_chart, status_chart
from core.results import (
    HelpText,
    Info,
    ProjectList,
    ProjectStatusReport,
    Result,
    TaskChanged,
    TaskDetails,
    TaskList,
)
from core.results_reports import ChartOffer


@dataclass
class SlackMessage:
    text: str
    blocks: list[Block] = field(default_factory=list)
    ephemeral: bool = True
    card_in_channel: bool = False
    task_number: int | None = None

    def payload(self) -> dict[str, object]:
        return {"text": self.text, "blocks": self.blocks}


def fallback_text(result: Result) -> str:
    try:
        lines = render_text.render(result)
    except NotImplementedError:
        lines = []
    return truncate(esc("\n".join(lines)), MESSAGE_TEXT) or "taskbot"


def render(result: Result) -> SlackMessage:
    blocks = cap(_blocks(result), MESSAGE_BLOCKS, "_…more than fits in one message._")
    text = result.text if isinstance(result, ErrorReply) else None
    msg = SlackMessage(text=esc(text) if text else fallback_text(result), blocks=blocks,
                       ephemeral=result.ephemeral)
    if isinstance(result, TaskChanged):
        msg.card_in_channel = result.card_in_channel
        msg.task_number = result.task.number
    return msg


@singledispatch
def _blocks(result: Result) -> list[Block]:
    return split_sections(fallback_text(result).splitlines())


@_blocks.register
def _(result: ErrorReply) -> list[Block]:
    blocks = [section(f":warning: {esc(result.reason)}")]
    if result.usage:
        blocks.append(context(f"Usage: `{esc(result.usage)}`"))
    return blocks


@_blocks.register
def _(result: Info) -> list[Block]:
    return split_sections(esc(result.message).splitlines() or [" "])


@_blocks.register
def _(result: HelpText) -> list[Block]:
    lines = [f"*{esc(result.title)}*", *(f"`{esc(line)}`" if line.startswith("/") else esc(line)
                                         for line in result.lines)]
    return split_sections(lines)


@_blocks.register
def _(result: TaskChanged) -> list[Block]:
    note = esc(result.message) if not result.card_in_channel else None
    return task_card(result.task, result.viewer_tz, note=note)


@_blocks.register
def _(result: TaskDetails) -> list[Block]:
    tz = result.viewer_tz
    blocks = task_card(result.task, tz)
    lines = task_refs(result.blocks, "Blocks", tz)
    if lines:
        blocks.extend(split_sections(lines))
    if result.history:
        blocks.append(divider())
        hist = [f"{slack_date(h.at, tz)} · {person(h.actor, 'someone')} · {esc(h.text)}"
                for h in result.history]
        blocks.extend(split_sections(["*History*", *hist]))
    return blocks


@_blocks.register
def _(result: TaskList) -> list[Block]:
    blocks: list[Block] = [header(esc(result.title))]
    if not result.tasks:
        return [*blocks, section(esc(result.empty_text))]
    blocks.extend(split_sections([task_line(t, result.viewer_tz) for t in result.tasks]))
    if result.has_more:
        hint = result.next_page_hint or f"page {result.page + 1}"
        blocks.append(context(f"More: `{esc(hint)}`"))
    return blocks


@_blocks.register
def _(result: ProjectList) -> list[Block]:
    if not result.projects:
        return [section("No projects yet. `/project new <name>` creates one.".replace(
            "<", "&lt;").replace(">", "&gt;"))]
    lines = []
    for p in result.projects:
        counts = ""
        if p.open_count is not None:
            counts = f" · {p.open_count} open, {p.done_count or 0} done"
        archived = " _(archived)_" if p.archived else ""
        owner = f" · owner {person(p.owner)}" if p.owner else ""
        lines.append(f"• *{esc(p.name)}*{archived}{owner}{counts}")
    return [header("Projects"), *split_sections(lines)]


@_blocks.register
def _(result: ProjectStatusReport) -> list[Block]:
    tz = result.viewer_tz
    blocks: list[Block] = [
        header(f"Project {esc(result.project.name)}"),
        section(f"`{bar(result.done, result.total)}` *{result.percent}%* — {result.done} of "
                f"{result.total} done"
                + (f" ({result.dropped_note})" if result.dropped_note else "")),
        section("```" + esc("\n".join(status_chart(result))) + "```"),
    ]
    lines = task_refs(result.overdue, ":warning: Overdue", tz)
    if result.overdue_more:
        lines.append(f"_…and {result.overdue_more} more ({result.overdue_total} in all)_")
    if result.blocked:
        lines.append("*:no_entry: Blocked*")
        lines.extend(f"• {ref_line(b.task, tz)} ← waiting on "
                     + ", ".join(f"#{x.number} {esc(x.title)}" for x in b.blockers)
                     for b in result.blocked)
    if result.blocked_more:
        lines.append(f"_…and {result.blocked_more} more ({result.blocked_total} in all)_")
    if result.risks:
        lines.append("*:rotating_light: Risks*")
        lines.extend(f"• #{r.task.number} {esc(r.task.title)} waits for "
                     f"{ref_line(r.blocker, tz)}, {r.because}" for r in result.risks)
    if result.risks_more:
        lines.append(f"_…and {result.risks_more} more ({result.risks_total} in all)_")
    lines.extend(task_refs(result.critical_path, ":chart_with_upwards_trend: Critical path", tz))
    if lines:
        blocks.extend(split_sections(lines))
    if result.load:
        blocks.append(section("*Open load per member*\n```"
                              + esc("\n".join(load_chart(result))) + "```"))
    blocks.extend(render_plan.status_plan_blocks(result.plan, tz))  # the project layer
    if result.as_of:
        blocks.append(context(f"as of {slack_date(result.as_of, tz)}"))
    blocks.append(chart_button(ChartOffer(project=result.project.name, kind="burnup")))
    return blocks


# Each of these registers its results' blocks on `_blocks`.
from adapters.slack import render_find as _render_find  # noqa: E402, F401
from adapters.slack import render_plan  # noqa: E402
from adapters.slack import render_reports as _render_reports  # noqa: E402,F401  (registers)
from adapters.slack import render_templates as _templates  # noqa: E402, F401  (registers)
