"""What the scheduler's SQL repositories share: the unit of work's session (so claims, the
outbox rows they produce and the state they advance commit together), the claim and
due-row helpers, and the text forms of days and clock times.

Claims are conditional UPDATEs (`... WHERE id = :id AND next_at = :expected`): on both
SQLite and PostgreSQL exactly one transaction sees its row count be 1. On PostgreSQL the
due-row reads take `FOR UPDATE SKIP LOCKED`, so a second replica passes over rows the
first one is working on instead of queueing behind its locks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, Table, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import dialect_insert


def days_of(text: str) -> tuple[int, ...]:
    return tuple(int(d) for d in text.split(",") if d)


def days_text(days: Sequence[int]) -> str:
    return ",".join(str(d) for d in sorted(set(days)))


def hm(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


class SqlScheduleBase:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._pg = session.get_bind().dialect.name == "postgresql"

    def _due(self, table: Table, column: str, now: dt.datetime, limit: int) -> list[RowMapping]:
        col = table.c[column]
        stmt = (select(table).where(col <= now)
                .order_by(col, *table.primary_key.columns).limit(limit))
        if self._pg:
            stmt = stmt.with_for_update(skip_locked=True)
        return list(self.session.execute(stmt).mappings())

    def _claim(self, table: Table, where: list[Any], values: dict[str, Any]) -> bool:
        """Conditional UPDATE; True when this transaction moved the row. On PostgreSQL the
        row is first locked with SKIP LOCKED, so a replica never waits on another's claim."""
        if self._pg:
            key = list(table.primary_key.columns)
            locked = self.session.execute(select(*key).where(*where)
                                          .with_for_update(skip_locked=True)).first()
            if locked is None:
                return False
        result = self.session.execute(update(table).where(*where).values(**values))
        return bool(getattr(result, "rowcount", 0) == 1)

    def _upsert(self, table: Table, key: str, values: dict[str, Any]) -> None:
        stmt = dialect_insert(self.session, table).values(**values)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=[key], set_={k: v for k, v in values.items() if k != key}))
