"""The export side of `taskbot export` on SQL: one workspace's members, projects, tasks in
number order (keyset batches: one batch in memory however big the workspace) with their
history and blockers, and its recurring series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, aliased

from adapters.storage._sql import DEPS, HISTORY, MEMBERS, PROJECTS, TASKS, TENANTS
from adapters.storage.orm import ACTIVE_SQL
from adapters.storage.schedule_tables import SERIES
from adapters.storage.tasks import _task
from adapters.storage.transfer_plan import plan_export, task_plans
from core.model import Member, Project, Role, TenantKey
from core.ports import HistoryRecord
from core.transfer.ports import PlanExport, SeriesRecord, TaskRecord


def pairs(session: Session, stmt: Any) -> dict[Any, Any]:
    """A two-column query as a dict (first column -> second)."""
    return {k: v for k, v in session.execute(stmt)}


def tenants(session: Session) -> list[TenantKey]:
    rows = session.execute(select(TENANTS.c.platform, TENANTS.c.workspace_id)
                           .order_by(TENANTS.c.id))
    return [TenantKey(r.platform, r.workspace_id) for r in rows]


def _members(session: Session, tenant_id: int) -> dict[int, Member]:
    rows = session.execute(select(MEMBERS).where(MEMBERS.c.tenant_id == tenant_id)).mappings()
    return {r["id"]: Member(id=r["id"], tenant_id=r["tenant_id"], user_id=r["user_id"],
                            display_name=r["display_name"], tz=r["tz"], role=Role(r["role"]))
            for r in rows}


def _projects(session: Session, tenant_id: int) -> dict[int, Project]:
    rows = session.execute(select(PROJECTS).where(PROJECTS.c.tenant_id == tenant_id)).mappings()
    return {r["id"]: Project(id=r["id"], tenant_id=r["tenant_id"], name=r["name"],
                             owner_id=r["owner_id"], channel_id=r["channel_id"],
                             archived=r["archived"]) for r in rows}


class SqlExportSource:
    def __init__(self, session: Session, key: TenantKey) -> None:
        row = session.execute(select(TENANTS.c.id, TENANTS.c.default_tz).where(
            TENANTS.c.platform == key.platform, TENANTS.c.workspace_id == key.workspace_id)
        ).first()
        if row is None:
            raise LookupError(f"there is no workspace {key.platform}:{key.workspace_id}")
        self.session = session
        self.tenant_id = int(row.id)
        self.platform, self.workspace_id = key.platform, key.workspace_id
        self.default_tz = str(row.default_tz or "UTC")

    def members(self) -> list[Member]:
        return list(_members(self.session, self.tenant_id).values())

    def projects(self) -> list[Project]:
        found = _projects(self.session, self.tenant_id)
        created = pairs(self.session, select(PROJECTS.c.id, PROJECTS.c.created_at)
                        .where(PROJECTS.c.tenant_id == self.tenant_id))
        for project in found.values():
            project.created_at = created.get(project.id)
        return list(found.values())

    def task_batches(self, size: int, active_only: bool = False
                     ) -> Iterator[list[TaskRecord]]:
        last = 0
        while True:
            stmt = (select(TASKS).where(TASKS.c.tenant_id == self.tenant_id,
                                        TASKS.c.number > last)
                    .order_by(TASKS.c.number).limit(size))
            if active_only:
                stmt = stmt.where(text(ACTIVE_SQL))
            tasks = [_task(r) for r in self.session.execute(stmt).mappings()]
            if not tasks:
                return
            last = tasks[-1].number
            yield self._records(tasks)

    def _records(self, tasks: list) -> list[TaskRecord]:  # type: ignore[type-arg]
        ids = [t.id for t in tasks]
        history: dict[int, list[HistoryRecord]] = defaultdict(list)
        for r in self.session.execute(select(HISTORY).where(HISTORY.c.task_id.in_(ids))
                                      .order_by(HISTORY.c.task_id, HISTORY.c.id)).mappings():
            history[r["task_id"]].append(HistoryRecord(task_id=r["task_id"],
                                                       actor_id=r["actor_id"], at=r["at"],
                                                       kind=r["kind"], text=r["text"]))
        blocker = aliased(TASKS)
        blockers: dict[int, list[int]] = defaultdict(list)
        rows = self.session.execute(
            select(DEPS.c.blocked_id, blocker.c.number)
            .join(blocker, blocker.c.id == DEPS.c.blocker_id)
            .where(DEPS.c.blocked_id.in_(ids)))
        for blocked_id, number in rows:
            blockers[blocked_id].append(number)
        plans = task_plans(self.session, ids)
        return [TaskRecord(task=t, history=history[t.id], blockers=blockers[t.id],
                           milestone=plans[t.id][0] if t.id in plans else None,
                           estimate=plans[t.id][1] if t.id in plans else None,
                           time_logs=plans[t.id][2] if t.id in plans else [])
                for t in tasks]

    def plan(self) -> PlanExport:
        return plan_export(self.session, self.tenant_id)

    def series(self) -> list[SeriesRecord]:
        rows = self.session.execute(select(SERIES).where(SERIES.c.tenant_id == self.tenant_id)
                                    ).mappings().all()
        ids = {r["origin_task_id"] for r in rows} | {r["current_task_id"] for r in rows}
        numbers = pairs(self.session, select(TASKS.c.id, TASKS.c.number)
                        .where(TASKS.c.id.in_(list(ids)))) if ids else {}
        return [SeriesRecord(origin=numbers.get(r["origin_task_id"]),
                             current=numbers[r["current_task_id"]], rule=r["rule"], tz=r["tz"],
                             occurrence_at=r["occurrence_at"], next_at=r["next_at"],
                             anchor_at=r["anchor_at"])
                for r in rows if r["current_task_id"] in numbers]
