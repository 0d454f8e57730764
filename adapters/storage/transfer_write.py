"""The import side of `taskbot import` on SQL: a validated document (core.transfer) written
into one workspace in ONE transaction (all or nothing).

- people are matched by platform user id, projects by name; missing ones are created;
- a task whose id is already in the workspace (imported before, or exported from here) is
  left alone: importing the same file twice adds nothing;
- a task keeps its number when the workspace has it free, else gets the next one; its
  dependencies, history and recurring rule follow it, and its project-layer facts
  (`transfer_plan`); it is indexed for search like a task made in chat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import DEPS, HISTORY, MEMBERS, PROJECTS, TASKS, TENANTS
from adapters.storage.repositories import SqlTenantRepository
from adapters.storage.schedule_tables import SERIES
from adapters.storage.search_tables import index_comment, index_task
from adapters.storage.tasks import _values
from adapters.storage.transfer_plan import PlanImport
from adapters.storage.transfer_read import pairs
from core.model import Task, TenantKey
from core.transfer.document import Document, TaskDoc
from core.transfer.export import EXTERNAL_ID


@dataclass(frozen=True)
class ImportReport:
    imported: int
    already_there: int
    renumbered: int
    members_added: int
    projects_added: int


class SqlImporter:
    def __init__(self, session: Session, key: TenantKey, default_tz: str = "UTC") -> None:
        self.session = session
        self.key = key
        self.tenant = SqlTenantRepository(session).get_or_create(key, lock=True,
                                                                 default_tz=default_tz)

    def _members(self, doc: Document) -> tuple[dict[str, int], int]:
        tid = self.tenant.id
        known = pairs(self.session, select(MEMBERS.c.user_id, MEMBERS.c.id)
                      .where(MEMBERS.c.tenant_id == tid))
        new = [m for m in doc.members if m.user_id not in known]
        for m in new:
            known[m.user_id] = self.session.execute(insert(MEMBERS).values(
                tenant_id=tid, user_id=m.user_id, display_name=m.display_name,
                name_key=m.display_name.casefold(), tz=m.tz, role=m.role.value,
                dm_unreachable=False).returning(MEMBERS.c.id)).scalar_one()
        return known, len(new)

    def _projects(self, doc: Document, people: dict[str, int]) -> tuple[dict[str, int], int]:
        tid = self.tenant.id
        known = pairs(self.session, select(PROJECTS.c.name_key, PROJECTS.c.id)
                      .where(PROJECTS.c.tenant_id == tid))
        added = 0
        for p in doc.projects:
            if p.name.casefold() in known:
                continue
            known[p.name.casefold()] = self.session.execute(insert(PROJECTS).values(
                tenant_id=tid, name=p.name, name_key=p.name.casefold(),
                owner_id=people.get(p.owner) if p.owner else None, channel_id=p.channel_id,
                archived=p.archived, created_at=p.created_at).returning(PROJECTS.c.id)
            ).scalar_one()
            added += 1
        return known, added

    def _existing(self) -> tuple[dict[str, tuple[int, int]], set[int]]:
        """Task ids (external, and `<platform>:<workspace>:<n>` for tasks made here) ->
        (db id, number); and the numbers in use."""
        by_id: dict[str, tuple[int, int]] = {}
        numbers: set[int] = set()
        prefix = f"{self.key.platform}:{self.key.workspace_id}:"
        rows = self.session.execute(select(TASKS.c.id, TASKS.c.number, TASKS.c.extra)
                                    .where(TASKS.c.tenant_id == self.tenant.id))
        for row_id, number, extra in rows:
            numbers.add(number)
            given = (extra or {}).get(EXTERNAL_ID)
            by_id[given if isinstance(given, str) and given else f"{prefix}{number}"] = (
                row_id, number)
        return by_id, numbers

    def _row(self, t: TaskDoc, number: int, people: dict[str, int],
             projects: dict[str, int]) -> dict[str, Any]:
        task = Task(id=0, tenant_id=self.tenant.id, number=number, title=t.title,
                    creator_id=people[t.creator], created_at=t.created_at, status=t.status,
                    priority=t.priority, description=t.description,
                    assignee_id=people[t.assignee] if t.assignee else None,
                    project_id=projects[t.project.casefold()] if t.project else None,
                    due_at=t.due_at, started_at=t.started_at, done_at=t.done_at,
                    source_link=t.source_link, channel_id=t.channel_id,
                    extra={**t.extra, EXTERNAL_ID: t.id})
        return {**_values(task), "tenant_id": self.tenant.id, "number": number,
                "open_blocker_count": 0,
                "updated_at": max([t.created_at, *(h.at for h in t.history)])}

    def run(self, doc: Document) -> ImportReport:
        people, members_added = self._members(doc)
        projects, projects_added = self._projects(doc, people)
        existing, used = self._existing()
        fresh = [t for t in doc.tasks if t.id not in existing]
        # numbers: kept when free, else the next after everything in use
        top = max([*used, *(t.number for t in doc.tasks)], default=0)
        numbers: dict[int, int] = {}
        for t in fresh:
            if t.number in used:
                top += 1
                numbers[t.number] = top
            else:
                numbers[t.number] = t.number
            used.add(numbers[t.number])
        ids = {t.number: existing[t.id][0] for t in doc.tasks if t.id in existing}
        if fresh:
            rows = [self._row(t, numbers[t.number], people, projects) for t in fresh]
            new_ids = self.session.execute(insert(TASKS).returning(TASKS.c.id, TASKS.c.number,
                                                                   sort_by_parameter_order=True),
                                           rows).all()
            for t, (row_id, _) in zip(fresh, new_ids, strict=True):
                ids[t.number] = row_id
        self._links(doc, fresh, ids)
        self._index(fresh, ids)
        in_workspace = {t.number: existing[t.id][1] for t in doc.tasks if t.id in existing}
        PlanImport(self.session, self.tenant.id, people, projects).run(
            doc, {t.number for t in fresh}, ids, {**in_workspace, **numbers})
        self._bump(max(used, default=0))
        return ImportReport(imported=len(fresh), already_there=len(doc.tasks) - len(fresh),
                            renumbered=sum(1 for k, v in numbers.items() if k != v),
                            members_added=members_added, projects_added=projects_added)

    def _links(self, doc: Document, fresh: list[TaskDoc], ids: dict[int, int]) -> None:
        people = pairs(self.session, select(MEMBERS.c.user_id, MEMBERS.c.id).where(
            MEMBERS.c.tenant_id == self.tenant.id))
        status = {t.number: t.status for t in doc.tasks}
        history, edges = [], []
        for t in fresh:
            history += [{"task_id": ids[t.number], "actor_id": people.get(h.actor or ""),
                         "at": h.at, "kind": h.kind, "text": h.text} for h in t.history]
            edges += [{"blocker_id": ids[n], "blocked_id": ids[t.number],
                       "tenant_id": self.tenant.id} for n in t.after]
            open_blockers = sum(1 for n in t.after if status[n].is_active)
            if open_blockers:
                self.session.execute(update(TASKS).where(TASKS.c.id == ids[t.number])
                                     .values(open_blocker_count=open_blockers))
        if history:
            self.session.execute(insert(HISTORY), history)
        if edges:
            self.session.execute(insert(DEPS), edges)
        fresh_numbers = {t.number for t in fresh}
        taken = set(self.session.execute(select(SERIES.c.origin_task_id).where(
            SERIES.c.tenant_id == self.tenant.id)).scalars())
        for s in doc.recurring:
            origin = ids.get(s.origin, ids[s.current])
            if s.current not in fresh_numbers or origin in taken:
                continue
            self.session.execute(insert(SERIES).values(
                tenant_id=self.tenant.id, origin_task_id=origin,
                current_task_id=ids[s.current], rule=s.rule, tz=s.tz,
                occurrence_at=s.occurrence_at, next_at=s.next_at, anchor_at=s.anchor_at))

    def _index(self, fresh: list[TaskDoc], ids: dict[int, int]) -> None:
        """The added tasks in the full-text index (title, description, comments), as the
        repositories keep them for tasks made in chat."""
        for t in fresh:
            task_id = ids[t.number]
            index_task(self.session, task_id, t.title, t.description, fresh=True)
            for h in t.history:
                if h.kind == "comment":
                    index_comment(self.session, task_id, h.text)

    def _bump(self, top: int) -> None:
        """The workspace's next task number comes after every imported one."""
        self.session.execute(update(TENANTS).where(TENANTS.c.id == self.tenant.id).values(
            next_task_number=func.max(TENANTS.c.next_task_number, top)
            if self.session.get_bind().dialect.name == "sqlite"
            else func.greatest(TENANTS.c.next_task_number, top)))


