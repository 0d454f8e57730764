"""The SQLite WAL is checkpointed by a background thread, not inside a command's commit.

A page reaches the main database file only through a checkpoint, so the file's size tells
whether one ran: 300 rows of 4 kB are ~1,200 WAL pages, past SQLite's default automatic
checkpoint (1,000) but far below the backstop the bot's connections use."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import Engine, text

from adapters.storage.checkpoint import BACKSTOP_PAGES, WalCheckpointer
from adapters.storage.engine import make_engine
from bot.container import build
from bot.settings import Settings

ROWS_BYTES = 300 * 4000


def _write(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
    for _ in range(300):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (body) VALUES (:b)"), {"b": "x" * 4000})
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == BACKSTOP_PAGES


def test_commits_leave_checkpoints_to_the_thread(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    engine = make_engine(f"sqlite:///{db}")
    idle = WalCheckpointer(engine, interval=3600).start()
    try:
        _write(engine)
        assert db.stat().st_size < ROWS_BYTES  # no commit checkpointed
        idle.stop()  # stopping runs one last checkpoint
        assert db.stat().st_size > ROWS_BYTES
        assert not idle.running
    finally:
        idle.stop()
        engine.dispose()


def test_the_thread_checkpoints_while_the_bot_runs(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    engine = make_engine(f"sqlite:///{db}")
    checkpointer = WalCheckpointer(engine, interval=0.05).start()
    try:
        _write(engine)
        deadline = time.monotonic() + 10
        while db.stat().st_size < ROWS_BYTES and time.monotonic() < deadline:
            time.sleep(0.05)
        assert db.stat().st_size > ROWS_BYTES
    finally:
        checkpointer.stop()
        engine.dispose()


def test_the_container_runs_one_for_a_sqlite_file_and_stops_it(tmp_path: Path) -> None:
    container = build(Settings(TASKBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}"))
    checkpointer = container.checkpointer
    assert checkpointer is not None and checkpointer.running
    container.close()
    assert not checkpointer.running


def test_no_thread_for_an_in_memory_database() -> None:
    container = build(Settings(TASKBOT_DATABASE_URL="sqlite://"))
    try:
        assert container.checkpointer is None
    finally:
        container.close()
