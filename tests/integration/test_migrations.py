"""The packaged Alembic migrations build exactly the ORM's schema, on both databases."""

from __future__ import annotations

import threading
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from adapters.storage import migrate, schema_version
from adapters.storage.engine import make_engine
from adapters.storage.schema import target_metadata

# Tables that migrations create for a library's own metadata (slack-sdk's OAuth stores):
# they are not in ours, so the comparison leaves them out.
FOREIGN_TABLE_PREFIXES = ("slack_", "task_text_fts")


def _include(obj: Any, name: str | None, type_: str, reflected: bool,
             compare_to: Any) -> bool:
    if type_ == "table" and reflected and compare_to is None:
        return not (name or "").startswith(FOREIGN_TABLE_PREFIXES)
    return True


def _index_sql(url: str) -> dict[str, str]:
    """Each index's definition as the database reports it."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                rows = conn.execute(text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
            else:
                rows = conn.execute(text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
            return {name: sql for name, sql in rows}
    finally:
        engine.dispose()


def test_upgrade_builds_exactly_the_orm_schema(db_url: str) -> None:
    assert schema_version.current_heads(db_url) == set()
    assert migrate.current(db_url) == ""
    migrate.upgrade(db_url)
    assert schema_version.current_heads(db_url) == migrate.heads()
    assert migrate.current(db_url) == ", ".join(sorted(migrate.heads()))

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": _include})
            diff = compare_metadata(context, target_metadata())
    finally:
        engine.dispose()
    assert diff == []


def test_partial_indexes_are_partial_in_the_database(db_url: str) -> None:
    migrate.upgrade(db_url)
    in_db = _index_sql(db_url)
    for table in target_metadata().tables.values():
        for index in table.indexes:
            assert index.name in in_db, index.name
            partial = index.dialect_options["sqlite"]["where"] is not None
            assert ("WHERE" in in_db[index.name].upper()) == partial, index.name


def test_upgrade_twice_is_a_no_op(sqlite_url: str) -> None:
    migrate.upgrade(sqlite_url)
    migrate.upgrade(sqlite_url)
    assert schema_version.current_heads(sqlite_url) == migrate.heads()


def test_replicas_migrating_at_once_both_succeed(db_url: str) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            migrate.upgrade(db_url)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert schema_version.current_heads(db_url) == migrate.heads()
