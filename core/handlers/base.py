"""What every handler gets: the unit of work, the actor, the clock reading, and the lookups
and rules shared by all commands (finding tasks, people, projects; permissions; history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from core.commands import Context, UserRef
from core.errors import NotFound, PermissionDenied, UserError
from core.handlers.views import ViewBuilder
from core.model import Member, Project, Role, Task, Tenant, TenantKey
from core.notifications import Notification
from core.ports import HistoryRecord, UnitOfWork

RESERVED_NAMES = frozenset({"everyone", "here", "channel"})


@dataclass
class HandlerContext:
    uow: UnitOfWork
    ctx: Context
    now: dt.datetime
    tenant: Tenant
    actor: Member
    tz: str
    notes: list[Notification] = field(default_factory=list)

    @classmethod
    def open(cls, uow: UnitOfWork, ctx: Context, now: dt.datetime,
             default_tz: str, lock: bool = True) -> HandlerContext:
        """Resolve the tenant and the acting member, creating them on first contact
        (never with `ctx.members_only`: then only an existing member may act).
        The first member of a workspace becomes its admin. `lock`: the command writes, so it
        takes the workspace's write lock (see `TenantRepository.get_or_create`)."""
        tenant = uow.tenants.get_or_create(TenantKey(ctx.platform, ctx.workspace_id), lock,
                                           default_tz)
        actor = uow.members.get(tenant.id, ctx.user_id)
        name = ctx.display_name or ctx.user_id
        if actor is None and ctx.members_only:
            raise PermissionDenied(
                "You're not a member of that server's taskbot workspace, so this can't act "
                "there. Use taskbot in the server first.")
        if actor is None:
            role = Role.ADMIN if uow.members.count(tenant.id) == 0 else Role.MEMBER
            actor = uow.members.add(tenant.id, ctx.user_id, name, role)
        elif ctx.display_name and actor.display_name != ctx.display_name:
            actor.display_name = ctx.display_name
            uow.members.update(actor)
        if actor.tz is None and ctx.platform_tz:
            # Remember the zone the platform reports, so the scheduler (which has no request
            # to read it from) keeps this person's hours too; `/task tz` overrides it.
            actor.tz = ctx.platform_tz
            uow.members.update(actor)
        tz = actor.tz or ctx.platform_tz or tenant.default_tz
        return cls(uow=uow, ctx=ctx, now=now, tenant=tenant, actor=actor, tz=tz)

    @cached_property
    def views(self) -> ViewBuilder:
        """One view builder per command: people and projects are loaded once, however many
        cards and notifications the command produces."""
        return ViewBuilder(self.uow)

    # -- lookups -------------------------------------------------------------------------
    def task(self, number: int) -> Task:
        task = self.uow.tasks.get(self.tenant.id, number)
        if task is None:
            raise NotFound(f"There is no task #{number} here. `/task list all` shows the "
                           "open ones.")
        return task

    def tasks(self, numbers: Sequence[int]) -> list[Task]:
        """Several tasks by number, in the order given; any missing one is an error."""
        found = self.uow.tasks.get_many(self.tenant.id, list(dict.fromkeys(numbers)))
        missing = [n for n in numbers if n not in found]
        if missing:
            listed = ", ".join(f"#{n}" for n in missing)
            raise NotFound(f"There is no task {listed} here.")
        return [found[n] for n in numbers]

    def member(self, ref: UserRef) -> Member:
        found: Member | None = None
        if ref.name and ref.name.lower() in ("me", "myself") and not ref.user_id:
            return self.actor
        if ref.user_id:
            found = self.uow.members.get(self.tenant.id, ref.user_id)
            if found is None:
                found = self.uow.members.add(self.tenant.id, ref.user_id,
                                             ref.name or ref.user_id)
            elif ref.name and found.display_name == found.user_id:
                found.display_name = ref.name  # first time we learn their name
                self.uow.members.update(found)
        elif ref.name:
            found = self.uow.members.by_name(self.tenant.id, ref.name)
            if found is None and self.ctx.names_are_ids:
                if ref.name.lower() in RESERVED_NAMES:
                    raise UserError(f"@{ref.name} is not a person: name one like @ana.")
                found = self.uow.members.get(self.tenant.id, ref.name.lower()) or \
                    self.uow.members.add(self.tenant.id, ref.name.lower(), ref.name)
        if found is None:
            raise NotFound(f"I don't know {ref.label} in this workspace yet: they need to "
                           "use the bot once, or mention them with the platform's @-picker.")
        return found

    def project(self, name: str) -> Project:
        project = self.uow.projects.by_name(self.tenant.id, name.strip())
        if project is None:
            raise NotFound(f"There is no project “{name}”. `/project list` shows them; "
                           f"`/project new {name}` creates it.")
        return project

    def open_project(self, name: str) -> Project:
        project = self.project(name)
        if project.archived:
            raise UserError(f"Project “{project.name}” is archived; new work can't go in it. "
                            f"/project unarchive {project.name} brings it back.")
        return project

    # -- rules ---------------------------------------------------------------------------
    def may_edit(self, task: Task) -> bool:
        """Creator, assignee, project owner, managers and admins may change a task."""
        actor = self.actor
        if actor.is_manager or actor.id in (task.creator_id, task.assignee_id):
            return True
        project = self.views.project(task.project_id)
        return project is not None and project.owner_id == actor.id

    def require_edit(self, task: Task, verb: str) -> None:
        if not self.may_edit(task):
            raise PermissionDenied(
                f"You can't {verb} {task.ref}: only its creator, its assignee, the project "
                f"owner, managers and admins can. Try `/task comment {task.ref} ...` to ask "
                "them.")

    # -- side effects --------------------------------------------------------------------
    def record(self, task: Task, kind: str, text: str,
               detail: dict[str, Any] | None = None) -> None:
        """A history row; `detail` carries the change as values for reports."""
        self.uow.history.add(HistoryRecord(task_id=task.id, actor_id=self.actor.id,
                                           at=self.now, kind=kind, text=text, detail=detail))

    def notify(self, note: Notification) -> None:
        self.notes.append(note)

    def flush_notifications(self) -> None:
        """Write queued notifications to the outbox, in this unit of work's transaction."""
        for note in self.notes:
            self.uow.outbox.add(note, self.now)
        self.notes.clear()
