"""The tick's part of the project layer's warnings (`core.handlers.plan_warn` has the
checks):

- after tasks closed, is a milestone that was on record as at risk back on track? (A
  close does not forecast on the writer's time.) This runs inside the tick's pass over
  the task history, in the same transaction that advances the history cursor: one
  replica handles a stretch of history once, and a crash redoes it.
- the daily watch: a milestone's forecast also moves past its due date when time passes
  and the work does not get done, with no command to trigger the early warning. Once a
  (UTC) day, the first tick to claim the day's cursor forecasts each project with an
  open, dated milestone, one project a transaction, and tells the project's owner of a
  milestone newly forecast late (or back on track). Once per change: what was told is
  kept in the plan's alert keys, which the write-time warnings share; the notes go
  through the outbox, which keeps the owner's quiet hours. A crash (or a failed read of
  the project list) part-way leaves the rest of the day's projects to the next day."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable

from core.handlers.plan_load import TickScope
from core.handlers.plan_warn import recheck_milestones
from core.model import Status, Task
from core.plan_ports import plans_of
from core.scheduling.context import TickContext
from core.scheduling.ports import ScheduleUnitOfWorkFactory

log = logging.getLogger(__name__)

_CLOSED = (Status.DONE, Status.DROPPED)
WATCH_CURSOR = "plan_watch"
"""Holds the ordinal of the last UTC day whose milestone watch was claimed."""
WATCH_PAGE = 100
"""Project ids read per query of the daily watch."""


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


def watch(uow_factory: ScheduleUnitOfWorkFactory, now: dt.datetime,
          breathe: Callable[[float], None]) -> tuple[int, int]:
    """The daily watch (the caller claimed the day); returns (notes queued, projects that
    failed). A project that fails is logged, counted and skipped: one bad project never
    stops the rest."""
    after, queued, failed = 0, 0, 0
    while True:
        with uow_factory() as uow:
            plans = plans_of(uow)
            ids = plans.projects_with_open_milestones(after, WATCH_PAGE) if plans else []
            uow.commit()
        for project_id in ids:
            started = time.monotonic()
            try:
                queued += _watch_one(uow_factory, project_id, now)
            except Exception:
                failed += 1
                log.exception("milestone watch failed for project %s", project_id)
            breathe(started)
        if len(ids) < WATCH_PAGE:
            return queued, failed
        after = ids[-1]


def _watch_one(uow_factory: ScheduleUnitOfWorkFactory, project_id: int,
               now: dt.datetime) -> int:
    with uow_factory() as uow:
        tc = TickContext(uow=uow, now=now)
        project = uow.projects.get_many([project_id]).get(project_id)
        tenant = tc.tenant(project.tenant_id) if project is not None else None
        if project is None or tenant is None:
            return 0
        notes = recheck_milestones(TickScope(uow, tenant, now), project, watch=True)
        for note in notes:
            uow.outbox.add(note, now)
        uow.commit()
        return len(notes)
