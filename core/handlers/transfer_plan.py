"""The project layer in `/project export` (document version 2): the project's target,
milestones, decisions and baseline, and each task's milestone, estimate and time logs,
read through the plan port (`core.plan_ports`); nothing where the store has no plans."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from core.handlers.base import HandlerContext
from core.model import Project
from core.plan_ports import plans_of
from core.transfer.ports import PlanExport, TaskRecord

ROWS_MAX = 1000
"""The most time logs per task and decisions per project a chat export carries."""


def with_plan(h: HandlerContext, project: Project, records: Sequence[TaskRecord]
              ) -> tuple[list[TaskRecord], PlanExport, set[int]]:
    """The records with their plan facts, the project's plan, and the members they name."""
    plans = plans_of(h.uow)
    if plans is None:
        return list(records), PlanExport(), set()
    facts = plans.facts([r.task.id for r in records])
    listed = {m.id: m for m in plans.milestones(project.id)}
    named = plans.milestones_by_id(sorted({f.milestone_id for f in facts.values()
                                           if f.milestone_id is not None} - set(listed)))
    milestones = {**listed, **named}  # a task may sit in a dropped milestone
    out = []
    for r in records:
        f = facts.get(r.task.id)
        ms = milestones.get(f.milestone_id) if f and f.milestone_id is not None else None
        out.append(dataclasses.replace(
            r, milestone=ms.name if ms else None, estimate=f.estimate if f else None,
            time_logs=plans.logs(r.task.id, ROWS_MAX) if f and f.logged_minutes else []))
    target = plans.target(project.id)
    baseline = plans.baseline(project.id)
    decisions = plans.decisions(project.id, ROWS_MAX)[::-1]
    plan = PlanExport(targets={project.id: target} if target else {},
                      milestones=sorted(milestones.values(), key=lambda m: m.id),
                      decisions=decisions, baselines=[baseline] if baseline else [])
    people = {i for i in (*(log.member_id for r in out for log in r.time_logs),
                          *(d.member_id for d in decisions),
                          baseline.taken_by if baseline else None) if i is not None}
    return out, plan, people
