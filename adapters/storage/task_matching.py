"""`TaskRepository.matching` on SQL, for now: read the tenant's candidate tasks (only the
active ones unless the query names a status or a done date) with their people, projects and,
when the query needs them, comments and last change, then let the core's filter evaluator
decide (`core.matching`). One place to swap in a SQL translation of the filter language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from adapters.storage._sql import HISTORY, MEMBERS, PROJECTS, TASKS
from adapters.storage.orm import ACTIVE_SQL
from core.filters.query import Person, Query
from core.matching import facts_of, needs_text, needs_updated, pick
from core.model import Member, Project, Role, Task


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


def _task_ids(tenant_id: int, active_only: bool) -> Any:
    ids = select(TASKS.c.id).where(TASKS.c.tenant_id == tenant_id)
    return ids.where(text(ACTIVE_SQL)) if active_only else ids


class MatchingMixin:
    """Mixed into `SqlTaskRepository` (which provides `session` and `_tasks`)."""

    session: Session

    def _tasks(self, stmt: Any, params: dict[str, Any]) -> list[Task]:
        raise NotImplementedError

    def matching(self, tenant_id: int, query: Query, me: Person, now: dt.datetime,
                 limit: int) -> list[Task]:
        active_only = query.default_open
        stmt = select(TASKS).where(TASKS.c.tenant_id == tenant_id)
        if active_only:
            stmt = stmt.where(text(ACTIVE_SQL))
        tasks = self._tasks(stmt, {})
        members = _members(self.session, tenant_id)
        projects = _projects(self.session, tenant_id)
        comments: dict[int, list[str]] = defaultdict(list)
        if needs_text(query):
            rows = self.session.execute(
                select(HISTORY.c.task_id, HISTORY.c.text)
                .where(HISTORY.c.kind == "comment",
                       HISTORY.c.task_id.in_(_task_ids(tenant_id, active_only)))
                .order_by(HISTORY.c.id))
            for task_id, body in rows:
                comments[task_id].append(body)
        updated: dict[int, dt.datetime] = {}
        if needs_updated(query):
            rows = self.session.execute(
                select(HISTORY.c.task_id, func.max(HISTORY.c.at))
                .where(HISTORY.c.task_id.in_(_task_ids(tenant_id, active_only)))
                .group_by(HISTORY.c.task_id))
            updated = {task_id: at for task_id, at in rows}
        candidates = ((t, facts_of(t, members, projects, comments.get(t.id, ()),
                                   updated.get(t.id))) for t in tasks)
        return pick(query, candidates, me=me, now=now, limit=limit)
