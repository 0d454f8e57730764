"""Which schema revision the database is at, and which this release ships, without Alembic.

Every command that opens the database first checks its schema (`bot.container.
prepare_database`). Importing Alembic for that costs a one-shot command (`taskbot console`
with a script, `taskbot tick`) about 50 ms of its start, so this module reads both sides
directly: the database's `alembic_version` table with one SELECT, and the packaged head
revisions from the `revision` / `down_revision` lines of the files in
`migrations/versions` (a head is a revision no other revision names as its down
revision). Alembic itself is imported only when there is something to migrate
(`adapters.storage.migrate`); a test holds `packaged_heads` equal to Alembic's own
`ScriptDirectory.get_heads()`.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from adapters.storage.engine import READ_ONLY, make_engine

VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
VERSION_TABLE = "alembic_version"
"""Alembic's default, which env.py keeps (no version_table option)."""

_HEADER = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _revision_lines(path: Path) -> tuple[str, tuple[str, ...]]:
    """(revision, down revisions) declared at the top level of one migration file."""
    found: dict[str, object] = {}
    for name, value in _HEADER.findall(path.read_text(encoding="utf-8")):
        try:
            found.setdefault(name, ast.literal_eval(value))
        except (ValueError, SyntaxError):
            raise ValueError(f"{path.name}: write `{name}` as a literal on one line "
                             f"(found {value!r})") from None
    revision, down = found.get("revision"), found.get("down_revision")
    if not isinstance(revision, str):
        raise ValueError(f"{path.name}: no `revision = \"...\"` line")
    if down is None:
        return revision, ()
    if isinstance(down, str):
        return revision, (down,)
    if isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
        return revision, tuple(down)
    raise ValueError(f"{path.name}: `down_revision` is not a revision or a tuple of them")


@cache
def packaged_heads(versions: Path = VERSIONS) -> frozenset[str]:
    """The head revisions of the migrations in `versions` (this package's by default)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in versions.glob("*.py"):
        if path.name.startswith("_"):
            continue
        revision, down = _revision_lines(path)
        revisions.add(revision)
        downs.update(down)
    return frozenset(revisions - downs)


def database_heads(connection: Connection) -> set[str]:
    """The revisions recorded in the database (empty before the first upgrade), as
    Alembic's `MigrationContext.get_current_heads` reads them."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return set()
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return {str(row[0]) for row in rows}


def current_heads(url: str) -> set[str]:
    """The revisions the database at `url` is at. A plain read: it never takes SQLite's
    write lock, so starting a console or a CLI command does not queue behind a long writer
    just to learn that nothing needs migrating."""
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
            return database_heads(connection)
    finally:
        engine.dispose()
