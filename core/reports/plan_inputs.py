"""What the project layer (milestones, estimates, time logged, baselines, forecast) feeds
into reports. It is built on another branch; until it lands every input is empty and the
report says "no baseline" / "no estimates" instead of a number. One function to replace:
`plan_inputs(uow, project_id)`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.ports import UnitOfWork
from core.reports.events import HistoryEvent


@dataclass(frozen=True)
class PlanInputs:
    baseline: dict[int, dt.datetime] = field(default_factory=dict)
    """Planned finish per task id (schedule variance)."""
    forecast: list[tuple[dt.date, float]] | None = None
    """The project layer's burn-up forecast (else the recent pace is extended)."""
    critical: frozenset[int] = frozenset()
    milestones: frozenset[int] = frozenset()
    events: tuple[HistoryEvent, ...] = ()
    """ESTIMATED and LOGGED events (estimate accuracy, hours per person)."""


def plan_inputs(uow: UnitOfWork, project_id: int | None) -> PlanInputs:
    """Empty until the project layer provides baselines, estimates and time logged."""
    return PlanInputs()
