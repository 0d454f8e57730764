"""Recurring tasks: the next occurrence is created exactly once, when the current one is
done (or when its time comes and it is still open), claimed by a conditional update on the
series' `occurrence_at`. Dropping an occurrence drops that one only: the series goes on
until `/task every #N off` ends it (`core.scheduling.every`)."""

from __future__ import annotations

import logging

from core.errors import UserError
from core.history_detail import created_detail, due_detail
from core.model import Task
from core.ports import HistoryRecord
from core.scheduling.context import TickContext
from core.scheduling.model import Series
from core.scheduling.recurrence import first_occurrence, parse_rule

log = logging.getLogger(__name__)


def start(tc: TickContext, task: Task) -> None:
    """Begin a series for a task created with `every:` (once: the task's own history feeds
    this again, and its `series_id` or an existing series stops a second start).

    A task already done or dropped when the tick first reads it still starts its series
    (the caller then advances it at once): closing one occurrence never ends the
    repetition; `/task every #N off` does (it removes the rule, so nothing starts)."""
    rule_text = task.extra.get("every")
    if not isinstance(rule_text, str) or "series_id" in task.extra:
        return
    if tc.uow.series.series_started(task.id):
        return
    try:
        rule = parse_rule(rule_text)
    except UserError:
        log.info("task %s has an unreadable repeat rule %r", task.id, rule_text)
        return
    tz = tc.tz_of(tc.member(task.creator_id), tc.tenant(task.tenant_id))
    due = task.due_at or first_occurrence(rule, task.created_at, tz)
    started = tc.uow.series.add_series(Series(id=0, tenant_id=task.tenant_id, rule=rule.text,
                                            tz=tz, current_task_id=task.id,
                                            occurrence_at=due, anchor_at=due))
    if started is None:
        return
    task.extra = {**task.extra, "series_id": started.id}
    if task.due_at is None:
        task.due_at = due
        tc.uow.history.add(HistoryRecord(task.id, None, tc.now, "due",
                                         f"due set by its repeat rule ({rule.text})",
                                         due_detail(due)))
    tc.uow.tasks.update(task)


def advance(tc: TickContext, series: Series, current: Task | None) -> int:
    """Create the occurrence after `series.occurrence_at` (skipping ones already past);
    returns 1 when this call created it."""
    if current is None:  # deleted: nothing to repeat
        tc.uow.series.end_series(series.id)
        return 0
    try:
        rule = parse_rule(series.rule)
    except UserError:
        tc.uow.series.end_series(series.id)
        return 0
    nxt = rule.next_after(series.occurrence_at, series.tz, series.anchor_at)
    while nxt <= tc.now:
        nxt = rule.next_after(nxt, series.tz, series.anchor_at)
    if not tc.uow.series.claim_series(series.id, series.occurrence_at, current.id, nxt):
        return 0
    task = tc.uow.tasks.add(Task(
        id=0, tenant_id=current.tenant_id,
        number=tc.uow.tenants.next_task_number(current.tenant_id), title=current.title,
        creator_id=current.creator_id, created_at=tc.now, priority=current.priority,
        description=current.description, assignee_id=current.assignee_id,
        project_id=current.project_id, due_at=nxt, channel_id=current.channel_id,
        extra={"every": series.rule, "series_id": series.id}))
    tc.uow.series.set_series_task(series.id, task.id)
    tc.uow.history.add(HistoryRecord(task.id, None, tc.now, "created",
                                     f"created {task.ref} {task.title} (repeats "
                                     f"{series.rule}, after {current.ref})",
                                     created_detail(task)))
    return 1
