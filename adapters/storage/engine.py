"""Engines and sessions. Only `bot` (and tests) call these; importing does nothing."""

from __future__ import annotations

import sqlite3
import time
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
        _wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _wal(cursor: Any) -> None:
    """Put the file in WAL mode (it stays so). Switching a new file needs it alone for a
    moment, and SQLite answers "database is locked" at once, without the busy handler, to a
    connection that asks meanwhile (replicas that start together on a new file, each
    migrating it): such a connection retries, within the busy timeout. A file already in
    WAL mode is only read."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


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
