"""Run the package's Alembic migrations programmatically (`taskbot db upgrade`, and
`taskbot run` on an embedded SQLite database).

Only migrating needs Alembic: checking the version does not (`schema_version`).

`upgrade` goes to `heads`, plural: revisions from separate features (the scheduler's
0002, Slack OAuth's 0003) branch from 0001_initial independently, and every head is
applied."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

from adapters.storage.engine import make_engine
from adapters.storage.schema_version import current_heads

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged scripts, optionally bound to an open connection."""
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


MIGRATION_LOCK = 7_305_191_404  # any constant: the advisory lock all migrators share


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at `url` up to `revision` (all heads by default), in one
    transaction. Processes that start together may all call this: on PostgreSQL they queue
    on an advisory lock, on SQLite on the write lock (BEGIN IMMEDIATE, see engine.py); the
    first migrates and the others find nothing left to do."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": MIGRATION_LOCK})
            command.upgrade(alembic_config(connection), revision)
    finally:
        engine.dispose()


def current(url: str) -> str:
    """The database's revisions for people: "0001_initial, 0002_scheduler"; "" when empty."""
    return ", ".join(sorted(current_heads(url)))


def heads() -> set[str]:
    """The head revisions the package ships, as Alembic reads them (what `upgrade` goes
    to). Start-up uses `schema_version.packaged_heads`, the same without Alembic."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())
