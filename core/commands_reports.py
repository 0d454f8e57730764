"""Report commands: `/project report`, its weekly schedule, `/project chart`, `/task stats`.
Periods stay text (`week`, `from:2026-03-01 to:2026-03-31`) and are read by the handlers
in the actor's time zone, as `due:` is."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from core.commands import UserRef
from core.text import CommandModel

ChartKind = Literal["burnup", "flow", "leadtime", "load", "timeline", "graph"]
CHART_KINDS: tuple[str, ...] = ("burnup", "flow", "leadtime", "load", "timeline", "graph")


class ProjectReport(CommandModel):
    name: str = Field(min_length=1, max_length=100)
    period: str = Field(default="week", max_length=40)


class ProjectReportEvery(CommandModel):
    """Post the project's report of the week before, every `weekday` at `at`."""

    name: str = Field(min_length=1, max_length=100)
    weekday: int = Field(ge=0, le=6)
    at: dt.time
    tz: str | None = None


class ProjectReportOff(CommandModel):
    name: str = Field(min_length=1, max_length=100)


class ProjectChart(CommandModel):
    name: str = Field(min_length=1, max_length=100)
    kind: ChartKind
    period: str = Field(default="", max_length=40)


class TaskStats(CommandModel):
    person: UserRef | None = None
    period: str = Field(default="week", max_length=40)
