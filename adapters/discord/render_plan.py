"""The project layer's results as Discord embeds (issue 15): `/project forecast`, `whatif`,
`decisions`, and the plan part of `/project status`. Registered on `render.render`
(imported at the end of `render.py`). User text is Markdown-escaped; dates are Discord
timestamps (`<t:unix:D>`), shown in each reader's own zone."""

from __future__ import annotations

import datetime as dt

import discord

from adapters.discord.limits import EmbedBuilder
from adapters.discord.render import Reply, _more, _replies, esc, render, stamp
from core import render_plan as words
from core.planning.durations import format_days
from core.results_plan import (
    DecisionLog,
    ForecastReport,
    MilestoneLine,
    PlanSummary,
    WhatIfReport,
)


def _day(when: dt.datetime | None) -> str:
    return stamp(when, "D") if when is not None else "-"


def _milestone(m: MilestoneLine) -> str:
    bits = [f"due {_day(m.due)}" if m.due else "no due date"]
    if m.state != "open":
        bits.append(m.state)
    if m.forecast is not None:
        late = words.late_words(m.margin_days, "its due date")
        bits.append(f"forecast {_day(m.forecast)}" + (f" ({late})" if late else ""))
    elif m.total and m.done == m.total:
        bits.append("reached")
    bits.append(f"{m.done}/{m.total} done")
    var = words.variance_words(m.variance_days)
    if var:
        bits.append(var)
    flag = "🚩 " if m.late else ""
    return f"{flag}**{esc(m.name)}**: " + " · ".join(bits)


def plan_sections(builder: EmbedBuilder, s: PlanSummary) -> None:
    head = [f"target {_day(s.target)}" if s.target else "no target date"]
    if s.finish is not None:
        late = words.late_words(s.margin_days, "the target")
        head.append(f"forecast {_day(s.finish)}" + (f" ({late})" if late else ""))
    var = words.variance_words(s.variance_days)
    if var and s.baseline_at is not None:
        head.append(f"{var} of {_day(s.baseline_at)}")
    lines = [" · ".join(head)]
    if s.scope:
        lines.append(esc(s.scope))
    if s.without_estimate:
        lines.append(f"{s.without_estimate} of {s.open_tasks} open tasks forecast without an "
                     "estimate")
    _section(builder, "Plan", lines)
    _section(builder, "Milestones", [_milestone(m) for m in s.milestones]
             + _more(s.milestones_more, s.milestones_total))
    _section(builder, "Schedule risks", [esc(r) for r in s.risks]
             + _more(s.risks_more, s.risks_total))


def _section(builder: EmbedBuilder, name: str, lines: list[str]) -> None:
    if lines:
        builder.section(name, lines)


@render.register
def _(result: ForecastReport) -> list[Reply]:
    s = result.summary
    late = s.margin_days is not None and s.margin_days < 0
    builder = EmbedBuilder(f"Forecast: {result.project}",
                           discord.Colour.red() if late else discord.Colour.green())
    plan_sections(builder, s)
    path = []
    for p in result.critical_path:
        where = f" [{esc(p.project)}]" if p.cross_project else ""
        by = f" {esc('@' + p.assignee)}" if p.assignee else " unassigned"
        path.append(f"`#{p.number}` {esc(p.title)}{where}{by}: {_day(p.start)} → "
                    f"{_day(p.finish)}")
    _section(builder, "Critical path", path + _more(result.path_total - len(path),
                                                    result.path_total))
    if result.as_of:
        builder.footer(f"as of {result.as_of:%Y-%m-%d %H:%M} UTC")
    return _replies(builder.build(), ephemeral=result.ephemeral)


@render.register
def _(result: WhatIfReport) -> list[Reply]:
    builder = EmbedBuilder(f"What if {result.change}", discord.Colour.orange())
    lines = [f"{result.project}; nothing is changed"]
    for s in result.shifts:
        sign = "+" if s.days > 0 else ""
        lines.append(f"{s.what} **{esc(s.label)}**: {_day(s.before)} → {_day(s.after)} "
                     f"({sign}{format_days(s.days)})")
    if not result.shifts:
        lines.append("Nothing moves.")
    lines += _more(result.shifts_total - len(result.shifts), result.shifts_total)
    builder.describe(lines)
    if result.new_misses:
        _section(builder, "Would newly miss its date", [esc(m) for m in result.new_misses])
    return _replies(builder.build(), ephemeral=result.ephemeral)


@render.register
def _(result: DecisionLog) -> list[Reply]:
    builder = EmbedBuilder(f"Decisions in {result.project}", discord.Colour.blurple())
    lines = []
    for d in result.decisions:
        tasks = f" ({', '.join(f'`#{n}`' for n in d.tasks)})" if d.tasks else ""
        lines.append(f"{_day(d.at)} {esc('@' + (d.who or 'someone'))}: {esc(d.text)}{tasks}")
    if result.has_more:
        lines.append(f"More: `/project decisions` page {result.page + 1}")
    builder.describe(lines or ["No decisions recorded yet. `/project decide` records one."])
    return _replies(builder.build(), ephemeral=result.ephemeral)


def status_plan(builder: EmbedBuilder, plan: PlanSummary | None) -> None:
    """The plan part of `/project status` (nothing for a project without a plan)."""
    if plan is not None:
        plan_sections(builder, plan)
