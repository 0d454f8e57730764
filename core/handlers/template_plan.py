"""Milestones and estimates of a template, through the project layer's repository
(`uow.plans`, issue 15), in the command's unit of work:
- `apply_plan_facts`: `/project new ... from:` creates the template's milestones, each due
  at the end of its working-day offset from the start, and sets each new task's estimate
  and milestone in one write;
- `read_plan_facts`: `/project template save ... from:` reads the project's milestones
  (their due dates as offsets from the project's start) and its tasks' estimates and
  milestones.

A store without the project layer (the core's in-memory test fakes) applies none and
reads none; the reply says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.handlers.base import HandlerContext
from core.model import Project, Task
from core.plan_ports import MilestoneRec, TaskFacts, plans_of
from core.planning.calendar import WorkCalendar
from core.planning.durations import Duration, parse_duration
from core.templates.document import MAX_OFFSET, TemplateDocument
from core.templates.offsets import due_at, offset_of


@dataclass(frozen=True)
class PlanFacts:
    """A project's milestones (name -> working-day offset) and its tasks' estimates and
    milestones (task id -> text), as a template keeps them; `undated`: milestones left out
    because they have no due date to keep as an offset."""

    milestones: Mapping[str, int] = field(default_factory=dict)
    estimates: Mapping[int, str] = field(default_factory=dict)
    milestone_of: Mapping[int, str] = field(default_factory=dict)
    undated: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanApplied:
    """What `apply_plan_facts` did: the milestones made (name, due), how many tasks got an
    estimate, and each task's plan words for its history line (task key -> words). When
    the store has no project layer: `unapplied` milestones and estimates, nothing else."""

    milestones: tuple[tuple[str, dt.datetime], ...] = ()
    estimated: int = 0
    words: Mapping[str, str] = field(default_factory=dict)
    unapplied: tuple[int, int] = (0, 0)


def _norm(name: str) -> str:
    """A milestone's lookup key, as the project layer compares names."""
    return " ".join(name.split()).casefold()


def estimate_text(est: Duration) -> str:
    """A stored estimate as a template writes it (`1.5d`, `1d4h30m`, `45m`): read back by
    `parse_duration` to the same value."""
    whole, cents = divmod(est.day_hundredths, 100)
    days = (f"{whole}" + (f".{cents:02d}".rstrip("0") if cents else "") + "d"
            if est.day_hundredths else "")
    hours, mins = divmod(est.minutes, 60)
    return days + (f"{hours}h" if hours else "") + (f"{mins}m" if mins else "")


def apply_plan_facts(h: HandlerContext, project: Project, doc: TemplateDocument,
                     tasks_by_key: Mapping[str, Task], cal: WorkCalendar,
                     start: dt.datetime) -> PlanApplied:
    plans = plans_of(h.uow)
    if plans is None:
        return PlanApplied(unapplied=(len(doc.milestones),
                                      sum(1 for t in doc.tasks if t.estimate)))
    made: dict[str, MilestoneRec] = {}
    for m in doc.milestones:
        if _norm(m.name) not in made:
            made[_norm(m.name)] = plans.add_milestone(MilestoneRec(
                id=0, tenant_id=h.tenant.id, project_id=project.id, name=m.name,
                due_at=due_at(cal, start, m.offset)), h.now)
    facts: list[TaskFacts] = []
    words: dict[str, str] = {}
    for item in doc.tasks:
        if item.estimate is None and item.milestone is None:
            continue
        ms = made[_norm(item.milestone)] if item.milestone is not None else None
        facts.append(TaskFacts(task_id=tasks_by_key[item.key].id,
                               milestone_id=ms.id if ms is not None else None,
                               estimate=parse_duration(item.estimate) if item.estimate
                               else None))
        words[item.key] = ", ".join(
            ([f"milestone {ms.name}"] if ms is not None else [])
            + ([f"estimate {item.estimate}"] if item.estimate else []))
    plans.add_facts(h.tenant.id, facts)
    return PlanApplied(milestones=tuple((m.name, m.due_at) for m in made.values()
                                        if m.due_at is not None),
                       estimated=sum(1 for f in facts if f.estimate is not None),
                       words=words)


def read_plan_facts(h: HandlerContext, project: Project, tasks: Sequence[Task],
                    cal: WorkCalendar, start: dt.datetime) -> PlanFacts:
    plans = plans_of(h.uow)
    if plans is None:
        return PlanFacts()
    found = plans.milestones(project.id)
    dated = {m.id: m for m in found if m.due_at is not None}
    facts = plans.facts([t.id for t in tasks])
    return PlanFacts(
        milestones={m.name: min(offset_of(cal, start, m.due_at), MAX_OFFSET)
                    for m in dated.values() if m.due_at is not None},
        estimates={i: estimate_text(f.estimate) for i, f in facts.items()
                   if f.estimate is not None and not f.estimate.is_zero},
        milestone_of={i: dated[f.milestone_id].name for i, f in facts.items()
                      if f.milestone_id in dated},
        undated=tuple(m.name for m in found if m.due_at is None))
