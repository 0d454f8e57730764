"""Starting a console or a CLI command reads the schema version with a plain read: while
another process holds SQLite's write lock, a console script that only reads starts and
answers at once instead of queueing behind the writer (10 s, then "database is locked")."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

TASKBOT = Path(sys.executable).with_name("taskbot")


def _console(url: str, cwd: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TASKBOT_", "SLACK_", "DISCORD_"))}
    return subprocess.run([str(TASKBOT), "console", "--user", "ana", "--db", url],
                          input=script, capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def test_a_reading_console_starts_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    url = f"sqlite:///{path}"
    seeded = _console(url, tmp_path, "/task add Write the spec @ana\n")
    assert seeded.returncode == 0, seeded.stderr
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process mid-write, holding the lock
    writer.execute("UPDATE tenants SET default_tz = default_tz")
    try:
        started = time.monotonic()
        result = _console(url, tmp_path, "/task list\n/task show #1\n")
        took = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 0, result.stderr
    assert "locked" not in result.stderr + result.stdout
    assert "#1 Write the spec" in result.stdout.split("/task show #1")[0]  # the list
    assert "Something went wrong" not in result.stdout
    assert took < 8, f"waited {took:.1f}s for the write lock"  # the busy timeout is 10 s


def test_an_upgrade_still_waits_for_the_lock_and_then_migrates(tmp_path: Path) -> None:
    """A database that does need migrating still migrates (under the write lock)."""
    path = tmp_path / "fresh.db"
    result = _console(f"sqlite:///{path}", tmp_path, "/task list\n")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] >= 1
