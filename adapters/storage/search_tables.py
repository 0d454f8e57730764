"""The full-text index of tasks: one row per searchable text (a task's title, its
description, each comment) holding that text folded by the core (`core.filters.fold`: case,
accents, compatibility forms), words joined by single spaces.

Why fold in Python: PostgreSQL's `unaccent` is an extension that may not be installed, and
SQLite's tokenizer folds differently from Python for a few letters (`ß`); one folding on
both sides of every comparison keeps SQL's answer equal to the core evaluator's.

- SQLite: an external-content FTS5 table over `task_text.folded` (`task_text_fts`), kept in
  step by three triggers on `task_text` (the FTS5 documentation's pattern), so whatever
  writes a row of `task_text` writes the index in the same transaction.
- PostgreSQL: the column `tsv`, a `tsvector` built from the folded words with their
  positions (a literal, so no text-search configuration stems or drops anything), with a
  GIN index.

The rows are written by the repositories in the transaction of the change (task added,
edited, deleted; comment recorded; decision recorded): `index_task`, `index_comment`,
`index_decision`, `unindex_task`.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import (
    DDL,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    event,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy import (
    cast as sql_cast,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, Session, mapped_column

from adapters.storage._sql import TASKS, dialect_name, p, statement
from adapters.storage.orm import Base
from core.filters import fold
from core.ports import HistoryRecord

MAX_WORD = 200
"""A longer run of letters is cut (PostgreSQL refuses lexemes over 2 KB)."""
MAX_POSITION = 16_383
"""The last position a tsvector records."""

FTS_TABLE = "task_text_fts"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(folded, content='task_text', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "CREATE TRIGGER IF NOT EXISTS task_text_ai AFTER INSERT ON task_text BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS task_text_ad AFTER DELETE ON task_text BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, folded) VALUES ('delete', old.id, "
    "old.folded); END",
    "CREATE TRIGGER IF NOT EXISTS task_text_au AFTER UPDATE ON task_text BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, folded) VALUES ('delete', old.id, "
    f"old.folded); INSERT INTO {FTS_TABLE}(rowid, folded) VALUES (new.id, new.folded); END",
)
FTS_DROP = ("DROP TRIGGER IF EXISTS task_text_au", "DROP TRIGGER IF EXISTS task_text_ad",
            "DROP TRIGGER IF EXISTS task_text_ai", f"DROP TABLE IF EXISTS {FTS_TABLE}")


class TaskTextRow(Base):
    """One searchable text of a task. `kind`: title, description, comment or decision (the
    text of a `/project decide` that names the task)."""

    __tablename__ = "task_text"
    __table_args__ = (
        Index("ix_task_text_task_id_kind", "task_id", "kind"),
        # GIN on PostgreSQL; on SQLite a plain index over an always-NULL column (tiny), so
        # both databases have the same schema
        Index("ix_task_text_tsv", "tsv", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    folded: Mapped[str] = mapped_column(Text)
    tsv: Mapped[Any | None] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))


TASK_TEXT = cast(Table, TaskTextRow.__table__)

# A person's tasks whatever their status (`@ana status:open,done`, `mine done>...`): the
# partial indexes of orm.py each hold only active or only closed tasks.
Index("ix_tasks_tenant_id_assignee_id_status", TASKS.c.tenant_id, TASKS.c.assignee_id,
      TASKS.c.status)
# `/task find` with a common word, and `sort:updated`: newest changes first. Not led by
# the tenant, so that SQLite (without statistics) never prefers it for `tenant_id = ?`.
Index("ix_tasks_updated_at", TASKS.c.updated_at)



def _sqlite_only(statement: str) -> Any:
    return DDL(statement).execute_if(dialect="sqlite")  # type: ignore[no-untyped-call]


for _ddl in FTS_DDL:
    event.listen(TASK_TEXT, "after_create", _sqlite_only(_ddl))
for _ddl in FTS_DROP:
    event.listen(TASK_TEXT, "before_drop", _sqlite_only(_ddl))


def folded_words(text: str | None) -> list[str]:
    return [w[:MAX_WORD] for w in fold.words(text or "")]


def tsvector_literal(words: list[str]) -> str:
    """`'w':1 'x':2 ...`: the words at their positions (letters and digits only, so no
    quoting is needed). Empty text gives an empty vector."""
    return " ".join(f"'{w}':{min(i, MAX_POSITION)}" for i, w in enumerate(words, 1))


def _row(words: list[str], dialect: str) -> dict[str, Any]:
    folded = " ".join(words)
    tsv = tsvector_literal(words) if dialect == "postgresql" else None
    return {"folded": folded, "tsv": tsv}


@statement
def _insert(dialect: str) -> Any:
    tsv: Any = (sql_cast(p("tsv"), TSVECTOR) if dialect == "postgresql"
                else literal(None, Text()))
    source = select(TASKS.c.tenant_id, TASKS.c.id, p("kind"), p("folded"), tsv).where(
        TASKS.c.id == p("task"))
    return TASK_TEXT.insert().from_select(
        ["tenant_id", "task_id", "kind", "folded", "tsv"], source)


@statement
def _delete_kind() -> Any:
    return delete(TASK_TEXT).where(TASK_TEXT.c.task_id == p("task"),
                                   TASK_TEXT.c.kind == p("kind"))


@statement
def _current() -> Any:
    return select(TASK_TEXT.c.kind, TASK_TEXT.c.folded).where(
        TASK_TEXT.c.task_id == p("task"), TASK_TEXT.c.kind.in_(("title", "description")))


@statement
def _delete_all() -> Any:
    return delete(TASK_TEXT).where(TASK_TEXT.c.task_id == p("task"))


def _add(session: Session, task_id: int, kind: str, text: str | None) -> None:
    words = folded_words(text)
    if words:
        dialect = dialect_name(session)
        session.execute(_insert(dialect), {"task": task_id, "kind": kind,
                                           **_row(words, dialect)})


def index_task(session: Session, task_id: int, title: str, description: str | None,
               fresh: bool = False) -> None:
    """Write the title and description rows of a task (`fresh`: none exist yet); an edit
    rewrites only a text that changed (most updates change neither)."""
    now = {"title": title, "description": description}
    if fresh:
        for kind, text in now.items():
            _add(session, task_id, kind, text)
        return
    stored = {str(kind): str(folded) for kind, folded in
              session.execute(_current(), {"task": task_id})}
    for kind, text in now.items():
        if stored.get(kind, "") != " ".join(folded_words(text)):
            session.execute(_delete_kind(), {"task": task_id, "kind": kind})
            _add(session, task_id, kind, text)


def index_comment(session: Session, task_id: int, text: str) -> None:
    _add(session, task_id, "comment", text)


def index_decision(session: Session, task_id: int, text: str) -> None:
    """A project decision that names this task: `/task find` finds the task by it."""
    _add(session, task_id, "decision", text)


def unindex_task(session: Session, task_id: int) -> None:
    session.execute(_delete_all(), {"task": task_id})


@statement
def _touch() -> Any:
    return (update(TASKS).where(TASKS.c.id == p("task"),
                                or_(TASKS.c.updated_at.is_(None), TASKS.c.updated_at < p("at")))
            .values(updated_at=p("at")))


def touched(session: Session, record: HistoryRecord) -> None:
    """A history row was written: the task's `updated_at` moves to it, and a comment is
    indexed (both in the history row's transaction)."""
    session.execute(_touch(), {"task": record.task_id, "at": record.at})
    if record.kind == "comment":
        index_comment(session, record.task_id, record.text)
