"""Plain-text rendering of the project layer's results (issue 15): the console's format and
the fallback text of richer renderers. Registered on `core.render_text.render`, which
imports this module. User text is printed as typed.

Dates are days ('Tue 15 Dec') in the viewer's zone: a forecast is not precise to the hour."""

from __future__ import annotations

from core.planning.durations import format_days
from core.render_text import more, render
from core.results_plan import (
    DecisionLog,
    ForecastReport,
    MilestoneLine,
    PlanSummary,
    WhatIfReport,
)
from core.results_plan_views import day


def late_words(margin: float | None, what: str) -> str:
    """'2 working days after the target' / 'on time, 1.5 d to spare' / ''."""
    if margin is None:
        return ""
    if margin < 0:
        days = format_days(-margin).removesuffix(" d")
        unit = "working day" if days == "1" else "working days"
        return f"{days} {unit} after {what}"
    return f"on time, {format_days(margin)} to spare"


def variance_words(days: float | None) -> str:
    """'+3 d vs baseline' ('' without a baseline)."""
    if days is None:
        return ""
    sign = "+" if days > 0 else ""
    return f"{sign}{format_days(days)} vs baseline"


def milestone_line(m: MilestoneLine, tz: str) -> str:
    bits = [f"due {day(m.due, tz)}" if m.due else "no due date"]
    if m.state != "open":
        bits.append(m.state)
    if m.forecast is not None:
        late = late_words(m.margin_days, "its due date")
        bits.append(f"forecast {day(m.forecast, tz)}" + (f" ({late})" if late else ""))
    elif m.total and m.done == m.total:
        bits.append("reached")
    bits.append(f"{m.done}/{m.total} done")
    var = variance_words(m.variance_days)
    if var:
        bits.append(var)
    return f"{m.name}: " + " · ".join(bits)


def plan_lines(s: PlanSummary, tz: str) -> list[str]:
    """The plan part of a status or forecast, indented by the caller."""
    head = [f"target {day(s.target, tz)}" if s.target else "no target date"]
    if s.finish is not None:
        late = late_words(s.margin_days, "the target")
        head.append(f"forecast {day(s.finish, tz)}" + (f" ({late})" if late else ""))
    elif s.open_tasks == 0:
        head.append("no open work")
    var = variance_words(s.variance_days)
    if var and s.baseline_at is not None:
        head.append(f"{var} of {day(s.baseline_at, tz)}")
    lines = ["plan: " + " · ".join(head)]
    if s.scope:
        lines.append("  " + s.scope)
    if s.without_estimate:
        lines.append(f"  {s.without_estimate} of {s.open_tasks} open tasks forecast without "
                     "an estimate (the project's median time)")
    if s.truncated:
        lines.append("  (only the most urgent open tasks were forecast)")
    if s.milestones:
        lines.append("milestones:")
        lines.extend("  " + milestone_line(m, tz) for m in s.milestones)
        if s.milestones_more:
            lines.append(f"  and {s.milestones_more} more ({s.milestones_total} in all)")
    for text in s.risks:
        lines.append(f"schedule risk: {text}")
    if s.risks_more:
        lines.append(f"schedule risk: and {s.risks_more} more ({s.risks_total} in all)")
    return lines


@render.register
def _(result: ForecastReport) -> list[str]:
    tz = result.viewer_tz
    lines = [f"Forecast for {result.project}:"]
    lines.extend("  " + line for line in plan_lines(result.summary, tz))
    if result.critical_path:
        cut = result.path_total - len(result.critical_path)
        lines.append("  critical path" + (f" (last {len(result.critical_path)} of "
                                          f"{result.path_total})" if cut else "") + ":")
        for p in result.critical_path:
            where = f" [{p.project}]" if p.cross_project else ""
            by = f" @{p.assignee}" if p.assignee else " unassigned"
            lines.append(f"    #{p.number} {p.title}{where}{by}: {day(p.start, tz)} -> "
                         f"{day(p.finish, tz)}")
    elif result.summary.open_tasks == 0:
        lines.append("  no open tasks to forecast")
    return lines


@render.register
def _(result: WhatIfReport) -> list[str]:
    tz = result.viewer_tz
    lines = [f"What if {result.change} ({result.project}; nothing is changed):"]
    if not result.shifts:
        lines.append("  nothing moves")
    for s in result.shifts:
        sign = "+" if s.days > 0 else ""
        lines.append(f"  {s.what} {s.label}: {day(s.before, tz)} -> {day(s.after, tz)} "
                     f"({sign}{format_days(s.days)})")
    if result.shifts_total > len(result.shifts):
        lines[-1] += more(result.shifts_total - len(result.shifts), result.shifts_total)
    if result.new_misses:
        lines.append("  would newly miss its date: " + ", ".join(result.new_misses))
    return lines


@render.register
def _(result: DecisionLog) -> list[str]:
    tz = result.viewer_tz
    if not result.decisions:
        return [f"No decisions recorded in {result.project} yet. /project decide "
                f"{result.project} <text> [#N] records one."]
    lines = [f"Decisions in {result.project} ({result.total}, newest first):"]
    for d in result.decisions:
        tasks = f" [{', '.join(f'#{n}' for n in d.tasks)}]" if d.tasks else ""
        lines.append(f"  {day(d.at, tz)} @{d.who or 'someone'}: {d.text}{tasks}")
    if result.has_more:
        lines.append(f"  more: /project decisions {result.project} page:{result.page + 1}")
    return lines
