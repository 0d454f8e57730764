"""The project layer in the export document (version 2): project targets, milestones,
each task's milestone, estimate and time logs, decisions and baselines.

Like the rest of the document it names nothing by database id: a milestone by its project
and name, a person by platform user id, a task by its number in the document. An estimate
is kept in its two stored parts (`estimate_minutes`, `estimate_days` in hundredths of a
working day) so it round-trips exactly. A baseline's `data` is kept as taken, its task
numbers remapped when an import renumbers."""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from core.plan_ports import MILESTONE_STATES


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MilestoneDoc(_Doc):
    project: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=80)
    due_at: AwareDatetime | None = None
    state: str = Field(default="open", pattern="^(" + "|".join(MILESTONE_STATES) + ")$")


class TimeLogDoc(_Doc):
    at: AwareDatetime
    person: str | None = Field(default=None, max_length=64)
    minutes: int = Field(ge=1, le=1_000_000)
    note: str | None = Field(default=None, max_length=2000)


class DecisionDoc(_Doc):
    project: str = Field(min_length=1, max_length=100)
    at: AwareDatetime
    by: str | None = Field(default=None, max_length=64)
    text: str = Field(min_length=1, max_length=4000)
    tasks: list[int] = []
    """Numbers (in this document) of the tasks it touches."""


class BaselineDoc(_Doc):
    project: str = Field(min_length=1, max_length=100)
    taken_at: AwareDatetime
    taken_by: str | None = Field(default=None, max_length=64)
    data: dict[str, Any] = {}


def renumbered(data: dict[str, Any], numbers: dict[int, int]) -> dict[str, Any]:
    """A baseline's data with its task numbers (`tasks`, `scope` keys) moved as an import
    renumbered them; numbers not in the import are dropped."""
    out = dict(data)
    for part in ("tasks", "scope"):
        given = data.get(part)
        if isinstance(given, dict):
            out[part] = {str(numbers[int(k)]): v for k, v in given.items()
                         if str(k).isdigit() and int(k) in numbers}
    return out
