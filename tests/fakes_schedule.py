"""In-memory fakes of the scheduler's repositories that live on the unit of work
(`uow.reminders`, `uow.series`, `uow.digests`, `uow.people`, `uow.alerts`, `uow.feed`,
`uow.deliveries`), held to the same contract tests as SQL
(tests/integration/scheduling/test_sched_repo_contract.py). Rows are plain dicts in the
`FakeDB` (`db.reminders`, `db.series`), so the fake unit of work's copy-on-enter and
swap-on-commit cover them like every other table."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from core.model import Task, Tenant
from core.ports import OutboxItem, OutboxState
from core.scheduling.model import DigestSchedule, Prefs, Reminder, ReminderState, Series, TaskAlert
from core.scheduling.ports import DigestData

if TYPE_CHECKING:
    from core.scheduling.ports import (
        AlertRepository,
        DeliveryAdmin,
        DigestRepository,
        FeedRepository,
        PeopleRepository,
        ReminderRepository,
        SeriesRepository,
    )
    from tests.fakes import FakeDB

Row = dict[str, Any]


def _reminder(r: Row) -> Reminder:
    return Reminder(id=r["id"], tenant_id=r["tenant_id"], member_id=r["member_id"],
                    text=r["text"], due_at=r["next_at"] or r["due_at"], task_id=r["task_id"],
                    state=ReminderState(r["state"]), created_at=r["created_at"],
                    fire_count=r["fire_count"])


def _due(rows: dict[int, Row], now: dt.datetime, limit: int) -> list[Row]:
    due = [r for r in rows.values() if r["next_at"] is not None and r["next_at"] <= now]
    return sorted(due, key=lambda r: (r["next_at"], r["id"]))[:limit]


class FakeReminders:
    def __init__(self, db: FakeDB) -> None:
        self.rows: dict[int, Row] = db.reminders
        self.db = db

    def add_reminder(self, reminder: Reminder) -> Reminder:
        reminder.id = self.db.next_id()
        self.rows[reminder.id] = {
            "id": reminder.id, "tenant_id": reminder.tenant_id,
            "member_id": reminder.member_id, "task_id": reminder.task_id,
            "text": reminder.text, "due_at": reminder.due_at, "next_at": reminder.due_at,
            "state": reminder.state.value, "fire_count": 0, "created_at": reminder.created_at}
        return reminder

    def get_reminder(self, tenant_id: int, reminder_id: int) -> Reminder | None:
        r = self.rows.get(reminder_id)
        return _reminder(r) if r is not None and r["tenant_id"] == tenant_id else None

    def due_reminders(self, now: dt.datetime, limit: int) -> list[Reminder]:
        return [_reminder(r) for r in _due(self.rows, now, limit)]

    def claim_reminder(self, reminder_id: int, expected: dt.datetime | None, fire_count: int,
                       state: str, next_at: dt.datetime | None) -> bool:
        r = self.rows.get(reminder_id)
        if r is None or (r["fire_count"] != fire_count if expected is None
                         else r["next_at"] != expected):
            return False
        r["state"], r["next_at"] = state, next_at
        if state == ReminderState.SENT.value:
            r["fire_count"] += 1
        return True

    def reminders_of(self, tenant_id: int, member_id: int, limit: int) -> list[Reminder]:
        mine = [r for r in self.rows.values()
                if r["tenant_id"] == tenant_id and r["member_id"] == member_id
                and r["state"] != ReminderState.DONE.value]
        mine.sort(key=lambda r: (r["next_at"] is None, r["next_at"] or dt.datetime.min,
                                 r["id"]))
        return [_reminder(r) for r in mine[:limit]]


def _series(r: Row) -> Series:
    return Series(id=r["id"], tenant_id=r["tenant_id"], rule=r["rule"], tz=r["tz"],
                  current_task_id=r["current_task_id"], occurrence_at=r["occurrence_at"],
                  active=r["next_at"] is not None, anchor_at=r["anchor_at"])


class FakeSeries:
    def __init__(self, db: FakeDB) -> None:
        self.rows: dict[int, Row] = db.series
        self.db = db

    def series_of_task(self, task_id: int) -> Series | None:
        found = [r for r in self.rows.values() if r["current_task_id"] == task_id]
        return _series(found[0]) if found else None

    def add_series(self, series: Series) -> Series | None:
        if self.series_started(series.current_task_id):
            return None
        series.id = self.db.next_id()
        self.rows[series.id] = {
            "id": series.id, "tenant_id": series.tenant_id,
            "origin_task_id": series.current_task_id, "rule": series.rule, "tz": series.tz,
            "current_task_id": series.current_task_id, "occurrence_at": series.occurrence_at,
            "next_at": series.occurrence_at,
            "anchor_at": series.anchor_at or series.occurrence_at}
        return series

    def series_started(self, origin_task_id: int) -> bool:
        return any(r["origin_task_id"] == origin_task_id for r in self.rows.values())

    def due_series(self, now: dt.datetime, limit: int) -> list[Series]:
        return [_series(r) for r in _due(self.rows, now, limit)]

    def claim_series(self, series_id: int, expected: dt.datetime, current_task_id: int,
                     occurrence_at: dt.datetime) -> bool:
        r = self.rows.get(series_id)
        if r is None or r["occurrence_at"] != expected:
            return False
        r.update(current_task_id=current_task_id, occurrence_at=occurrence_at,
                 next_at=occurrence_at)
        return True

    def set_series_task(self, series_id: int, task_id: int) -> None:
        if series_id in self.rows:
            self.rows[series_id]["current_task_id"] = task_id

    def end_series(self, series_id: int) -> None:
        if series_id in self.rows:
            self.rows[series_id]["next_at"] = None

    def get_series(self, series_id: int) -> Series | None:
        r = self.rows.get(series_id)
        return _series(r) if r is not None else None

    def set_series_rule(self, series_id: int, rule: str) -> None:
        r = self.rows.get(series_id)
        if r is not None:
            r.update(rule=rule, next_at=r["occurrence_at"])


if TYPE_CHECKING:  # mypy proves the fakes satisfy the core's ports
    def _conforms(db: FakeDB) -> tuple[ReminderRepository, SeriesRepository]:
        return FakeReminders(db), FakeSeries(db)


class FakeDigests:
    def __init__(self, db: FakeDB) -> None:
        self.rows: dict[int, DigestSchedule] = db.digests
        self.db = db

    def digest_for(self, tenant_id: int, channel_id: str) -> DigestSchedule | None:
        found = [d for d in self.rows.values()
                 if d.tenant_id == tenant_id and d.channel_id == channel_id]
        return copy.copy(found[0]) if found else None

    def save_digest(self, sched: DigestSchedule) -> DigestSchedule:
        existing = self.digest_for(sched.tenant_id, sched.channel_id)
        sched.id = existing.id if existing is not None else self.db.next_id()
        self.rows[sched.id] = replace(
            sched, days=tuple(sorted(set(sched.days))),
            at=sched.at.replace(second=0, microsecond=0),
            next_run_at=sched.next_run_at if sched.enabled else None)
        return sched

    def due_digests(self, now: dt.datetime, limit: int) -> list[DigestSchedule]:
        due = [d for d in self.rows.values() if d.next_run_at is not None
               and d.next_run_at <= now]
        due.sort(key=lambda d: (d.next_run_at, d.id))
        return [copy.copy(d) for d in due[:limit]]

    def claim_digest(self, digest_id: int, expected: dt.datetime,
                     next_run_at: dt.datetime, sent_at: dt.datetime | None) -> bool:
        d = self.rows.get(digest_id)
        if d is None or d.next_run_at != expected:
            return False
        d.next_run_at = next_run_at
        if sent_at is not None:
            d.last_sent_at = sent_at
        return True

    def digest_data(self, tenant_id: int, channel_id: str, since: dt.datetime | None,
                    now: dt.datetime) -> DigestData:
        homed = {p.id for p in self.db.projects.values()
                 if p.tenant_id == tenant_id and p.channel_id == channel_id}
        start = since or now - dt.timedelta(days=1)
        scoped = [t for t in self.db.tasks.values() if t.tenant_id == tenant_id
                  and (t.channel_id == channel_id or t.project_id in homed)]
        active = [copy.deepcopy(t) for t in scoped if t.status.is_active]
        finished = [copy.deepcopy(t) for t in scoped if not t.status.is_active
                    and t.done_at is not None and t.done_at > start]
        blockers: dict[int, list[Task]] = {}
        active_ids = {t.id for t in active}
        for blocker, blocked in sorted(self.db.edges):
            if blocked in active_ids and blocker in self.db.tasks:
                blockers.setdefault(blocked, []).append(copy.deepcopy(self.db.tasks[blocker]))
        return DigestData(active=active, finished=finished, blockers=blockers)


class FakePeople:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def tenant(self, tenant_id: int) -> Tenant | None:
        return next((copy.copy(t) for t in self.db.tenants.values() if t.id == tenant_id),
                    None)

    def prefs_of(self, tenant_id: int, member_ids: Sequence[int]) -> dict[int, Prefs]:
        wanted = set(member_ids)
        return {m: copy.copy(p) for m, p in self.db.prefs.items()
                if m in wanted and p.tenant_id == tenant_id}

    def save_prefs(self, prefs: Prefs) -> None:
        self.db.prefs[prefs.member_id] = replace(
            prefs, stored=True, work_days=tuple(sorted(set(prefs.work_days))),
            work_start=prefs.work_start.replace(second=0, microsecond=0),
            work_end=prefs.work_end.replace(second=0, microsecond=0))

    def release_held(self, tenant_id: int, member_id: int, user_id: str, platform: str,
                     workspace_id: str, held_at: dt.datetime, release_at: dt.datetime) -> int:
        moved = 0
        for r in self.db.reminders.values():
            if (r["tenant_id"] == tenant_id and r["member_id"] == member_id
                    and r["state"] == ReminderState.PENDING.value and r["next_at"] == held_at):
                r["next_at"] = release_at
                moved += 1
        for a in self.db.alerts.values():
            task = self.db.tasks.get(a.task_id)
            if (task is not None and a.next_at == held_at and a.tenant_id == tenant_id
                    and (task.assignee_id == member_id
                         or (task.assignee_id is None and task.creator_id == member_id))):
                a.next_at = release_at
                moved += 1
        for i, (note, due) in enumerate(zip(self.db.outbox, self.db.outbox_due, strict=False)):
            if (due == held_at and note.platform == platform
                    and note.workspace_id == workspace_id and note.user_id == user_id):
                self.db.outbox[i] = note.model_copy(update={"not_before": None})
                self.db.outbox_due[i] = release_at
                moved += 1
        return moved


class FakeAlerts:
    def __init__(self, db: FakeDB) -> None:
        self.rows: dict[int, TaskAlert] = db.alerts
        self.db = db

    def alert_of(self, task_id: int) -> TaskAlert | None:
        a = self.rows.get(task_id)
        return copy.copy(a) if a is not None else None

    def alerts_of(self, task_ids: Sequence[int]) -> dict[int, TaskAlert]:
        return {i: copy.copy(self.rows[i]) for i in set(task_ids) if i in self.rows}

    def save_alert(self, alert: TaskAlert) -> None:
        self.rows[alert.task_id] = copy.copy(alert)

    def delete_alert(self, task_id: int) -> None:
        self.rows.pop(task_id, None)

    def due_alerts(self, now: dt.datetime, limit: int) -> list[TaskAlert]:
        due = sorted((a for a in self.rows.values() if a.next_at <= now),
                     key=lambda a: (a.next_at, a.task_id))
        return [copy.copy(a) for a in due[:limit]]

    def claim_alert(self, task_id: int, expected: dt.datetime, alert: TaskAlert) -> bool:
        a = self.rows.get(task_id)
        if a is None or a.next_at != expected:
            return False
        self.rows[task_id] = replace(alert, task_id=task_id)
        return True

    def escalate_after(self, project_ids: Sequence[int]) -> dict[int, int]:
        return {p: self.db.escalations[p] for p in set(project_ids)
                if p in self.db.escalations}

    def set_escalate_after(self, project_id: int, days: int) -> None:
        self.db.escalations[project_id] = days


FEED_OVERLAP = 200  # as adapters.storage.schedule_feed (tests may not import adapters)


class FakeFeed:
    """History rows carry their ids in `db.history_ids`: increasing and never reused, so a
    deleted task's rows leave gaps, as in SQL."""

    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def changed_tasks(self, after_id: int, limit: int,
                      overlap: bool = True) -> tuple[list[int], int]:
        behind = FEED_OVERLAP if overlap else 0
        start = max(0, after_id - behind)
        rows = [(i, h) for i, h in zip(self.db.history_ids, self.db.history, strict=True)
                if i > start][:limit + behind]
        if not rows:
            return [], after_id
        return list(dict.fromkeys(h.task_id for _, h in rows)), max(after_id, rows[-1][0])

    def latest_history_id(self) -> int:
        return max(self.db.history_ids, default=0)

    def cursor(self, name: str) -> int:
        return self.db.cursors.setdefault(name, 0)

    def advance_cursor(self, name: str, expected: int, value: int) -> bool:
        if self.db.cursors.get(name) != expected:
            return False
        self.db.cursors[name] = value
        return True


class FakeDeliveryAdmin:
    """Outbox rows are `db.outbox` (ids are 1-based positions). The fakes never send, so
    every row is pending and there is nothing sent or dead to purge."""

    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def _mine(self, platform: str, workspace_id: str) -> list[OutboxItem]:
        return [OutboxItem(id=i, notification=n) for i, n in enumerate(self.db.outbox, 1)
                if n.platform == platform and n.workspace_id == workspace_id]

    def deliveries(self, platform: str, workspace_id: str, state: str | None,
                   limit: int) -> list[OutboxItem]:
        items = [i for i in self._mine(platform, workspace_id)
                 if state is None or i.state == OutboxState(state)]
        return items[::-1][:limit]

    def delivery_counts(self, platform: str, workspace_id: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self._mine(platform, workspace_id):
            counts[item.state.value] = counts.get(item.state.value, 0) + 1
        return counts

    def purge_outbox(self, before: dt.datetime, limit: int) -> int:
        return 0


if TYPE_CHECKING:  # mypy proves the fakes satisfy the core's ports
    def _conforms_rest(db: FakeDB) -> tuple[DigestRepository, PeopleRepository,
                                            AlertRepository, FeedRepository, DeliveryAdmin]:
        return FakeDigests(db), FakePeople(db), FakeAlerts(db), FakeFeed(db), \
            FakeDeliveryAdmin(db)
