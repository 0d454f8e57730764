"""Small builders for storage tests: a tenant with people and a project, and tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Member, Priority, Project, Status, Task, Tenant, TenantKey
from core.ports import UnitOfWork, UnitOfWorkFactory

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    tenant: Tenant
    ana: Member
    bob: Member
    project: Project


def make_world(uows: UnitOfWorkFactory, workspace: str = "T1",
               platform: str = "slack") -> World:
    with uows() as uow:
        tenant = uow.tenants.get_or_create(TenantKey(platform, workspace))
        ana = uow.members.add(tenant.id, "U1", "Ana")
        bob = uow.members.add(tenant.id, "U2", "Bob")
        project = uow.projects.add(tenant.id, "Launch", ana.id, "C1", T0)
        uow.commit()
    return World(tenant, ana, bob, project)


def add_task(uow: UnitOfWork, w: World, title: str = "a task", *,
             status: Status = Status.OPEN, priority: Priority = Priority.NORMAL,
             assignee: Member | None = None, project: Project | None = None,
             due_at: dt.datetime | None = None, done_at: dt.datetime | None = None) -> Task:
    number = uow.tenants.next_task_number(w.tenant.id)
    return uow.tasks.add(Task(
        id=0, tenant_id=w.tenant.id, number=number, title=title, creator_id=w.ana.id,
        created_at=T0, status=status, priority=priority,
        assignee_id=assignee.id if assignee else None,
        project_id=project.id if project else None, due_at=due_at,
        done_at=done_at if done_at or status.is_active else T0,
    ))
