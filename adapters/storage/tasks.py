"""The task repository: tasks, their dependency edges and the project read models.

Every list reads a partial index in its own order (see `orm.py`): active lists are ordered
by (due_sort, priority_order, number), i.e. due first with undated last, then higher
priority, then older; done lists by (done_at, number) newest first. The status conditions
are literal SQL so SQLite can match them against the partial indexes. Statements are
built once per shape (`_sql.statement`) and run with bound values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import (
    RowMapping,
    Table,
    and_,
    case,
    delete,
    func,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from adapters.storage._sql import (
    DEPS,
    HISTORY,
    PROJECTS,
    TASKS,
    dialect_name,
    insert_for,
    many,
    p,
    statement,
)
from adapters.storage.batch_writes import TaskBatchMixin
from adapters.storage.orm import ACTIVE_SQL, BLOCKED_SQL, CLOSED_SQL, NO_DUE, PRIORITY_ORDER
from adapters.storage.project_counts import ProjectClosedCountRow
from adapters.storage.search_tables import index_task, unindex_task
from core.model import ListState, Priority, Status, Task
from core.ports import LoadRow, StatusCounts, TaskQuery

CLOSED_COUNTS = cast(Table, ProjectClosedCountRow.__table__)


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


def _open_order() -> tuple[Any, ...]:
    return (TASKS.c.due_sort, TASKS.c.priority_order, TASKS.c.number)


def _tenant_of_project() -> Any:
    """The project's tenant as a scalar subquery (evaluated once): lets a query by project
    use the (tenant_id, project_id, ...) indexes."""
    return select(PROJECTS.c.tenant_id).where(PROJECTS.c.id == p("project")).scalar_subquery()


# -- statements ------------------------------------------------------------------------------
@statement
def _get() -> Any:
    return select(TASKS).where(TASKS.c.tenant_id == p("tenant"), TASKS.c.number == p("number"))


@statement
def _get_many() -> Any:
    return select(TASKS).where(TASKS.c.tenant_id == p("tenant"),
                               TASKS.c.number.in_(many("numbers")))


@statement
def _get_by_ids() -> Any:
    return select(TASKS).where(TASKS.c.id.in_(many("ids")))


@statement
def _insert() -> Any:
    return TASKS.insert().returning(TASKS.c.id)


@statement
def _update() -> Any:
    return update(TASKS).where(TASKS.c.id == p("b_id"), TASKS.c.tenant_id == p("b_tenant"))


@statement
def _delete() -> tuple[Any, Any, Any]:
    mine = select(TASKS.c.id).where(TASKS.c.id == p("id"), TASKS.c.tenant_id == p("tenant"))
    return (
        delete(DEPS).where(DEPS.c.tenant_id == p("tenant"),
                           or_(DEPS.c.blocker_id == p("id"), DEPS.c.blocked_id == p("id"))),
        delete(HISTORY).where(HISTORY.c.task_id.in_(mine)),
        delete(TASKS).where(TASKS.c.id == p("id"), TASKS.c.tenant_id == p("tenant")),
    )


LIKE_ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its `%`, `_` and escape taken literally."""
    for char in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(char, LIKE_ESCAPE + char)
    return f"%{text}%"


@statement
def _query(state: ListState, by_assignee: bool, by_project: bool, by_title: bool) -> Any:
    query = select(TASKS).where(TASKS.c.tenant_id == p("tenant"))
    if by_assignee:
        query = query.where(TASKS.c.assignee_id == p("assignee"))
    if by_project:
        query = query.where(TASKS.c.project_id == p("project"))
    if by_title:  # checked row by row while walking the state's index, up to `limit`
        query = query.where(func.lower(TASKS.c.title).like(func.lower(p("title")),
                                                           escape=LIKE_ESCAPE))
    if state == "done":
        query = query.where(text(CLOSED_SQL)).order_by(TASKS.c.done_at.desc(),
                                                       TASKS.c.number.desc())
    else:
        query = query.where(text(ACTIVE_SQL))
        if state == "blocked":
            query = query.where(text(BLOCKED_SQL))
        elif state == "overdue":
            query = query.where(TASKS.c.due_sort < p("now"))
        query = query.order_by(*_open_order())
    return query.limit(p("limit")).offset(p("offset"))


@statement
def _blockers_of() -> Any:
    return (select(DEPS.c.blocked_id, DEPS.c.blocker_id)
            .where(DEPS.c.blocked_id.in_(many("ids")))
            .order_by(DEPS.c.blocked_id, DEPS.c.blocker_id))


@statement
def _dependents_of() -> Any:
    return (select(DEPS.c.blocked_id).where(DEPS.c.blocker_id == p("id"))
            .order_by(DEPS.c.blocked_id))


@statement
def _add_edge(dialect: str) -> Any:
    """Selects both tasks in one tenant: a cross-tenant edge inserts nothing."""
    blocker, blocked = TASKS.alias("blocker"), TASKS.alias("blocked")
    source = (select(blocker.c.id, blocked.c.id, blocked.c.tenant_id)
              .select_from(blocker.join(blocked, blocker.c.tenant_id == blocked.c.tenant_id))
              .where(blocker.c.id == p("blocker"), blocked.c.id == p("blocked")))
    return (insert_for(dialect, DEPS)
            .from_select(["blocker_id", "blocked_id", "tenant_id"], source)
            .on_conflict_do_nothing(index_elements=["blocker_id", "blocked_id"])
            .returning(DEPS.c.tenant_id))


@statement
def _edge_exists() -> Any:
    return select(DEPS.c.tenant_id).where(DEPS.c.blocker_id == p("blocker"),
                                          DEPS.c.blocked_id == p("blocked"))


@statement
def _remove_edge() -> Any:
    return (delete(DEPS).where(DEPS.c.blocker_id == p("blocker"),
                               DEPS.c.blocked_id == p("blocked"))
            .returning(DEPS.c.blocked_id))


@statement
def _adjust() -> Any:
    return (update(TASKS).where(TASKS.c.id.in_(many("ids")))
            .values(open_blocker_count=TASKS.c.open_blocker_count + p("delta")))


@statement
def _project_counts() -> Any:
    """Active tasks counted from the active ones alone (index-only on
    ix_tasks_project_status), closed ones read from the counts the triggers keep
    (`project_counts.py`): the cost does not grow with the project's history."""
    active = (select(TASKS.c.status, func.count()).where(TASKS.c.project_id == p("project"),
                                                         text(ACTIVE_SQL))
              .group_by(TASKS.c.status))
    closed = select(CLOSED_COUNTS.c.status, CLOSED_COUNTS.c.n).where(
        CLOSED_COUNTS.c.project_id == p("project"), CLOSED_COUNTS.c.n > 0)
    return union_all(active, closed)


@statement
def _project_load() -> Any:
    def count_if(*cond: Any) -> Any:
        return func.sum(case((and_(*cond), 1), else_=0))

    return (select(TASKS.c.assignee_id, func.count(),
                   count_if(TASKS.c.status == Status.IN_PROGRESS.value),
                   count_if(TASKS.c.due_sort < p("now")))
            .where(TASKS.c.project_id == p("project"), text(ACTIVE_SQL))
            .group_by(TASKS.c.assignee_id))


@statement
def _project_active() -> Any:
    return (select(TASKS).where(TASKS.c.tenant_id == _tenant_of_project(),
                                TASKS.c.project_id == p("project"), text(ACTIVE_SQL))
            .order_by(*_open_order()).limit(p("limit")))


class SqlTaskRepository(TaskBatchMixin):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _tasks(self, stmt: Any, params: dict[str, Any]) -> list[Task]:
        return [_task(r) for r in self.session.execute(stmt, params).mappings()]

    # -- tasks ---------------------------------------------------------------------------
    def get(self, tenant_id: int, number: int) -> Task | None:
        found = self._tasks(_get(), {"tenant": tenant_id, "number": number})
        return found[0] if found else None

    def get_many(self, tenant_id: int, numbers: Sequence[int]) -> dict[int, Task]:
        if not numbers:
            return {}
        found = self._tasks(_get_many(), {"tenant": tenant_id, "numbers": list(set(numbers))})
        return {t.number: t for t in found}

    def get_by_ids(self, ids: Sequence[int]) -> dict[int, Task]:
        if not ids:
            return {}
        return {t.id: t for t in self._tasks(_get_by_ids(), {"ids": list(set(ids))})}

    def _insert_values(self, task: Task) -> dict[str, Any]:
        return _values(task) | {"tenant_id": task.tenant_id, "number": task.number,
                                "open_blocker_count": task.open_blocker_count,
                                "updated_at": task.created_at}

    def add(self, task: Task) -> Task:
        task.id = self.session.execute(_insert(), self._insert_values(task)).scalar_one()
        index_task(self.session, task.id, task.title, task.description, fresh=True)
        return task

    def update(self, task: Task) -> None:
        self.session.execute(_update(), {"b_id": task.id, "b_tenant": task.tenant_id,
                                         **_values(task)})
        index_task(self.session, task.id, task.title, task.description)

    def delete(self, task: Task) -> None:
        """Edges and history go first, explicitly (correct even where foreign keys are not
        enforced), each scoped to the task's tenant."""
        params = {"id": task.id, "tenant": task.tenant_id}
        unindex_task(self.session, task.id)
        for stmt in _delete():
            self.session.execute(stmt, params)

    def query(self, q: TaskQuery) -> list[Task]:
        stmt = _query(q.state, q.assignee_id is not None, q.project_id is not None,
                      q.title_contains is not None)
        return self._tasks(stmt, {
            "tenant": q.tenant_id, "assignee": q.assignee_id, "project": q.project_id,
            "now": q.now or dt.datetime.now(dt.UTC), "limit": q.limit, "offset": q.offset,
            "title": contains_pattern(q.title_contains or "")})

    # -- dependency edges ------------------------------------------------------------------
    def blocker_ids(self, task_id: int) -> list[int]:
        return self.blocker_ids_of_many([task_id]).get(task_id, [])

    def dependent_ids(self, task_id: int) -> list[int]:
        return list(self.session.execute(_dependents_of(), {"id": task_id}).scalars())

    def blocker_ids_of_many(self, task_ids: Sequence[int]) -> dict[int, list[int]]:
        if not task_ids:
            return {}
        out: dict[int, list[int]] = {}
        for blocked, blocker in self.session.execute(_blockers_of(),
                                                     {"ids": list(set(task_ids))}):
            out.setdefault(blocked, []).append(blocker)
        return out

    def add_edge(self, blocker_id: int, blocked_id: int) -> None:
        """Insert the edge (a repeat is a no-op). Both tasks must be in one tenant."""
        params = {"blocker": blocker_id, "blocked": blocked_id}
        inserted = self.session.execute(_add_edge(dialect_name(self.session)), params).first()
        if inserted is None and self.session.execute(_edge_exists(), params).first() is None:
            raise ValueError(f"no tasks {blocker_id} and {blocked_id} in one tenant")

    def remove_edge(self, blocker_id: int, blocked_id: int) -> bool:
        gone = self.session.execute(_remove_edge(), {"blocker": blocker_id,
                                                     "blocked": blocked_id}).first()
        return gone is not None

    def adjust_open_blockers(self, task_ids: Sequence[int], delta: int) -> None:
        if not task_ids or not delta:
            return
        self.session.execute(_adjust(), {"ids": list(set(task_ids)), "delta": delta})

    # -- project read models ---------------------------------------------------------------
    def project_counts(self, project_id: int) -> StatusCounts:
        rows = self.session.execute(_project_counts(), {"project": project_id})
        by_status = {str(status): int(n) for status, n in rows}
        return StatusCounts(by_status=by_status, total=sum(by_status.values()))

    def project_load(self, project_id: int, now: dt.datetime) -> list[LoadRow]:
        """Per assignee (None: unassigned): active, in-progress and overdue counts, the
        busiest first."""
        rows = self.session.execute(_project_load(), {"project": project_id, "now": now})
        load = [LoadRow(a, int(n), int(ip or 0), int(od or 0)) for a, n, ip, od in rows]
        load.sort(key=lambda r: (-r.open_count, r.assignee_id is None, r.assignee_id or 0))
        return load

    def project_active(self, project_id: int, limit: int) -> list[Task]:
        return self._tasks(_project_active(), {"project": project_id, "limit": limit})
