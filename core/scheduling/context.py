"""What one piece of scheduled work sees: the unit of work (with the scheduler's
repositories), the tick's instant, and cached lookups of tenants, people and their
preferences. Also the one place notifications of the scheduler are built."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.handlers.views import ViewBuilder
from core.model import Member, Project, Task, Tenant
from core.notifications import Kind, Notification
from core.scheduling.model import DEFAULT_ESCALATE_AFTER, Prefs, TaskAlert
from core.scheduling.ports import ScheduleUnitOfWork


@dataclass
class TickContext:
    """Lookups are cached for the life of the context (one transaction, one batch of due
    items), and `prefetch` loads a whole batch's tasks and people in a few queries."""

    uow: ScheduleUnitOfWork
    now: dt.datetime
    default_tz: str = "UTC"
    _tenants: dict[int, Tenant | None] = field(default_factory=dict)
    _members: dict[int, Member | None] = field(default_factory=dict)
    _prefs: dict[int, Prefs] = field(default_factory=dict)
    _tasks: dict[int, Task | None] = field(default_factory=dict)
    _projects: dict[int, Project | None] = field(default_factory=dict)
    _views: ViewBuilder | None = None
    _escalate: dict[int, int] = field(default_factory=dict)
    _alerts: dict[int, TaskAlert | None] = field(default_factory=dict)

    def tenant(self, tenant_id: int) -> Tenant | None:
        if tenant_id not in self._tenants:
            self._tenants[tenant_id] = self.uow.people.tenant(tenant_id)
        return self._tenants[tenant_id]

    def prefetch(self, task_ids: Iterable[int] = (), member_ids: Iterable[int] = ()) -> None:
        """Load these tasks, their people and everyone's preferences in a few queries."""
        wanted = [i for i in set(task_ids) if i not in self._tasks]
        if wanted:
            found = self.uow.tasks.get_by_ids(wanted)
            self._tasks.update({i: found.get(i) for i in wanted})
        people = set(member_ids)
        for t in self._tasks.values():
            if t is not None:
                people.update(i for i in (t.assignee_id, t.creator_id) if i is not None)
        missing = [i for i in people if i not in self._members]
        if missing:
            found_m = self.uow.members.get_many(missing)
            self._members.update({i: found_m.get(i) for i in missing})
        by_tenant: dict[int, list[int]] = {}
        for m in self._members.values():
            if m is not None and m.id not in self._prefs:
                by_tenant.setdefault(m.tenant_id, []).append(m.id)
        for tenant_id, ids in by_tenant.items():
            stored = self.uow.people.prefs_of(tenant_id, ids)
            for i in ids:
                self._prefs[i] = stored.get(i) or Prefs(member_id=i, tenant_id=tenant_id)

    def prefetch_alerts(self, task_ids: Iterable[int]) -> None:
        """Load these tasks' alert rows in one query, for one `alert_of` each."""
        ids = list(set(task_ids))
        found = self.uow.alerts.alerts_of(ids)
        self._alerts.update({i: found.get(i) for i in ids})

    def alert_of(self, task_id: int) -> TaskAlert | None:
        """The task's alert row: prefetched (once: it may be saved or deleted after), or
        read now."""
        if task_id in self._alerts:
            return self._alerts.pop(task_id)
        return self.uow.alerts.alert_of(task_id)

    def task(self, task_id: int) -> Task | None:
        if task_id not in self._tasks:
            self._tasks[task_id] = self.uow.tasks.get_by_ids([task_id]).get(task_id)
        return self._tasks[task_id]

    def member(self, member_id: int | None) -> Member | None:
        if member_id is None:
            return None
        if member_id not in self._members:
            self._members[member_id] = self.uow.members.get_many([member_id]).get(member_id)
        return self._members[member_id]

    def project(self, project_id: int | None) -> Project | None:
        if project_id is None:
            return None
        if project_id not in self._projects:
            self._projects[project_id] = self.uow.projects.get_many([project_id]).get(
                project_id)
        return self._projects[project_id]

    def prefs(self, member: Member) -> Prefs:
        if member.id not in self._prefs:
            found = self.uow.people.prefs_of(member.tenant_id, [member.id]).get(member.id)
            self._prefs[member.id] = found or Prefs(member_id=member.id,
                                                    tenant_id=member.tenant_id)
        return self._prefs[member.id]

    def escalate_after(self, project_id: int) -> int:
        if project_id not in self._escalate:
            self._escalate[project_id] = self.uow.alerts.escalate_after([project_id]).get(
                project_id, DEFAULT_ESCALATE_AFTER)
        return self._escalate[project_id]

    @property
    def views(self) -> ViewBuilder:
        if self._views is None:
            self._views = ViewBuilder(self.uow)
        return self._views

    def tz_of(self, member: Member | None, tenant: Tenant | None = None) -> str:
        if member is not None and member.tz:
            return member.tz
        return tenant.default_tz if tenant is not None and tenant.default_tz else self.default_tz

    def recipient(self, task: Task) -> Member | None:
        """Who is told about a task: its assignee, or its creator when unassigned."""
        return self.member(task.assignee_id if task.assignee_id is not None else task.creator_id)

    def fallback_channel(self, task: Task) -> str | None:
        project = self.project(task.project_id)
        if project is not None and project.channel_id:
            return project.channel_id
        return task.channel_id

    def dm(self, kind: Kind, tenant: Tenant, to: Member, text: str, key: str, *,
           task: Task | None = None, not_before: dt.datetime | None = None,
           **extra: Any) -> Notification:
        view = self.views.task(task, self.now) if task is not None else None
        return Notification(
            kind=kind, platform=tenant.key.platform, workspace_id=tenant.key.workspace_id,
            user_id=to.user_id, text=text, task=view, extra=dict(extra),
            fallback_channel_id=self.fallback_channel(task) if task is not None else None,
            dedupe_key=f"{tenant.key.platform}:{tenant.key.workspace_id}:{key}",
            not_before=not_before if not_before and not_before > self.now else None,
            tz=self.tz_of(to, tenant))

    def queue(self, note: Notification) -> bool:
        return self.uow.outbox.add(note, self.now)
