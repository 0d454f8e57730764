"""The project layer after a bulk change (`core.bulk_handlers`), once for the whole change.

A bulk change runs the core's single-task handlers, not the project layer's wrapped ones
(`plan_tasks.HANDLERS`): those would forecast once per task and each add a reply line. So
after all the tasks changed, this does what the wrappers do, once:
- a task moved to another project leaves its old project's milestone (as `/task edit`);
- a milestone whose last task closed is announced once (not once per closed task);
- the touched projects are checked for new risks (`plan_warn.warn_projects`): one reply
  line for the summary, and the DMs it queues are merged with the bulk change's own, one
  message per person. A bulk done or drop, like a single one, only clears the closed
  tasks' own warnings (closing brings forecasts earlier); the tick tells the owner when a
  milestone is back on track."""

from __future__ import annotations

from collections.abc import Sequence

from core.handlers.base import HandlerContext
from core.handlers.plan_tasks import apply_plan, foreign_milestone
from core.handlers.plan_warn import milestone_reached, warn_projects
from core.model import Task
from core.plan_ports import PlanRepository, plans_of


def _reached_once(h: HandlerContext, plans: PlanRepository, closed: Sequence[Task]) -> None:
    facts = plans.facts([t.id for t in closed])
    last: dict[int, Task] = {}
    for t in sorted(closed, key=lambda t: t.number):
        f = facts.get(t.id)
        if f is not None and f.milestone_id is not None:
            last[f.milestone_id] = t
    for task in last.values():
        milestone_reached(h, task)


def after_bulk(h: HandlerContext, before: Sequence[Task], *, closes: bool, moved: bool
               ) -> str:
    """`before`: the changed tasks as they were. Returns the summary's extra line ("" when
    nothing new is at risk, or the store has no project layer)."""
    plans = plans_of(h.uow)
    if plans is None or not before:
        return ""
    after = list(h.uow.tasks.get_many(h.tenant.id, [t.number for t in before]).values())
    if moved:
        for task in after:
            if foreign_milestone(h, task):
                apply_plan(h, task, "none", None)
    if closes:
        _reached_once(h, plans, after)
    project_ids = dict.fromkeys(t.project_id for t in [*after, *before]
                                if t.project_id is not None)
    return warn_projects(h, [h.views.project(i) for i in project_ids], after,
                         earlier_only=closes)
