"""Engines and sessions. Only `bot` (and tests) call these; importing does nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "taskbot_read_only"
"""Execution option of a connection that only reads: on SQLite its transactions begin
DEFERRED (no write lock), so a reader never queues behind a writer (WAL)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings: WAL lets readers run beside the one writer;
    synchronous=NORMAL is durable across application crashes and fast in WAL mode; the busy
    timeout makes a second writer wait for the lock instead of failing at once."""
    # Let SQLAlchemy's "begin" event open transactions (pysqlite's own would defer them).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock when a transaction begins, not at its first write: a command
    reads then writes, and two commands on the same task (a double click) must not both read
    it open. The second waits (busy_timeout), then reads what the first committed.
    A connection marked `READ_ONLY` (a schema check, a read-only command) begins DEFERRED:
    it reads a snapshot beside the writer instead of waiting for it."""
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`: SQLite (file created with its parent directory, WAL) or
    PostgreSQL via psycopg 3 (`postgresql+psycopg://...`, connections pinged from the pool)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, echo=echo,
            connect_args={"check_same_thread": False,
                          "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(parsed, echo=echo, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)
