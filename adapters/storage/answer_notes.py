"""Answer notes beside a SQLite database (issue 8): "this request's answer has left for
Slack", kept in a small sidecar SQLite file (`<db>-answers`, WAL, its own engine, one
table) rather than on the inbox row.

On SQLite the main database has one write lock, held in turn by every command of a burst;
a note that queued behind it could be lost to a crash after the answer had left, and the
replay would answer again. The sidecar's lock is taken by nothing but these notes, so a
note is written (and committed) right as the answer's body leaves. The inbox consults the
notes when it claims rows for a replay and folds them into the inbox rows (`answering_at`).
PostgreSQL needs none of this: its notes do not queue behind one lock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    Table,
    delete,
    select,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from adapters.storage.engine import make_engine

_META = MetaData()
NOTES = Table(
    "answer_notes", _META,
    Column("inbox_id", Integer, primary_key=True),
    Column("answer", Integer, primary_key=True),  # the request's n-th answer, from 1
    Column("at", DateTime, nullable=False),
)


class AnswerNotes:
    """The sidecar store. Each method is one short transaction on its own engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        _META.create_all(engine)

    def note(self, inbox_id: int, answer: int = 1) -> None:
        """The `answer`-th answer of inbox row `inbox_id` has left (idempotent)."""
        with self.engine.begin() as conn:
            conn.execute(sqlite_insert(NOTES).values(
                inbox_id=inbox_id, answer=answer, at=dt.datetime.now(dt.UTC)
            ).on_conflict_do_nothing())

    def answered(self, inbox_ids: list[int]) -> set[int]:
        """Which of `inbox_ids` have a note."""
        if not inbox_ids:
            return set()
        with self.engine.connect() as conn:
            return {int(i) for i in conn.execute(
                select(NOTES.c.inbox_id).where(NOTES.c.inbox_id.in_(inbox_ids))
                .distinct()).scalars()}

    def forget(self, inbox_ids: list[int]) -> None:
        """Drop the notes of inbox rows being pruned (a pruned id can be given out again)."""
        with self.engine.begin() as conn:
            for start in range(0, len(inbox_ids), 500):
                conn.execute(delete(NOTES).where(
                    NOTES.c.inbox_id.in_(inbox_ids[start:start + 500])))

    def close(self) -> None:
        self.engine.dispose()


def answer_notes_for(engine: Engine) -> AnswerNotes | None:
    """A sidecar for a file SQLite database (`<db>-answers`); None for PostgreSQL and for
    an in-memory database (their notes go on the inbox row)."""
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return AnswerNotes(make_engine(url.set(database=f"{database}-answers")
                                   .render_as_string(hide_password=False)))


__all__ = ["NOTES", "AnswerNotes", "answer_notes_for"]
