"""What one piece of scheduled work sees: the unit of work, the schedule repository, the
tick's instant, and cached lookups of tenants, people and their preferences. Also the one
place notifications of the scheduler are built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.handlers.views import ViewBuilder
from core.model import Member, Task, Tenant
from core.notifications import Kind, Notification
from core.ports import UnitOfWork
from core.scheduling.model import Prefs
from core.scheduling.ports import ScheduleRepository


@dataclass
class TickContext:
    uow: UnitOfWork
    schedule: ScheduleRepository
    now: dt.datetime
    default_tz: str = "UTC"
    _tenants: dict[int, Tenant | None] = field(default_factory=dict)

    def tenant(self, tenant_id: int) -> Tenant | None:
        if tenant_id not in self._tenants:
            self._tenants[tenant_id] = self.schedule.tenant(tenant_id)
        return self._tenants[tenant_id]

    def member(self, member_id: int | None) -> Member | None:
        if member_id is None:
            return None
        return self.uow.members.get_many([member_id]).get(member_id)

    def prefs(self, member: Member) -> Prefs:
        found = self.schedule.prefs_of(member.tenant_id, [member.id]).get(member.id)
        return found or Prefs(member_id=member.id, tenant_id=member.tenant_id)

    def tz_of(self, member: Member | None, tenant: Tenant | None = None) -> str:
        if member is not None and member.tz:
            return member.tz
        return tenant.default_tz if tenant is not None and tenant.default_tz else self.default_tz

    def recipient(self, task: Task) -> Member | None:
        """Who is told about a task: its assignee, or its creator when unassigned."""
        return self.member(task.assignee_id if task.assignee_id is not None else task.creator_id)

    def fallback_channel(self, task: Task) -> str | None:
        if task.project_id is not None:
            project = self.uow.projects.get_many([task.project_id]).get(task.project_id)
            if project is not None and project.channel_id:
                return project.channel_id
        return task.channel_id

    def dm(self, kind: Kind, tenant: Tenant, to: Member, text: str, key: str, *,
           task: Task | None = None, not_before: dt.datetime | None = None,
           **extra: Any) -> Notification:
        view = ViewBuilder(self.uow).task(task, self.now) if task is not None else None
        return Notification(
            kind=kind, platform=tenant.key.platform, workspace_id=tenant.key.workspace_id,
            user_id=to.user_id, text=text, task=view, extra=dict(extra),
            fallback_channel_id=self.fallback_channel(task) if task is not None else None,
            dedupe_key=f"{tenant.key.platform}:{tenant.key.workspace_id}:{key}",
            not_before=not_before if not_before and not_before > self.now else None,
            tz=self.tz_of(to, tenant))

    def queue(self, note: Notification) -> bool:
        return self.uow.outbox.add(note, self.now)
