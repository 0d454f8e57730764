"""Milestones and estimates of a template: where the project layer (issue 15, branch
plan15: milestones, estimates, forecasts) plugs in.

A template keeps them in its document and round-trips them (YAML import/export, show,
save over an imported template); applying them needs the project layer's storage, which
this branch does not have yet. The two functions below are the only places that change
when it arrives:
- `apply_plan_facts`: create the project's milestones (due at their working-day offsets)
  and set each created task's estimate and milestone;
- `read_plan_facts`: a project's milestones and task estimates, for `/project template
  save`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.handlers.base import HandlerContext
from core.model import Project, Task
from core.planning.calendar import WorkCalendar
from core.templates.document import TemplateDocument


@dataclass(frozen=True)
class PlanFacts:
    """A project's milestones (name -> working-day offset) and its tasks' estimates and
    milestones (task id -> text), as a template keeps them."""

    milestones: Mapping[str, int] = field(default_factory=dict)
    estimates: Mapping[int, str] = field(default_factory=dict)
    milestone_of: Mapping[int, str] = field(default_factory=dict)


def apply_plan_facts(h: HandlerContext, project: Project, doc: TemplateDocument,
                     tasks_by_key: Mapping[str, Task], cal: WorkCalendar,
                     start: dt.datetime) -> tuple[int, int]:
    """Apply the template's milestones and estimates to the new project, in the command's
    unit of work. Returns how many milestones and estimates were NOT applied: all of them
    until the project layer's storage exists (then: create the milestones at
    `offsets.due_at(cal, start, m.offset)`, set each task's estimate and milestone, and
    return (0, 0))."""
    del h, project, tasks_by_key, cal, start
    return len(doc.milestones), sum(1 for t in doc.tasks if t.estimate)


def read_plan_facts(h: HandlerContext, project: Project, tasks: Sequence[Task],
                    cal: WorkCalendar, start: dt.datetime) -> PlanFacts:
    """The project's milestones and estimates for a template saved from it: none until the
    project layer's storage exists."""
    del h, project, tasks, cal, start
    return PlanFacts()
