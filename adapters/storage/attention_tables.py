"""The attention layer's tables: each person's notify mode, and the non-urgent DMs held
for their batch or burst window (released by the tick through `ix_notify_held_release_at`:
a tick reads only what is due)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from adapters.storage.orm import Base


class NotifyPrefsRow(Base):
    __tablename__ = "notify_prefs"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    mode: Mapped[str] = mapped_column(String(16))
    at: Mapped[str | None] = mapped_column(String(5))
    """The daily batch's local time, "HH:MM"; NULL: the start of the working day."""


class HeldNoteRow(Base):
    __tablename__ = "notify_held"
    # AUTOINCREMENT: SQLite must never reuse the id of a released note, which names the
    # outbox row of its batch (the dedupe key): a reused id would be taken for a repeat.
    __table_args__ = (Index("ix_notify_held_release_at", "release_at"),
                      Index("ix_notify_held_member_id_bucket", "member_id", "bucket"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    bucket: Mapped[str] = mapped_column(String(100))
    release_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


NOTIFY_PREFS = cast(Table, NotifyPrefsRow.__table__)
HELD = cast(Table, HeldNoteRow.__table__)
