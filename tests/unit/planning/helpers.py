"""Shared dates for the planning tests: the week of Monday 30 Nov 2026, UTC."""

from __future__ import annotations

import datetime as dt

from core.planning.durations import parse_duration
from core.planning.model import PlanInput, PlanTask

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 30, 9, tzinfo=UTC)  # a Monday, 09:00 UTC


def at(day: int, hour: int = 9, minute: int = 0, month: int = 11) -> dt.datetime:
    """An instant in Nov/Dec 2026, UTC (`at(30, 17)` = Mon 30 Nov 17:00)."""
    if month == 11 and day < 30:
        month = 12
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC)


def task(tid: int, project: str = "web", *, est: str | None = None, logged: str | None = None,
         **kw: object) -> PlanTask:
    extra = {} if logged is None else {"logged": parse_duration(logged)}
    return PlanTask(id=tid, project=project, estimate=parse_duration(est) if est else None,
                    **extra, **kw)  # type: ignore[arg-type]


def plan(*tasks: PlanTask, **kw: object) -> PlanInput:
    return PlanInput(now=kw.pop("now", NOW), tasks=tasks, **kw)  # type: ignore[arg-type]
