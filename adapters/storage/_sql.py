"""Shared helpers for the repositories: table handles and the dialect's INSERT."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from adapters.storage.orm import (
    MemberRow,
    OutboxRow,
    ProjectRow,
    TaskDepRow,
    TaskHistoryRow,
    TaskRow,
    TenantRow,
)

TENANTS = cast(Table, TenantRow.__table__)
MEMBERS = cast(Table, MemberRow.__table__)
PROJECTS = cast(Table, ProjectRow.__table__)
TASKS = cast(Table, TaskRow.__table__)
DEPS = cast(Table, TaskDepRow.__table__)
HISTORY = cast(Table, TaskHistoryRow.__table__)
OUTBOX = cast(Table, OutboxRow.__table__)


def dialect_insert(session: Session, table: Table) -> Any:
    """`INSERT` with `ON CONFLICT` support for the session's dialect (SQLite or PostgreSQL).
    Both spell `on_conflict_do_nothing(index_elements=[...])` the same way."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"storage supports SQLite and PostgreSQL, not {name}")
