"""Plain-text rendering of results and notifications: the console's native format, and
the fallback text of richer renderers. User text is printed as typed."""

from __future__ import annotations

import datetime as dt
from functools import singledispatch
from zoneinfo import ZoneInfo

from core.charts import bar, load_chart, status_chart
from core.notifications import Notification, reminder_hint
from core.results import (
    HelpText,
    Info,
    MemberView,
    ProjectList,
    ProjectStatusReport,
    Result,
    RiskLine,
    TaskChanged,
    TaskDetails,
    TaskList,
    TaskRefView,
    TaskView,
)


def when(value: dt.datetime, tz: str, label: bool = False) -> str:
    """'Fri 2026-11-27 17:00' in the viewer's zone; `label`: with the zone named
    ('Fri 2026-11-27 17:00 Asia/Tokyo'), for a reader whose zone may not be the writer's."""
    try:
        text = value.astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M")
    except (OverflowError, ValueError):  # at the edge of the calendar: show it as stored
        return value.strftime("%a %Y-%m-%d %H:%M UTC")
    return f"{text} {tz}" if label else text


def who(member: MemberView | None) -> str:
    return f"@{member.display_name}" if member else "unassigned"


def ref_line(ref: TaskRefView) -> str:
    bits = [ref.status.label]
    if ref.assignee:
        bits.append(who(ref.assignee))
    return f"#{ref.number} {ref.title} ({', '.join(bits)})"


def more(n: int, total: int) -> str:
    """'; and 4 more (14 in all)' after a clipped list ('' when nothing was left out)."""
    return f"; and {n} more ({total} in all)" if n > 0 else ""


def risk_line(risk: RiskLine) -> str:
    return f"#{risk.task.number} {risk.task.title} waits for {ref_line(risk.blocker)}, " \
           f"{risk.because}"


def card(task: TaskView, tz: str, label: bool = False) -> list[str]:
    """A task in two or three lines: headline, facts, and what blocks it. `label`: name
    the zone of its times (the reader's zone differs from the one who acted)."""
    head = f"#{task.number} {task.title} [{task.status.label}, {task.priority.value}]"
    facts = [who(task.assignee)]
    if task.due_at:
        facts.append(("OVERDUE since " if task.overdue else "due ")
                     + when(task.due_at, tz, label))
    if task.project:
        facts.append(f"project {task.project}")
    if task.repeat:
        facts.append(f"repeats {task.repeat}")
    lines = [head, "  " + " · ".join(facts)]
    open_blockers = [b for b in task.blocked_by if b.status.is_active]
    if open_blockers and task.status.is_active:
        lines.append("  blocked by " + "; ".join(ref_line(b) for b in open_blockers))
    return lines


@singledispatch
def render(result: Result) -> list[str]:
    text = getattr(result, "text", None)
    return [str(text)] if text is not None else [type(result).__name__]


@render.register
def _(result: TaskChanged) -> list[str]:
    if result.card_in_channel:
        return card(result.task, result.viewer_tz, result.zone_label)
    return [result.message, *card(result.task, result.viewer_tz)]


@render.register
def _(result: TaskDetails) -> list[str]:
    task, tz = result.task, result.viewer_tz
    lines = card(task, tz)
    if task.description:
        lines.append("  " + task.description)
    if result.blocks:
        lines.append("  blocks " + "; ".join(ref_line(b) for b in result.blocks))
    if task.source_link:
        lines.append("  from " + task.source_link)
    if result.history:
        lines.append("  history:")
        for item in result.history:
            actor = who(item.actor) if item.actor else "taskbot"
            lines.append(f"    {when(item.at, tz)} {actor} {item.text}")
    return lines


@render.register
def _(result: TaskList) -> list[str]:
    if not result.tasks:
        return [result.empty_text]
    lines = [f"{result.title}:"]
    for task in result.tasks:
        lines.extend("  " + line for line in card(task, result.viewer_tz))
    if result.next_page_hint:
        lines.append(result.next_page_hint)
    return lines


@render.register
def _(result: ProjectList) -> list[str]:
    if not result.projects:
        return ["No projects yet. `/project new <name>` starts one."]
    return ["Projects:"] + [
        f"  {p.name} (owner {who(p.owner)}){' [archived]' if p.archived else ''}"
        for p in result.projects]


@render.register
def _(result: ProjectStatusReport) -> list[str]:
    r = result
    note = f"; {r.dropped_note}" if r.dropped_note else ""
    lines = [f"Project {r.project.name}: {r.done}/{r.total} done ({r.percent}%{note})",
             f"  {bar(r.done, r.total)} {r.percent}%"]
    lines.extend("  " + line for line in status_chart(r) or ["no tasks yet"])
    if r.overdue:
        lines.append("  overdue: " + "; ".join(ref_line(t) for t in r.overdue)
                     + more(r.overdue_more, r.overdue_total))
    for item in r.blocked:
        lines.append(f"  blocked: {ref_line(item.task)} by "
                     + "; ".join(ref_line(b) for b in item.blockers))
    if r.blocked_more:
        lines.append(f"  blocked: and {r.blocked_more} more ({r.blocked_total} in all)")
    for x in r.risks:
        lines.append(f"  risk: {risk_line(x)}")
    if r.risks_more:
        lines.append(f"  risk: and {r.risks_more} more ({r.risks_total} in all)")
    if r.critical_path:
        lines.append("  critical path: " + " -> ".join(f"#{t.number}" for t in r.critical_path))
    if r.load:
        lines.append("  open load:")
        lines.extend("    " + line for line in load_chart(r))
    if r.plan is not None:  # the project layer (core.render_plan)
        lines.extend("  " + line for line in render_plan.plan_lines(r.plan, r.viewer_tz))
    return lines


@render.register
def _(result: Info) -> list[str]:
    return result.message.splitlines() or [""]


@render.register
def _(result: HelpText) -> list[str]:
    return [result.title, *result.lines]


def render_note(note: Notification, tz: str) -> list[str]:
    """A notification as plain lines: its sentence, then the task's card."""
    lines = [note.text + reminder_hint(note)]
    label = note.actor_tz is not None and note.actor_tz != tz
    if note.task is not None and note.kind.value not in ("digest",):
        lines.extend("  " + line for line in card(note.task, tz, label))
    return lines


# Each of these registers its results' renderers on `render`.
from core import render_find as _render_find  # noqa: E402, F401
from core import render_plan  # noqa: E402
from core import render_reports as _render_reports  # noqa: E402,F401  (registers report results)
from core.templates import text as _template_text  # noqa: E402, F401  (registers template results)
