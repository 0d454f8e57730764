"""Core results -> Discord messages (content + embeds), as pure functions.

Every message is a `Reply`; a result that does not fit one message becomes several (the
first answers the interaction, the rest are follow-ups). User text (titles, names,
comments) has its Markdown escaped; mentions are never parsed because every send uses
`AllowedMentions.none()` (see `adapters.discord.respond`). Times are Discord timestamps
(`<t:unix:f>`), which each reader's client shows in their own time zone.
Notifications: `adapters.discord.notification_render`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import singledispatch

import discord

from adapters.discord.limits import CONTENT_MAX, EmbedBuilder, clip, pack_embeds, pack_lines
from core.bus import ErrorReply
from core.charts import bar, load_chart, status_chart
from core.files import FilePayload
from core.model import Status
from core.render_text import render as render_plain
from core.results import (
    HelpText,
    Info,
    MemberView,
    ProjectList,
    ProjectStatusReport,
    Result,
    TaskChanged,
    TaskDetails,
    TaskList,
    TaskRefView,
    TaskView,
)
from core.results_reports import ChartOffer

STATUS_COLOURS = {
    Status.OPEN: discord.Colour.blurple(),
    Status.IN_PROGRESS: discord.Colour.gold(),
    Status.DONE: discord.Colour.green(),
    Status.DROPPED: discord.Colour.dark_grey(),
}


@dataclass
class Reply:
    """One Discord message. `card` is the task whose buttons (a persistent view) go with it;
    `reminder_id` / `reminder_actions`: a reminder DM's Snooze and Done buttons instead."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    ephemeral: bool = True
    card: TaskView | None = None
    reminder_id: int | None = None
    reminder_actions: tuple[str, ...] = ()
    files: list[FilePayload] = field(default_factory=list)  # attachments (a chart PNG)
    chart: ChartOffer | None = None  # a chart button (adapters/discord/report_views.py)


def esc(text: str) -> str:
    """User text inside our Markdown: escape formatting so a title shows as typed."""
    return discord.utils.escape_markdown(text, as_needed=False)


def stamp(when: dt.datetime, style: str = "f") -> str:
    return discord.utils.format_dt(when, style)  # type: ignore[arg-type]


def person(member: MemberView | None) -> str:
    """A user as a mention when they have a Discord id (mentions in embeds never ping),
    else their escaped name."""
    if member is None:
        return "unassigned"
    if member.user_id.isdigit():
        return f"<@{member.user_id}>"
    return esc("@" + member.display_name)


def ref_line(ref: TaskRefView) -> str:
    bits = [ref.status.label]
    if ref.assignee:
        bits.append(person(ref.assignee))
    return f"`#{ref.number}` {esc(ref.title)} ({', '.join(bits)})"


def task_line(task: TaskView) -> str:
    bits = [task.status.label]
    if task.priority.rank >= 2:
        bits.append(task.priority.value)
    bits.append(person(task.assignee))
    if task.due_at:
        bits.append(("**overdue** " if task.overdue else "due ") + stamp(task.due_at, "R"))
    if task.is_blocked:
        bits.append("blocked")
    return f"`#{task.number}` {esc(task.title)} · " + " · ".join(bits)


def task_embeds(task: TaskView, extra_sections: list[tuple[str, list[str]]] | None = None
                ) -> list[discord.Embed]:
    """The task card: title, description, facts as inline fields, blockers, source."""
    builder = EmbedBuilder(f"#{task.number} {esc(task.title)}", STATUS_COLOURS[task.status],
                           url=task.source_link)
    if task.description:
        builder.describe([esc(task.description)])
    builder.field("Status", task.status.label, inline=True)
    builder.field("Priority", task.priority.value, inline=True)
    builder.field("Assignee", person(task.assignee), inline=True)
    if task.due_at:
        label = "Overdue since" if task.overdue else "Due"
        builder.field(label, f"{stamp(task.due_at)} ({stamp(task.due_at, 'R')})", inline=True)
    if task.project:
        builder.field("Project", esc(task.project), inline=True)
    if task.creator:
        builder.field("Created by", person(task.creator), inline=True)
    if task.repeat:
        builder.field("Repeats", esc(task.repeat), inline=True)
    blockers = [b for b in task.blocked_by if b.status.is_active]
    if blockers and task.status.is_active:
        builder.section("Blocked by", [ref_line(b) for b in blockers])
    if task.source_link:
        builder.field("From", f"[jump to message]({task.source_link})")
    for name, lines in extra_sections or ():
        if lines:
            builder.section(name, lines)
    return builder.build()


def _replies(embeds: list[discord.Embed], *, ephemeral: bool, content: str | None = None,
             card: TaskView | None = None) -> list[Reply]:
    messages = pack_embeds(embeds)
    replies = [Reply(embeds=m, ephemeral=ephemeral) for m in messages] or [
        Reply(ephemeral=ephemeral)]
    replies[0].content = clip(content, CONTENT_MAX) if content else None
    replies[0].card = card
    return replies


def text_replies(text: str, *, ephemeral: bool = True) -> list[Reply]:
    return [Reply(content=chunk, ephemeral=ephemeral)
            for chunk in pack_lines(text.splitlines() or [""], CONTENT_MAX)]


@singledispatch
def render(result: Result) -> list[Reply]:
    """Fallback for result types this adapter does not know: their plain text."""
    return text_replies("\n".join(render_plain(result)), ephemeral=result.ephemeral)


QUOTED = re.compile(r"“([^”]*)”")
QUOTE_MAX = 60


def clip_quotes(text: str, limit: int = QUOTE_MAX) -> str:
    """Quotes of user input inside a message (“…”) cut to `limit` characters, so echoing a
    6,000-character value costs a line, not a handful of messages."""
    return QUOTED.sub(lambda m: "“" + clip(m[1], limit) + "”", text)


@render.register
def _(result: ErrorReply) -> list[Reply]:
    """A refusal is one message: quotes clipped, then the whole cut to the content limit."""
    lines = [f"⚠️ {clip_quotes(result.reason)}"]
    if result.usage:
        lines.append(f"Usage: `{clip(result.usage, 300)}`")
    return [Reply(content=clip("\n".join(lines), CONTENT_MAX), ephemeral=True)]


@render.register
def _(result: Info) -> list[Reply]:
    return text_replies(result.message, ephemeral=result.ephemeral)


@render.register
def _(result: HelpText) -> list[Reply]:
    embeds = EmbedBuilder(result.title, discord.Colour.blurple()).describe(
        [esc(line) if not line.startswith("/") else f"`{line}`" for line in result.lines]
    ).build()
    return _replies(embeds, ephemeral=result.ephemeral)


@render.register
def _(result: TaskChanged) -> list[Reply]:
    content = None if result.card_in_channel else result.message
    return _replies(task_embeds(result.task), ephemeral=result.ephemeral, content=content,
                    card=result.task)


@render.register
def _(result: TaskDetails) -> list[Reply]:
    sections = [("Blocks", [ref_line(b) for b in result.blocks])]
    history = [f"{stamp(h.at, 'd')} {person(h.actor) if h.actor else 'bot'}: {esc(h.text)}"
               for h in result.history]
    sections.append(("History", history))
    return _replies(task_embeds(result.task, sections), ephemeral=result.ephemeral,
                    card=result.task)


@render.register
def _(result: TaskList) -> list[Reply]:
    builder = EmbedBuilder(result.title, discord.Colour.blurple())
    if result.tasks:
        builder.describe([task_line(t) for t in result.tasks])
    else:
        builder.describe([result.empty_text])
    if result.has_more:
        builder.footer(f"Page {result.page} · more with page:{result.page + 1}")
    return _replies(builder.build(), ephemeral=result.ephemeral)


@render.register
def _(result: ProjectList) -> list[Reply]:
    lines = []
    for p in result.projects:
        bits = []
        if p.owner:
            bits.append(f"owner {person(p.owner)}")
        if p.open_count is not None:
            bits.append(f"{p.open_count} open")
        if p.done_count is not None:
            bits.append(f"{p.done_count} done")
        if p.channel_id:
            bits.append(f"<#{p.channel_id}>")
        if p.archived:
            bits.append("archived")
        lines.append(f"**{esc(p.name)}** " + " · ".join(bits))
    builder = EmbedBuilder("Projects", discord.Colour.blurple())
    builder.describe(lines or ["No projects yet. `/project new` creates one."])
    return _replies(builder.build(), ephemeral=result.ephemeral)


@render.register
def _(result: ProjectStatusReport) -> list[Reply]:
    p = result.project
    builder = EmbedBuilder(f"Project {p.name}: {result.percent}% done", discord.Colour.green())
    dropped = f" ({result.dropped_note})" if result.dropped_note else ""
    builder.describe([f"`{bar(result.done, result.total)}` {result.done}/{result.total} done"
                      f"{dropped}",
                      "```" + "\n".join(status_chart(result)) + "```"])
    builder.section("Overdue", [ref_line(t) for t in result.overdue]
                    + _more(result.overdue_more, result.overdue_total))
    builder.section("Blocked", [
        f"{ref_line(b.task)} ← " + ", ".join(f"`#{x.number}`" for x in b.blockers)
        for b in result.blocked] + _more(result.blocked_more, result.blocked_total))
    if result.risks:
        builder.section("Risks", [
            f"`#{r.task.number}` {esc(r.task.title)} waits for {ref_line(r.blocker)}, "
            f"{r.because}" for r in result.risks] + _more(result.risks_more, result.risks_total))
    builder.section("Critical path", [ref_line(t) for t in result.critical_path])
    if result.load:
        builder.section("Open load", ["```" + "\n".join(load_chart(result)) + "```"])
    render_plan.status_plan(builder, result.plan)  # the project layer
    if result.as_of:
        builder.footer(f"as of {result.as_of:%Y-%m-%d %H:%M} UTC")
    replies = _replies(builder.build(), ephemeral=result.ephemeral)
    replies[-1].chart = ChartOffer(project=p.name, kind="burnup")
    return replies


def _more(n: int, total: int) -> list[str]:
    return [f"…and {n} more ({total} in all)"] if n > 0 else []


from adapters.discord import render_plan  # noqa: E402  (registers the project layer)
from adapters.discord import render_reports as _render_reports  # noqa: E402,F401  (registers)
from adapters.discord import render_templates as _templates  # noqa: E402, F401  (registers)
