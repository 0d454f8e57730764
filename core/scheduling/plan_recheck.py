"""The tick's part of the project layer's warnings: after tasks closed, is a milestone
that was on record as at risk back on track? (`core.handlers.plan_warn` explains why a
close does not forecast on the writer's time.)

Runs inside the tick's pass over the task history, in the same transaction that advances
the history cursor: one replica handles a stretch of history once, and a crash redoes it."""

from __future__ import annotations

from collections.abc import Iterable

from core.handlers.plan_load import TickScope
from core.handlers.plan_warn import recheck_milestones
from core.model import Status, Task
from core.scheduling.context import TickContext

_CLOSED = (Status.DONE, Status.DROPPED)


def after_closes(tc: TickContext, tasks: Iterable[Task | None]) -> int:
    """Recheck each project with a task closed among `tasks`; returns the notes queued."""
    closed = sorted({t.project_id for t in tasks
                     if t is not None and t.status in _CLOSED and t.project_id is not None})
    queued = 0
    for project in tc.uow.projects.get_many(closed).values() if closed else ():
        tenant = tc.tenant(project.tenant_id)
        if tenant is None:
            continue
        for note in recheck_milestones(TickScope(tc.uow, tenant, tc.now), project):
            tc.uow.outbox.add(note, tc.now)
            queued += 1
    return queued
