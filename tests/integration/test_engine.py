"""Engine set-up: SQLite pragmas on every connection, the database's folder created, and a
package import that builds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from adapters.storage.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine


def test_sqlite_connections_get_wal_and_friends(tmp_path: Path) -> None:
    db = tmp_path / "not" / "yet" / "there" / "taskbot.db"
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            def pragma(name: str) -> object:
                return conn.execute(text(f"PRAGMA {name}")).scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 1  # NORMAL
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == SQLITE_BUSY_TIMEOUT_MS
    finally:
        engine.dispose()
    assert db.exists()


def test_postgres_engine_pings_its_pool(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        assert engine.pool._pre_ping
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_importing_the_package_builds_nothing() -> None:
    code = ("import sys, adapters.storage as s; "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic', "
            "'adapters.storage.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
