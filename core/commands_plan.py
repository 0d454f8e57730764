"""The project layer's commands (issue 15): frozen pydantic models like `core.commands`,
built by `core.grammar.plan` and by Discord's typed options alike.

Durations and dates stay text here (`1.5d`, `fri 5pm`): the handlers read them, dates in
the actor's time zone, as `due:` is read."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from core.text import CommandModel, Positive

MilestoneAction = Literal["set", "done", "drop", "rename"]
NAME_MAX = 80
TEXT_MAX = 2000


class _Frozen(CommandModel):
    """Frozen, strict, clean: see `core.text.CommandModel`."""


class SetMilestone(_Frozen):
    """`/project milestone <project> <name> due:<when>|done|drop|rename:<new>`. `set`
    creates the milestone or changes its due date (`due` None: no due date)."""

    project: str = Field(min_length=1, max_length=NAME_MAX)
    name: str = Field(min_length=1, max_length=NAME_MAX)
    action: MilestoneAction = "set"
    due: str | None = None
    new_name: str | None = Field(default=None, max_length=NAME_MAX)


class SetProjectDue(_Frozen):
    """`/project due <project> <when>|none`: the project's target date."""

    project: str = Field(min_length=1, max_length=NAME_MAX)
    due: str | None = None


class TakeBaseline(_Frozen):
    project: str = Field(min_length=1, max_length=NAME_MAX)


class ShowForecast(_Frozen):
    project: str = Field(min_length=1, max_length=NAME_MAX)


class WhatIf(_Frozen):
    """`/project whatif <project> #N +<duration>|due:<when>`: exactly one of `slip` and
    `due` (`due` "none": without a due date)."""

    project: str = Field(min_length=1, max_length=NAME_MAX)
    number: Positive
    slip: str | None = None
    due: str | None = None


class Decide(_Frozen):
    project: str = Field(min_length=1, max_length=NAME_MAX)
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    tasks: tuple[Positive, ...] = ()


class ListDecisions(_Frozen):
    project: str = Field(min_length=1, max_length=NAME_MAX)
    page: int = Field(default=1, ge=1, le=10_000)


class LogTime(_Frozen):
    """`/task log #N <duration> [note]`."""

    number: Positive
    duration: str = Field(min_length=1, max_length=40)
    note: str | None = Field(default=None, max_length=500)


class SetTaskPlan(_Frozen):
    """A task's milestone and estimate (`milestone:`/`estimate:` of `/task add` and `/task
    edit`); None leaves a field as it is, "none" clears it."""

    number: Positive
    milestone: str | None = Field(default=None, max_length=NAME_MAX)
    estimate: str | None = Field(default=None, max_length=40)


PlanCommand = (SetMilestone | SetProjectDue | TakeBaseline | ShowForecast | WhatIf | Decide
               | ListDecisions | LogTime | SetTaskPlan)
