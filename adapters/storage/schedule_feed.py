"""The scheduler's change feed and cursors on SQL (`FeedRepository`), and the outbox as
admins and the daily purge see it (`DeliveryAdmin`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adapters.storage._sql import HISTORY, OUTBOX, dialect_insert
from adapters.storage.outbox import purge_finished
from adapters.storage.schedule_sql import SqlScheduleBase
from adapters.storage.schedule_tables import CURSORS
from core.notifications import Notification
from core.ports import OutboxItem, OutboxState

FEED_OVERLAP = 200
"""History ids re-read behind the cursor: on PostgreSQL a transaction holding a lower id can
commit after one holding a higher id; re-reading a little is cheap and idempotent."""


class SqlFeedRepository(SqlScheduleBase):
    def changed_tasks(self, after_id: int, limit: int,
                      overlap: bool = True) -> tuple[list[int], int]:
        behind = FEED_OVERLAP if overlap else 0
        rows = self.session.execute(
            select(HISTORY.c.id, HISTORY.c.task_id)
            .where(HISTORY.c.id > max(0, after_id - behind))
            .order_by(HISTORY.c.id).limit(limit + behind)).all()
        if not rows:
            return [], after_id
        return list(dict.fromkeys(r.task_id for r in rows)), max(after_id, rows[-1].id)

    def latest_history_id(self) -> int:
        return int(self.session.execute(select(func.max(HISTORY.c.id))).scalar() or 0)

    def cursor(self, name: str) -> int:
        value = self.session.execute(
            select(CURSORS.c.value).where(CURSORS.c.name == name)).scalar()
        if value is None:
            self.session.execute(dialect_insert(self.session, CURSORS).values(
                name=name, value=0).on_conflict_do_nothing(index_elements=["name"]))
            return 0
        return int(value)

    def advance_cursor(self, name: str, expected: int, value: int) -> bool:
        return self._claim(CURSORS, [CURSORS.c.name == name, CURSORS.c.value == expected],
                           {"value": value})


class SqlDeliveryAdmin(SqlScheduleBase):
    def deliveries(self, platform: str, workspace_id: str, state: str | None,
                   limit: int) -> list[OutboxItem]:
        stmt = select(OUTBOX).where(OUTBOX.c.platform == platform,
                                    OUTBOX.c.workspace_id == workspace_id)
        if state is not None:
            stmt = stmt.where(OUTBOX.c.state == OutboxState(state).value)
        rows = self.session.execute(stmt.order_by(OUTBOX.c.id.desc()).limit(limit)).mappings()
        items = []
        for r in rows:
            try:
                note = Notification.model_validate(r["payload"])
            except ValidationError:  # written by an incompatible version: skip it
                continue
            items.append(OutboxItem(id=r["id"], notification=note, attempts=r["attempts"],
                                    state=OutboxState(r["state"]),
                                    last_error=r["last_error"]))
        return items

    def delivery_counts(self, platform: str, workspace_id: str) -> dict[str, int]:
        rows = self.session.execute(
            select(OUTBOX.c.state, func.count()).where(
                OUTBOX.c.platform == platform, OUTBOX.c.workspace_id == workspace_id)
            .group_by(OUTBOX.c.state)).all()
        return {state: count for state, count in rows}

    def purge_outbox(self, before: dt.datetime, limit: int) -> int:
        return purge_finished(self.session, before, limit)


if TYPE_CHECKING:  # mypy proves the adapters satisfy the core's ports
    from core.scheduling.ports import DeliveryAdmin, FeedRepository

    def _conforms(session: Session) -> tuple[FeedRepository, DeliveryAdmin]:
        return SqlFeedRepository(session), SqlDeliveryAdmin(session)
