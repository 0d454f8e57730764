"""The task repository: tasks, their dependency edges and the project read models.

Every list reads a partial index in its own order (see `orm.py`): active lists are ordered
by (due_sort, priority_order, number), i.e. due first with undated last, then higher
priority, then older; done lists by (done_at, number) newest first. The status conditions
are literal SQL so SQLite can match them against the partial indexes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, and_, case, delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from adapters.storage._sql import DEPS, HISTORY, PROJECTS, TASKS, dialect_insert
from adapters.storage.orm import ACTIVE_SQL, BLOCKED_SQL, CLOSED_SQL, NO_DUE, PRIORITY_ORDER
from core.model import Priority, Status, Task
from core.ports import LoadRow, StatusCounts, TaskQuery

_ACTIVE = text(ACTIVE_SQL)
_CLOSED = text(CLOSED_SQL)
_BLOCKED = text(BLOCKED_SQL)
_OPEN_ORDER = (TASKS.c.due_sort, TASKS.c.priority_order, TASKS.c.number)


def _task(r: RowMapping) -> Task:
    return Task(
        id=r["id"], tenant_id=r["tenant_id"], number=r["number"], title=r["title"],
        creator_id=r["creator_id"], created_at=r["created_at"], status=Status(r["status"]),
        priority=Priority(r["priority"]), description=r["description"],
        assignee_id=r["assignee_id"], project_id=r["project_id"], due_at=r["due_at"],
        started_at=r["started_at"], done_at=r["done_at"],
        open_blocker_count=r["open_blocker_count"], source_link=r["source_link"],
        channel_id=r["channel_id"], extra=dict(r["extra"] or {}),
    )


def _values(task: Task) -> dict[str, Any]:
    """The columns `update` writes: everything but identity and `open_blocker_count`, which
    only `adjust_open_blockers` changes (a loaded task may hold a stale count)."""
    return {
        "title": task.title, "description": task.description, "status": task.status.value,
        "priority": task.priority.value, "priority_order": PRIORITY_ORDER[task.priority],
        "creator_id": task.creator_id, "assignee_id": task.assignee_id,
        "project_id": task.project_id, "created_at": task.created_at, "due_at": task.due_at,
        "due_sort": task.due_at or NO_DUE, "started_at": task.started_at,
        "done_at": task.done_at, "source_link": task.source_link,
        "channel_id": task.channel_id, "extra": dict(task.extra),
    }


def _tenant_of(project_id: int) -> Any:
    """The project's tenant as a scalar subquery (evaluated once): lets a query by project
    use the (tenant_id, project_id, ...) indexes."""
    return select(PROJECTS.c.tenant_id).where(PROJECTS.c.id == project_id).scalar_subquery()


class SqlTaskRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _tasks(self, stmt: Any) -> list[Task]:
        return [_task(r) for r in self.session.execute(stmt).mappings()]

    # -- tasks ---------------------------------------------------------------------------
    def get(self, tenant_id: int, number: int) -> Task | None:
        found = self._tasks(select(TASKS).where(TASKS.c.tenant_id == tenant_id,
                                                TASKS.c.number == number))
        return found[0] if found else None

    def get_many(self, tenant_id: int, numbers: Sequence[int]) -> dict[int, Task]:
        if not numbers:
            return {}
        found = self._tasks(select(TASKS).where(TASKS.c.tenant_id == tenant_id,
                                                TASKS.c.number.in_(set(numbers))))
        return {t.number: t for t in found}

    def get_by_ids(self, ids: Sequence[int]) -> dict[int, Task]:
        if not ids:
            return {}
        return {t.id: t for t in self._tasks(select(TASKS).where(TASKS.c.id.in_(set(ids))))}

    def add(self, task: Task) -> Task:
        values = _values(task) | {"tenant_id": task.tenant_id, "number": task.number,
                                  "open_blocker_count": task.open_blocker_count}
        task.id = self.session.execute(
            TASKS.insert().values(**values).returning(TASKS.c.id)).scalar_one()
        return task

    def update(self, task: Task) -> None:
        self.session.execute(update(TASKS).where(TASKS.c.id == task.id,
                                                 TASKS.c.tenant_id == task.tenant_id)
                             .values(**_values(task)))

    def delete(self, task: Task) -> None:
        """Edges and history go first, explicitly (correct even where foreign keys are not
        enforced), each scoped to the task's tenant."""
        mine = select(TASKS.c.id).where(TASKS.c.id == task.id,
                                        TASKS.c.tenant_id == task.tenant_id)
        self.session.execute(delete(DEPS).where(
            DEPS.c.tenant_id == task.tenant_id,
            or_(DEPS.c.blocker_id == task.id, DEPS.c.blocked_id == task.id)))
        self.session.execute(delete(HISTORY).where(HISTORY.c.task_id.in_(mine)))
        self.session.execute(delete(TASKS).where(TASKS.c.id == task.id,
                                                 TASKS.c.tenant_id == task.tenant_id))

    def query(self, q: TaskQuery) -> list[Task]:
        stmt = select(TASKS).where(TASKS.c.tenant_id == q.tenant_id)
        if q.assignee_id is not None:
            stmt = stmt.where(TASKS.c.assignee_id == q.assignee_id)
        if q.project_id is not None:
            stmt = stmt.where(TASKS.c.project_id == q.project_id)
        if q.state == "done":
            stmt = stmt.where(_CLOSED).order_by(TASKS.c.done_at.desc(), TASKS.c.number.desc())
        else:
            stmt = stmt.where(_ACTIVE)
            if q.state == "blocked":
                stmt = stmt.where(_BLOCKED)
            elif q.state == "overdue":
                now = q.now or dt.datetime.now(dt.UTC)
                stmt = stmt.where(TASKS.c.due_sort < now)
            stmt = stmt.order_by(*_OPEN_ORDER)
        return self._tasks(stmt.limit(q.limit).offset(q.offset))

    # -- dependency edges ------------------------------------------------------------------
    def blocker_ids(self, task_id: int) -> list[int]:
        return list(self.session.execute(
            select(DEPS.c.blocker_id).where(DEPS.c.blocked_id == task_id)
            .order_by(DEPS.c.blocker_id)).scalars())

    def dependent_ids(self, task_id: int) -> list[int]:
        return list(self.session.execute(
            select(DEPS.c.blocked_id).where(DEPS.c.blocker_id == task_id)
            .order_by(DEPS.c.blocked_id)).scalars())

    def blocker_ids_of_many(self, task_ids: Sequence[int]) -> dict[int, list[int]]:
        if not task_ids:
            return {}
        out: dict[int, list[int]] = {}
        rows = self.session.execute(
            select(DEPS.c.blocked_id, DEPS.c.blocker_id)
            .where(DEPS.c.blocked_id.in_(set(task_ids)))
            .order_by(DEPS.c.blocked_id, DEPS.c.blocker_id))
        for blocked, blocker in rows:
            out.setdefault(blocked, []).append(blocker)
        return out

    def add_edge(self, blocker_id: int, blocked_id: int) -> None:
        """Insert the edge (a repeat is a no-op). Both tasks must be in one tenant: the
        insert selects them together, so a cross-tenant edge inserts nothing and raises."""
        blocker, blocked = TASKS.alias("blocker"), TASKS.alias("blocked")
        source = (select(blocker.c.id, blocked.c.id, blocked.c.tenant_id)
                  .select_from(blocker.join(blocked, blocker.c.tenant_id == blocked.c.tenant_id))
                  .where(blocker.c.id == blocker_id, blocked.c.id == blocked_id))
        stmt = (dialect_insert(self.session, DEPS)
                .from_select(["blocker_id", "blocked_id", "tenant_id"], source)
                .on_conflict_do_nothing(index_elements=["blocker_id", "blocked_id"])
                .returning(DEPS.c.tenant_id))
        if self.session.execute(stmt).first() is None and blocked_id not in \
                self.dependent_ids(blocker_id):
            raise ValueError(f"no tasks {blocker_id} and {blocked_id} in one tenant")

    def remove_edge(self, blocker_id: int, blocked_id: int) -> bool:
        gone = self.session.execute(
            delete(DEPS).where(DEPS.c.blocker_id == blocker_id, DEPS.c.blocked_id == blocked_id)
            .returning(DEPS.c.blocked_id)).first()
        return gone is not None

    def adjust_open_blockers(self, task_ids: Sequence[int], delta: int) -> None:
        if not task_ids or not delta:
            return
        self.session.execute(
            update(TASKS).where(TASKS.c.id.in_(set(task_ids)))
            .values(open_blocker_count=TASKS.c.open_blocker_count + delta))

    # -- project read models ---------------------------------------------------------------
    def project_counts(self, project_id: int) -> StatusCounts:
        rows = self.session.execute(
            select(TASKS.c.status, func.count()).where(TASKS.c.project_id == project_id)
            .group_by(TASKS.c.status))
        by_status = {str(status): int(n) for status, n in rows}
        return StatusCounts(by_status=by_status, total=sum(by_status.values()))

    def project_load(self, project_id: int, now: dt.datetime) -> list[LoadRow]:
        """Per assignee (None: unassigned): active, in-progress and overdue counts, the
        busiest first."""
        def count_if(*cond: Any) -> Any:
            return func.sum(case((and_(*cond), 1), else_=0))

        rows = self.session.execute(
            select(TASKS.c.assignee_id, func.count(),
                   count_if(TASKS.c.status == Status.IN_PROGRESS.value),
                   count_if(TASKS.c.due_sort < now))
            .where(TASKS.c.project_id == project_id, _ACTIVE)
            .group_by(TASKS.c.assignee_id)).all()
        load = [LoadRow(a, int(n), int(ip or 0), int(od or 0)) for a, n, ip, od in rows]
        load.sort(key=lambda r: (-r.open_count, r.assignee_id is None, r.assignee_id or 0))
        return load

    def project_active(self, project_id: int, limit: int) -> list[Task]:
        return self._tasks(select(TASKS).where(TASKS.c.tenant_id == _tenant_of(project_id),
                                               TASKS.c.project_id == project_id, _ACTIVE)
                           .order_by(*_OPEN_ORDER).limit(limit))
