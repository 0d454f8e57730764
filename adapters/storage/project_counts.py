"""Per-project counts of closed tasks, kept by the database itself.

`/project status` shows how many of a project's tasks are done and dropped. Counting them
reads every closed task the project ever had (even index-only, 100k done tasks cost
~10 ms), so the status would grow with the project's history. Instead
`project_closed_counts` holds one row per (project, closed status) and triggers on `tasks`
keep it in step, in the same transaction as the change:

- an INSERT of a closed task with a project adds one;
- a DELETE of one takes one away;
- an UPDATE that changes `status` or `project_id` takes one from the old (project,
  status) and adds one to the new, whichever of them is closed.

Triggers, not repository code: every path that writes a task (done, drop, reopen, delete,
an edit of `project:`, a recurrence's next task, a bulk load, a future command) is counted
without knowing about it, and the trigger sees the row as it really was (under its row
lock on PostgreSQL, under the single writer on SQLite), never a stale copy a handler
loaded; `n = n + 1` under the counter row's lock keeps concurrent writers exact.

Active tasks (open, in progress) are not counted here: the status reads them through the
partial index of active tasks, which only ever holds active work. Rows are only made for
closed statuses; a count that drops to zero stays as a zero row.

The DDL is created with the tables (`Base.metadata` `after_create`, for tests and
`create_all`) and by the migration `0010_status15`, which also backfills the counts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, ForeignKey, Integer, MetaData, String, event, text
from sqlalchemy.orm import Mapped, mapped_column

from adapters.storage.orm import CLOSED_SQL, Base

TABLE = "project_closed_counts"


class ProjectClosedCountRow(Base):
    __tablename__ = TABLE

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


def _closed(row: str) -> str:
    """`CLOSED_SQL` for the trigger's OLD or NEW row, with a project."""
    return f"{row}.project_id IS NOT NULL AND {CLOSED_SQL.replace('status', f'{row}.status')}"


_CHANGED = ("(OLD.status IS DISTINCT FROM NEW.status "
            "OR OLD.project_id IS DISTINCT FROM NEW.project_id)")
_MINUS = f"UPDATE {TABLE} SET n = n - 1 WHERE project_id = OLD.project_id AND status = OLD.status"

_SQLITE_PLUS = (
    f"INSERT OR IGNORE INTO {TABLE} (project_id, status, n) "
    f"SELECT NEW.project_id, NEW.status, 0 WHERE {_closed('NEW')}; "
    f"UPDATE {TABLE} SET n = n + 1 WHERE project_id = NEW.project_id AND status = NEW.status;")

SQLITE_TRIGGERS: tuple[str, ...] = (
    f"CREATE TRIGGER tr_tasks_closed_insert AFTER INSERT ON tasks WHEN {_closed('NEW')} "
    f"BEGIN {_SQLITE_PLUS} END",
    f"CREATE TRIGGER tr_tasks_closed_delete AFTER DELETE ON tasks WHEN {_closed('OLD')} "
    f"BEGIN {_MINUS}; END",
    # SQLite spells IS DISTINCT FROM as IS NOT
    f"CREATE TRIGGER tr_tasks_closed_update AFTER UPDATE OF status, project_id ON tasks "
    f"WHEN {_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"AND (({_closed('OLD')}) OR ({_closed('NEW')})) BEGIN {_MINUS}; {_SQLITE_PLUS} END",
)

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION taskbot_count_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND {_closed('OLD')} THEN
    {_MINUS};
  END IF;
  IF TG_OP <> 'DELETE' AND {_closed('NEW')} THEN
    INSERT INTO {TABLE} (project_id, status, n) VALUES (NEW.project_id, NEW.status, 1)
    ON CONFLICT (project_id, status) DO UPDATE SET n = {TABLE}.n + 1;
  END IF;
  RETURN NULL;
END $$"""

POSTGRESQL_TRIGGERS: tuple[str, ...] = (
    _PG_FUNCTION,
    f"CREATE TRIGGER tr_tasks_closed_insert AFTER INSERT ON tasks FOR EACH ROW "
    f"WHEN ({_closed('NEW')}) EXECUTE FUNCTION taskbot_count_closed()",
    f"CREATE TRIGGER tr_tasks_closed_delete AFTER DELETE ON tasks FOR EACH ROW "
    f"WHEN ({_closed('OLD')}) EXECUTE FUNCTION taskbot_count_closed()",
    f"CREATE TRIGGER tr_tasks_closed_update AFTER UPDATE OF status, project_id ON tasks "
    f"FOR EACH ROW WHEN {_CHANGED} EXECUTE FUNCTION taskbot_count_closed()",
)

DROP: dict[str, tuple[str, ...]] = {
    "sqlite": tuple(f"DROP TRIGGER IF EXISTS tr_tasks_closed_{op}"
                    for op in ("insert", "delete", "update")),
    "postgresql": (*(f"DROP TRIGGER IF EXISTS tr_tasks_closed_{op} ON tasks"
                     for op in ("insert", "delete", "update")),
                   "DROP FUNCTION IF EXISTS taskbot_count_closed()"),
}

BACKFILL = (
    f"INSERT INTO {TABLE} (project_id, status, n) "
    f"SELECT project_id, status, count(*) FROM tasks "
    f"WHERE project_id IS NOT NULL AND {CLOSED_SQL} GROUP BY project_id, status")


def triggers(dialect: str) -> Sequence[str]:
    """The statements that create the counting triggers on `dialect`."""
    if dialect == "postgresql":
        return POSTGRESQL_TRIGGERS
    if dialect == "sqlite":
        return SQLITE_TRIGGERS
    raise NotImplementedError(f"storage supports SQLite and PostgreSQL, not {dialect}")


def install(connection: Connection) -> None:
    """(Re)create the triggers and recount every project from its tasks: the migration's
    step, and what a repair would run. Rows replace whatever was counted before."""
    dialect = connection.dialect.name
    if dialect == "postgresql":  # no task may change between the recount and the triggers
        connection.execute(text("LOCK TABLE tasks IN SHARE ROW EXCLUSIVE MODE"))
    for stmt in DROP[dialect]:
        connection.execute(text(stmt))
    connection.execute(text(f"DELETE FROM {TABLE}"))
    connection.execute(text(BACKFILL))
    for stmt in triggers(dialect):
        connection.execute(text(stmt))


def _after_create(metadata: MetaData, connection: Connection, **_kw: object) -> None:
    """`create_all` made the tables (tests, a fresh schema): add the triggers once both
    `tasks` and the counts exist."""
    if TABLE in metadata.tables and "tasks" in metadata.tables:
        install(connection)


event.listen(Base.metadata, "after_create", _after_create)
