"""Tenants, members, projects and history: SQL repositories returning core dataclasses.

Each method is one or two statements. Inserts that may race with another request (the same
new member writing twice at once) use `ON CONFLICT DO NOTHING` and read back the winner
instead of failing with an integrity error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import HISTORY, MEMBERS, PROJECTS, TENANTS, dialect_insert
from core.errors import UserError
from core.model import Member, Project, Role, Tenant, TenantKey
from core.ports import HistoryRecord


def name_key(name: str) -> str:
    """The case-insensitive lookup key of a member or project name."""
    return " ".join(name.split()).casefold()


class SqlTenantRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _find(self, key: TenantKey, lock: bool = False) -> Tenant | None:
        query = select(TENANTS.c.id, TENANTS.c.default_tz).where(
            TENANTS.c.platform == key.platform, TENANTS.c.workspace_id == key.workspace_id)
        if lock:  # PostgreSQL row lock; SQLite already began IMMEDIATE (engine.py)
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return None if row is None else Tenant(id=row.id, key=key, default_tz=row.default_tz)

    def get_or_create(self, key: TenantKey, lock: bool = False) -> Tenant:
        found = self._find(key, lock)
        if found is not None:
            return found
        stmt = dialect_insert(self.session, TENANTS).values(
            platform=key.platform, workspace_id=key.workspace_id, default_tz="UTC",
            next_task_number=0,
        ).on_conflict_do_nothing(index_elements=["platform", "workspace_id"])
        self.session.execute(stmt)
        created = self._find(key, lock)
        assert created is not None
        return created

    def next_task_number(self, tenant_id: int) -> int:
        """One atomic `UPDATE ... RETURNING`: concurrent commands get distinct numbers (the
        row stays locked until the command's transaction ends)."""
        number = self.session.execute(
            update(TENANTS).where(TENANTS.c.id == tenant_id)
            .values(next_task_number=TENANTS.c.next_task_number + 1)
            .returning(TENANTS.c.next_task_number)).scalar_one()
        return int(number)


def _member(m: RowMapping) -> Member:
    return Member(id=m["id"], tenant_id=m["tenant_id"], user_id=m["user_id"],
                  display_name=m["display_name"], tz=m["tz"], role=Role(m["role"]),
                  dm_unreachable=bool(m["dm_unreachable"]))


class SqlMemberRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _one(self, *where: Any) -> Member | None:
        row = self.session.execute(
            select(MEMBERS).where(*where).order_by(MEMBERS.c.id).limit(1)).mappings().first()
        return None if row is None else _member(row)

    def get(self, tenant_id: int, user_id: str) -> Member | None:
        return self._one(MEMBERS.c.tenant_id == tenant_id, MEMBERS.c.user_id == user_id)

    def by_name(self, tenant_id: int, name: str) -> Member | None:
        return self._one(MEMBERS.c.tenant_id == tenant_id,
                         MEMBERS.c.name_key == name_key(name))

    def get_many(self, ids: Sequence[int]) -> dict[int, Member]:
        if not ids:
            return {}
        rows = self.session.execute(
            select(MEMBERS).where(MEMBERS.c.id.in_(set(ids)))).mappings()
        return {r["id"]: _member(r) for r in rows}

    def add(self, tenant_id: int, user_id: str, display_name: str,
            role: Role = Role.MEMBER) -> Member:
        stmt = dialect_insert(self.session, MEMBERS).values(
            tenant_id=tenant_id, user_id=user_id, display_name=display_name,
            name_key=name_key(display_name), tz=None, role=role.value, dm_unreachable=False,
        ).on_conflict_do_nothing(index_elements=["tenant_id", "user_id"])
        self.session.execute(stmt)
        member = self.get(tenant_id, user_id)
        assert member is not None
        return member

    def update(self, member: Member) -> None:
        self.session.execute(
            update(MEMBERS).where(MEMBERS.c.id == member.id,
                                 MEMBERS.c.tenant_id == member.tenant_id)
            .values(display_name=member.display_name, name_key=name_key(member.display_name),
                    tz=member.tz, role=member.role.value,
                    dm_unreachable=member.dm_unreachable))

    def count(self, tenant_id: int) -> int:
        return int(self.session.execute(
            select(func.count()).select_from(MEMBERS)
            .where(MEMBERS.c.tenant_id == tenant_id)).scalar_one())


def _project(p: RowMapping) -> Project:
    return Project(id=p["id"], tenant_id=p["tenant_id"], name=p["name"],
                   owner_id=p["owner_id"], channel_id=p["channel_id"],
                   archived=bool(p["archived"]), created_at=p["created_at"])


class SqlProjectRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_name(self, tenant_id: int, name: str) -> Project | None:
        row = self.session.execute(
            select(PROJECTS).where(PROJECTS.c.tenant_id == tenant_id,
                                   PROJECTS.c.name_key == name_key(name))).mappings().first()
        return None if row is None else _project(row)

    def get_many(self, ids: Sequence[int]) -> dict[int, Project]:
        if not ids:
            return {}
        rows = self.session.execute(
            select(PROJECTS).where(PROJECTS.c.id.in_(set(ids)))).mappings()
        return {r["id"]: _project(r) for r in rows}

    def add(self, tenant_id: int, name: str, owner_id: int | None,
            channel_id: str | None, now: dt.datetime) -> Project:
        stmt = dialect_insert(self.session, PROJECTS).values(
            tenant_id=tenant_id, name=name, name_key=name_key(name), owner_id=owner_id,
            channel_id=channel_id, archived=False, created_at=now,
        ).on_conflict_do_nothing(index_elements=["tenant_id", "name_key"]
                                 ).returning(PROJECTS.c.id)
        new_id = self.session.execute(stmt).scalar()
        if new_id is None:
            raise UserError(f"A project named “{name}” already exists.")
        return Project(id=new_id, tenant_id=tenant_id, name=name, owner_id=owner_id,
                       channel_id=channel_id, archived=False, created_at=now)

    def update(self, project: Project) -> None:
        self.session.execute(
            update(PROJECTS).where(PROJECTS.c.id == project.id,
                                   PROJECTS.c.tenant_id == project.tenant_id)
            .values(name=project.name, name_key=name_key(project.name),
                    owner_id=project.owner_id, channel_id=project.channel_id,
                    archived=project.archived))

    def list(self, tenant_id: int, include_archived: bool) -> list[Project]:
        stmt = select(PROJECTS).where(PROJECTS.c.tenant_id == tenant_id)
        if not include_archived:
            stmt = stmt.where(PROJECTS.c.archived.is_(False))
        rows = self.session.execute(stmt.order_by(PROJECTS.c.name_key)).mappings()
        return [_project(r) for r in rows]


class SqlHistoryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: HistoryRecord) -> None:
        self.session.execute(HISTORY.insert().values(
            task_id=record.task_id, actor_id=record.actor_id, at=record.at,
            kind=record.kind, text=record.text))

    def for_task(self, task_id: int, limit: int) -> list[HistoryRecord]:
        rows = self.session.execute(
            select(HISTORY).where(HISTORY.c.task_id == task_id)
            .order_by(HISTORY.c.id.desc()).limit(limit)).mappings().all()
        return [HistoryRecord(task_id=r["task_id"], actor_id=r["actor_id"], at=r["at"],
                              kind=r["kind"], text=r["text"]) for r in reversed(rows)]
