"""The project layer's results in Block Kit (issue 15): `/project forecast`, `whatif`,
`decisions`, and the plan part of `/project status`. Registered on `render._blocks`
(imported at the end of `render.py`). The wording is the core's plain text
(`core.render_plan`); user text in it is escaped here, line by line."""

from __future__ import annotations

from adapters.slack.blocks import Block, context, header, section, split_sections
from adapters.slack.escape import esc, slack_date
from adapters.slack.render import _blocks
from core import render_plan as words
from core.planning.durations import format_days
from core.results_plan import DecisionLog, ForecastReport, PlanSummary, WhatIfReport
from core.results_plan_views import day


def plan_blocks(s: PlanSummary, tz: str) -> list[Block]:
    """Target, forecast and variance; milestones; schedule risks."""
    head, *rest = words.plan_lines(s, tz)
    lines = [f"*:calendar: {esc(head.removeprefix('plan: ').capitalize())}*"]
    for line in rest:
        if line == "milestones:":
            lines.append("*:triangular_flag_on_post: Milestones*")
        elif line.startswith("schedule risk: "):
            if not any(x.startswith("*:warning:") for x in lines):
                lines.append("*:warning: Schedule risks*")
            lines.append("• " + esc(line.removeprefix("schedule risk: ")))
        elif line.startswith("  "):
            lines.append("• " + esc(line.strip()))
        else:
            lines.append("_" + esc(line.strip()) + "_")
    return split_sections(lines)


@_blocks.register
def _(result: ForecastReport) -> list[Block]:
    tz = result.viewer_tz
    blocks: list[Block] = [header(f"Forecast: {esc(result.project)}"),
                           *plan_blocks(result.summary, tz)]
    if result.critical_path:
        lines = ["*:chart_with_upwards_trend: Critical path*"
                 + (f" (last {len(result.critical_path)} of {result.path_total})"
                    if result.path_total > len(result.critical_path) else "")]
        for p in result.critical_path:
            where = f" _[{esc(p.project)}]_" if p.cross_project else ""
            by = f" @{esc(p.assignee)}" if p.assignee else " _unassigned_"
            lines.append(f"• #{p.number} {esc(p.title)}{where}{by}: {day(p.start, tz)} → "
                         f"{day(p.finish, tz)}")
        blocks.extend(split_sections(lines))
    if result.as_of:
        blocks.append(context(f"as of {slack_date(result.as_of, tz)}"))
    return blocks


@_blocks.register
def _(result: WhatIfReport) -> list[Block]:
    tz = result.viewer_tz
    lines = [f"*What if {esc(result.change)}* ({esc(result.project)}; nothing is changed)"]
    if not result.shifts:
        lines.append("Nothing moves.")
    for s in result.shifts:
        sign = "+" if s.days > 0 else ""
        lines.append(f"• {s.what} *{esc(s.label)}*: {day(s.before, tz)} → {day(s.after, tz)} "
                     f"({sign}{format_days(s.days)})")
    if result.shifts_total > len(result.shifts):
        lines.append(f"_…and {result.shifts_total - len(result.shifts)} more "
                     f"({result.shifts_total} in all)_")
    if result.new_misses:
        lines.append(":warning: Would newly miss its date: "
                     + ", ".join(esc(m) for m in result.new_misses))
    return split_sections(lines)


@_blocks.register
def _(result: DecisionLog) -> list[Block]:
    tz = result.viewer_tz
    if not result.decisions:
        return [section(f"No decisions recorded in {esc(result.project)} yet. "
                        f"`/project decide {esc(result.project)} <text> [#N]` records one.")]
    lines = [f"*:memo: Decisions in {esc(result.project)}* ({result.total}, newest first)"]
    for d in result.decisions:
        tasks = f" _({', '.join(f'#{n}' for n in d.tasks)})_" if d.tasks else ""
        lines.append(f"• {day(d.at, tz)} @{esc(d.who or 'someone')}: {esc(d.text)}{tasks}")
    if result.has_more:
        lines.append(f"_More: `/project decisions {esc(result.project)} "
                     f"page:{result.page + 1}`_")
    return split_sections(lines)


def status_plan_blocks(plan: PlanSummary | None, tz: str) -> list[Block]:
    """The plan part of `/project status` ([] for a project without a plan)."""
    return plan_blocks(plan, tz) if plan is not None else []
