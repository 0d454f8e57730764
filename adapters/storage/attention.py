"""Notify modes and held notes on SQL (`core.attention.ports.AttentionRepository`), on the
unit of work's session.

`take` is the claim: `DELETE ... RETURNING` of the due notes. On PostgreSQL a second
transaction deleting the same rows waits for the first and then finds them gone; SQLite
runs one writer at a time. Either way each held note is returned to exactly one caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import Engine, delete, func, select, update

from adapters.storage.attention_tables import HELD, NOTIFY_PREFS
from adapters.storage.engine import READ_ONLY
from adapters.storage.schedule_sql import SqlScheduleBase, hm
from core.attention.model import DueBucket, HeldNote, Mode, NotifyPrefs
from core.notifications import Notification
from core.scheduling.timecalc import parse_clock


class SqlAttentionRepository(SqlScheduleBase):
    def notify_prefs(self, tenant_id: int, member_id: int) -> NotifyPrefs | None:
        row = self.session.execute(select(NOTIFY_PREFS).where(
            NOTIFY_PREFS.c.member_id == member_id,
            NOTIFY_PREFS.c.tenant_id == tenant_id)).mappings().first()
        if row is None:
            return None
        return NotifyPrefs(member_id=member_id, tenant_id=tenant_id, mode=Mode(row["mode"]),
                           at=parse_clock(row["at"]) if row["at"] else None)

    def save_notify_prefs(self, prefs: NotifyPrefs) -> None:
        self._upsert(NOTIFY_PREFS, "member_id", {
            "member_id": prefs.member_id, "tenant_id": prefs.tenant_id,
            "mode": prefs.mode.value, "at": hm(prefs.at) if prefs.at else None})

    def hold(self, tenant_id: int, member_id: int, bucket: str, release_at: dt.datetime,
             note: Notification, now: dt.datetime) -> None:
        self.session.execute(HELD.insert().values(
            tenant_id=tenant_id, member_id=member_id, bucket=bucket, release_at=release_at,
            created_at=now, payload=note.model_dump(mode="json")))

    def open_release(self, member_id: int, bucket: str,
                     now: dt.datetime) -> dt.datetime | None:
        return self.session.execute(
            select(func.min(HELD.c.release_at)).where(
                HELD.c.member_id == member_id, HELD.c.bucket == bucket,
                HELD.c.release_at > now)).scalar()

    def held_count(self, member_id: int) -> tuple[int, dt.datetime | None]:
        row = self.session.execute(
            select(func.count(), func.min(HELD.c.release_at))
            .where(HELD.c.member_id == member_id)).one()
        return int(row[0] or 0), row[1]

    def retime(self, member_id: int, bucket: str, release_at: dt.datetime) -> int:
        done = self.session.execute(
            update(HELD).where(HELD.c.member_id == member_id, HELD.c.bucket == bucket)
            .values(release_at=release_at))
        return int(getattr(done, "rowcount", 0) or 0)

    def due_buckets(self, now: dt.datetime, limit: int) -> list[DueBucket]:
        first = func.min(HELD.c.id).label("first")
        rows = self.session.execute(
            select(first, HELD.c.member_id, HELD.c.bucket)
            .where(HELD.c.release_at <= now)
            .group_by(HELD.c.member_id, HELD.c.bucket)
            .order_by(first).limit(limit)).all()
        return [DueBucket(id=r[0], member_id=r[1], bucket=r[2]) for r in rows]

    def take(self, member_id: int, bucket: str, now: dt.datetime,
             limit: int) -> Sequence[HeldNote]:
        ids = (select(HELD.c.id).where(HELD.c.member_id == member_id, HELD.c.bucket == bucket,
                                       HELD.c.release_at <= now)
               .order_by(HELD.c.id).limit(limit))
        rows = self.session.execute(
            delete(HELD).where(HELD.c.id.in_(ids.scalar_subquery()),
                               HELD.c.release_at <= now)
            .returning(HELD.c.id, HELD.c.release_at, HELD.c.payload)
            .execution_options(synchronize_session=False)).all()
        held = []
        for row_id, release_at, payload in rows:
            try:
                note = Notification.model_validate(payload)
            except ValidationError:  # written by an incompatible version: dropped
                continue
            held.append(HeldNote(id=row_id, member_id=member_id, bucket=bucket,
                                 release_at=release_at, note=note))
        return held


def has_held_due(engine: Engine, now: dt.datetime) -> bool:
    """Whether any held note is due: a read (no write lock), for the console's check after
    each line."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as conn:
        return conn.execute(select(HELD.c.id).where(HELD.c.release_at <= now)
                            .limit(1)).first() is not None


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from sqlalchemy.orm import Session

    from core.attention.ports import AttentionRepository

    def _conforms(session: Session) -> AttentionRepository:
        return SqlAttentionRepository(session)
