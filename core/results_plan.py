"""What the project layer's handlers return (issue 15): structured results, never text.
Renderers: `core.render_plan` (plain text), `adapters/slack/render_plan.py` (Block Kit),
`adapters/discord/render_plan.py` (embeds). User text (milestone names, titles, decision
text) is kept raw; each renderer escapes it.
The plan part of `/project status` is `core.results_plan_views.PlanSummary`."""

from __future__ import annotations

import datetime as dt

from core.results import Result
from core.results_plan_views import MilestoneLine, PlanSummary, PlanView

__all__ = ["MilestoneLine", "PlanSummary"]


class PathLine(PlanView):
    """One task of the critical path with its forecast dates."""

    number: int
    title: str
    project: str
    start: dt.datetime
    finish: dt.datetime
    assignee: str | None = None
    """The assignee's display name."""
    slack_days: float = 0.0
    cross_project: bool = False


class ForecastReport(Result):
    project: str
    summary: PlanSummary
    critical_path: tuple[PathLine, ...] = ()
    path_total: int = 0
    as_of: dt.datetime | None = None


class ShiftLine(PlanView):
    """What moves: `what` project|milestone|task, `label` its name or `#N Title`."""

    what: str
    label: str
    before: dt.datetime | None = None
    after: dt.datetime | None = None
    days: float = 0.0


class WhatIfReport(Result):
    project: str
    change: str
    shifts: tuple[ShiftLine, ...] = ()
    shifts_total: int = 0
    new_misses: tuple[str, ...] = ()


class DecisionLine(PlanView):
    at: dt.datetime
    who: str | None = None
    text: str
    tasks: tuple[int, ...] = ()
    project: str = ""


class DecisionLog(Result):
    project: str
    decisions: tuple[DecisionLine, ...] = ()
    page: int = 1
    total: int = 0
    has_more: bool = False
