"""`/task every #N <rule>|off`: see, set, change or stop a task's repeat rule.

A task created with `every:` (or given a rule here) starts a series at the next tick; a
series' rule can be changed from any of its occurrences; `off` ends the series (the open
occurrences stay, no new one comes) and removes the rule from the task, so a series that
has not started yet never does."""

from __future__ import annotations

from core.errors import UserError
from core.handlers.base import HandlerContext
from core.handlers.tasks import changed
from core.model import Task
from core.results import Result
from core.scheduling.commands import SetEvery
from core.scheduling.model import Series
from core.scheduling.ports import ScheduleUnitOfWork
from core.scheduling.recurrence import first_occurrence, parse_rule


def _series(uow: ScheduleUnitOfWork, task: Task) -> Series | None:
    sid = task.extra.get("series_id")
    if isinstance(sid, int) and not isinstance(sid, bool):
        return uow.series.get_series(sid)
    return uow.series.series_of_task(task.id)


def _set_rule(h: HandlerContext, task: Task, rule: str | None) -> None:
    extra = {k: v for k, v in task.extra.items() if k != "every"}
    task.extra = extra if rule is None else {**extra, "every": rule}
    h.uow.tasks.update(task)


def set_every(h: HandlerContext, uow: ScheduleUnitOfWork, cmd: SetEvery) -> Result:
    task = h.task(cmd.number)
    h.require_edit(task, "change the repeat rule of")
    series = _series(uow, task)
    current = None
    if series is not None and series.current_task_id != task.id:
        current = h.uow.tasks.get_by_ids([series.current_task_id]).get(
            series.current_task_id)
    if cmd.rule is None:
        if "every" not in task.extra and (series is None or not series.active):
            raise UserError(f"{task.ref} doesn't repeat. `/task every {task.ref} weekly` "
                            "makes it.")
        if series is not None:
            uow.series.end_series(series.id)
        for t in (task, current):
            if t is not None and "every" in t.extra:
                _set_rule(h, t, None)
                h.record(t, "repeat", "stopped repeating")
        return changed(h, task, f"{task.ref} no longer repeats: no new occurrence will "
                                f"come. `/task every {task.ref} <rule>` starts it again.")
    rule = parse_rule(cmd.rule)
    if series is not None:
        uow.series.set_series_rule(series.id, rule.text)
    elif task.due_at is None and task.status.is_active:
        task.due_at = first_occurrence(rule, h.now, h.tz)
    for t in (task, current):
        if t is not None:
            _set_rule(h, t, rule.text)
            h.record(t, "repeat", f"set to repeat {rule.text}")
    nxt = current.ref if current is not None and current.status.is_active else None
    tail = (f" {nxt} is the open occurrence." if nxt else
            " The next one comes when this one is done, dropped or due.")
    return changed(h, task, f"{task.ref} repeats {rule.text}.{tail}")
