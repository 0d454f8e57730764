"""Tenants, members, projects and history: SQL repositories returning core dataclasses.

Each method is one or two statements, built once (see `_sql.statement`). Inserts that may
race with another request (the same new member writing twice at once) use
`ON CONFLICT DO NOTHING` and read back the winner instead of failing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import (
    HISTORY,
    MEMBERS,
    PROJECTS,
    TENANTS,
    dialect_name,
    insert_for,
    many,
    p,
    statement,
)
from adapters.storage.batch_writes import HistoryBatchMixin, TenantBatchMixin
from adapters.storage.engine import READ_ONLY
from adapters.storage.search_tables import touched
from core.errors import UserError
from core.model import Member, Project, Role, Tenant, TenantKey
from core.ports import HistoryRecord


def name_key(name: str) -> str:
    """The case-insensitive lookup key of a member or project name."""
    return " ".join(name.split()).casefold()


# -- tenants -------------------------------------------------------------------------------
@statement
def _find_tenant(lock: bool) -> Any:
    query = select(TENANTS.c.id, TENANTS.c.default_tz).where(
        TENANTS.c.platform == p("platform"), TENANTS.c.workspace_id == p("workspace"))
    # PostgreSQL row lock; SQLAlchemy renders nothing on SQLite, which already began
    # its transaction IMMEDIATE (engine.py)
    return query.with_for_update() if lock else query


@statement
def _insert_tenant(dialect: str) -> Any:
    return insert_for(dialect, TENANTS).values(
        platform=p("platform"), workspace_id=p("workspace"), default_tz=p("tz"),
        next_task_number=0,
    ).on_conflict_do_nothing(index_elements=["platform", "workspace_id"])


@statement
def _next_number() -> Any:
    return (update(TENANTS).where(TENANTS.c.id == p("tenant"))
            .values(next_task_number=TENANTS.c.next_task_number + 1)
            .returning(TENANTS.c.next_task_number))


class SqlTenantRepository(TenantBatchMixin):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _find(self, key: TenantKey, lock: bool = False) -> Tenant | None:
        row = self.session.execute(_find_tenant(lock), {
            "platform": key.platform, "workspace": key.workspace_id}).first()
        return None if row is None else Tenant(id=row.id, key=key, default_tz=row.default_tz)

    def get_or_create(self, key: TenantKey, lock: bool = False,
                      default_tz: str = "UTC") -> Tenant:
        if not lock and not self.session.in_transaction():
            # A read-only command's first statement: on SQLite its transaction begins
            # DEFERRED and reads beside a writer instead of queueing for the write lock.
            self.session.connection(execution_options={READ_ONLY: True})
        found = self._find(key, lock)
        if found is not None:
            return found
        self.session.execute(_insert_tenant(dialect_name(self.session)), {
            "platform": key.platform, "workspace": key.workspace_id, "tz": default_tz})
        created = self._find(key, lock)
        assert created is not None
        return created

    def next_task_number(self, tenant_id: int) -> int:
        """One atomic `UPDATE ... RETURNING`: concurrent commands get distinct numbers (the
        row stays locked until the command's transaction ends)."""
        return int(self.session.execute(_next_number(), {"tenant": tenant_id}).scalar_one())


# -- members -------------------------------------------------------------------------------
def _member(m: RowMapping) -> Member:
    return Member(id=m["id"], tenant_id=m["tenant_id"], user_id=m["user_id"],
                  display_name=m["display_name"], tz=m["tz"], role=Role(m["role"]),
                  dm_unreachable=bool(m["dm_unreachable"]))


@statement
def _member_by(column: str) -> Any:
    return (select(MEMBERS).where(MEMBERS.c.tenant_id == p("tenant"),
                                  MEMBERS.c[column] == p("value"))
            .order_by(MEMBERS.c.id).limit(1))


@statement
def _members_by_ids() -> Any:
    return select(MEMBERS).where(MEMBERS.c.id.in_(many("ids")))


@statement
def _insert_member(dialect: str) -> Any:
    return insert_for(dialect, MEMBERS).values(
        tenant_id=p("tenant"), user_id=p("user"), display_name=p("name"),
        name_key=p("key"), tz=None, role=p("role"), dm_unreachable=False,
    ).on_conflict_do_nothing(index_elements=["tenant_id", "user_id"])


@statement
def _update_member() -> Any:
    return update(MEMBERS).where(MEMBERS.c.id == p("b_id"), MEMBERS.c.tenant_id == p("b_tenant"))


@statement
def _count_members() -> Any:
    return select(func.count()).select_from(MEMBERS).where(MEMBERS.c.tenant_id == p("tenant"))


class SqlMemberRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _one(self, column: str, tenant_id: int, value: str) -> Member | None:
        row = self.session.execute(_member_by(column), {
            "tenant": tenant_id, "value": value}).mappings().first()
        return None if row is None else _member(row)

    def get(self, tenant_id: int, user_id: str) -> Member | None:
        return self._one("user_id", tenant_id, user_id)

    def by_name(self, tenant_id: int, name: str) -> Member | None:
        return self._one("name_key", tenant_id, name_key(name))

    def get_many(self, ids: Sequence[int]) -> dict[int, Member]:
        if not ids:
            return {}
        rows = self.session.execute(_members_by_ids(), {"ids": list(set(ids))}).mappings()
        return {r["id"]: _member(r) for r in rows}

    def add(self, tenant_id: int, user_id: str, display_name: str,
            role: Role = Role.MEMBER) -> Member:
        self.session.execute(_insert_member(dialect_name(self.session)), {
            "tenant": tenant_id, "user": user_id, "name": display_name,
            "key": name_key(display_name), "role": role.value})
        member = self.get(tenant_id, user_id)
        assert member is not None
        return member

    def update(self, member: Member) -> None:
        self.session.execute(_update_member(), {
            "b_id": member.id, "b_tenant": member.tenant_id,
            "display_name": member.display_name, "name_key": name_key(member.display_name),
            "tz": member.tz, "role": member.role.value,
            "dm_unreachable": member.dm_unreachable})

    def count(self, tenant_id: int) -> int:
        return int(self.session.execute(_count_members(), {"tenant": tenant_id}).scalar_one())


# -- projects ------------------------------------------------------------------------------
def _project(r: RowMapping) -> Project:
    return Project(id=r["id"], tenant_id=r["tenant_id"], name=r["name"],
                   owner_id=r["owner_id"], channel_id=r["channel_id"],
                   archived=bool(r["archived"]), created_at=r["created_at"])


@statement
def _project_by_name() -> Any:
    return select(PROJECTS).where(PROJECTS.c.tenant_id == p("tenant"),
                                  PROJECTS.c.name_key == p("key"))


@statement
def _projects_by_ids() -> Any:
    return select(PROJECTS).where(PROJECTS.c.id.in_(many("ids")))


@statement
def _insert_project(dialect: str) -> Any:
    return insert_for(dialect, PROJECTS).values(
        tenant_id=p("tenant"), name=p("name"), name_key=p("key"), owner_id=p("owner"),
        channel_id=p("channel"), archived=False, created_at=p("now"),
    ).on_conflict_do_nothing(index_elements=["tenant_id", "name_key"]).returning(PROJECTS.c.id)


@statement
def _update_project() -> Any:
    return update(PROJECTS).where(PROJECTS.c.id == p("b_id"),
                                  PROJECTS.c.tenant_id == p("b_tenant"))


@statement
def _list_projects(include_archived: bool) -> Any:
    query = select(PROJECTS).where(PROJECTS.c.tenant_id == p("tenant"))
    if not include_archived:
        query = query.where(PROJECTS.c.archived.is_(False))
    return query.order_by(PROJECTS.c.name_key)


class SqlProjectRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_name(self, tenant_id: int, name: str) -> Project | None:
        row = self.session.execute(_project_by_name(), {
            "tenant": tenant_id, "key": name_key(name)}).mappings().first()
        return None if row is None else _project(row)

    def get_many(self, ids: Sequence[int]) -> dict[int, Project]:
        if not ids:
            return {}
        rows = self.session.execute(_projects_by_ids(), {"ids": list(set(ids))}).mappings()
        return {r["id"]: _project(r) for r in rows}

    def add(self, tenant_id: int, name: str, owner_id: int | None,
            channel_id: str | None, now: dt.datetime) -> Project:
        new_id = self.session.execute(_insert_project(dialect_name(self.session)), {
            "tenant": tenant_id, "name": name, "key": name_key(name), "owner": owner_id,
            "channel": channel_id, "now": now}).scalar()
        if new_id is None:
            raise UserError(f"A project named “{name}” already exists.")
        return Project(id=new_id, tenant_id=tenant_id, name=name, owner_id=owner_id,
                       channel_id=channel_id, archived=False, created_at=now)

    def update(self, project: Project) -> None:
        self.session.execute(_update_project(), {
            "b_id": project.id, "b_tenant": project.tenant_id, "name": project.name,
            "name_key": name_key(project.name), "owner_id": project.owner_id,
            "channel_id": project.channel_id, "archived": project.archived})

    def list(self, tenant_id: int, include_archived: bool) -> list[Project]:
        rows = self.session.execute(_list_projects(include_archived),
                                    {"tenant": tenant_id}).mappings()
        return [_project(r) for r in rows]


# -- history -------------------------------------------------------------------------------
@statement
def _insert_history() -> Any:
    return HISTORY.insert()


@statement
def _history_of() -> Any:
    return (select(HISTORY).where(HISTORY.c.task_id == p("task"))
            .order_by(HISTORY.c.id.desc()).limit(p("limit")))


class SqlHistoryRepository(HistoryBatchMixin):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: HistoryRecord) -> None:
        self.session.execute(_insert_history(), {
            "task_id": record.task_id, "actor_id": record.actor_id, "at": record.at,
            "kind": record.kind, "text": record.text, "detail": record.detail})
        touched(self.session, record)

    def for_task(self, task_id: int, limit: int) -> list[HistoryRecord]:
        rows = self.session.execute(_history_of(), {"task": task_id, "limit": limit}
                                    ).mappings().all()
        return [HistoryRecord(task_id=r["task_id"], actor_id=r["actor_id"], at=r["at"],
                              kind=r["kind"], text=r["text"], detail=r["detail"])
                for r in reversed(rows)]
