"""The plan part of `/project status` (issue 15): plain views with no dependency on
`core.results`, so `ProjectStatusReport` can carry one (`plan`). Days are working days:
variance > 0 is later than the baseline, a margin < 0 is that many working days past the
date. User text (milestone names, task titles) is kept raw; renderers escape it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict


class PlanView(BaseModel):
    model_config = ConfigDict(frozen=True)


class MilestoneLine(PlanView):
    name: str
    due: dt.datetime | None = None
    forecast: dt.datetime | None = None
    done: int = 0
    total: int = 0
    state: str = "open"
    margin_days: float | None = None
    """Working days from the forecast to the due date (negative: late)."""
    variance_days: float | None = None

    @property
    def late(self) -> bool:
        return self.due is not None and self.forecast is not None and self.forecast > self.due


class PlanSummary(PlanView):
    """The plan part of `/project status` and the head of `/project forecast`."""

    target: dt.datetime | None = None
    finish: dt.datetime | None = None
    margin_days: float | None = None
    """Working days from the forecast finish to the target (negative: after it)."""
    variance_days: float | None = None
    baseline_at: dt.datetime | None = None
    scope: str = ""
    milestones: tuple[MilestoneLine, ...] = ()
    milestones_total: int = 0
    risks: tuple[str, ...] = ()
    risks_total: int = 0
    open_tasks: int = 0
    without_estimate: int = 0
    truncated: bool = False

    @property
    def risks_more(self) -> int:
        return max(0, self.risks_total - len(self.risks))

    @property
    def milestones_more(self) -> int:
        return max(0, self.milestones_total - len(self.milestones))


def day(value: dt.datetime | None, tz: str) -> str:
    """'Tue 15 Dec' in the viewer's zone ('-' for none)."""
    if value is None:
        return "-"
    try:
        local = value.astimezone(ZoneInfo(tz))
    except (KeyError, ValueError, OverflowError):
        local = value
    return f"{local:%a} {local.day} {local:%b}"
