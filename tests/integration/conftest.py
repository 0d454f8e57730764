"""Real databases for the integration tests.

`sqlite_url`: a fresh SQLite file per test. `pg_url`: a fresh PostgreSQL database per test
(`taskbot_test_<hex>`, created on the server named by TASKBOT_TEST_DATABASE_URL and dropped
afterwards); without that variable the PostgreSQL cases are skipped, and say so.
`db_url` runs a test on both (empty databases); `migrated_url` likewise, as the migrations
leave them (copies of a template migrated once per test process, tests/migrated.py);
`schema_url` likewise, with the whole schema created; `engine` / `session_factory` /
`uow_factory` build on `schema_url`."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.schema import target_metadata
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.ports import UnitOfWorkFactory
from tests.fakes import FakeUnitOfWorkFactory
from tests.migrated import migrated_pg, migrated_sqlite, pg_database

PG_ENV = "TASKBOT_TEST_DATABASE_URL"
PG_SKIP = f"{PG_ENV} not set: PostgreSQL cases skipped"


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'taskbot.db'}"


def _pg_server() -> str:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(PG_SKIP)
    return server


@pytest.fixture
def pg_url() -> Iterator[str]:
    """An empty PostgreSQL database of its own."""
    with pg_database(_pg_server()) as url:
        yield url


@pytest.fixture
def pg_migrated_url() -> Iterator[str]:
    """A PostgreSQL database of its own, as the migrations leave it (a template's copy)."""
    with migrated_pg(_pg_server()) as url:
        yield url


@pytest.fixture(scope="session")
def _pg_schema_db() -> Iterator[str]:
    """One PostgreSQL database with the whole schema per test process; each test using it
    starts from emptied tables (much faster than CREATE DATABASE per test)."""
    with pg_database(_pg_server()) as url:
        engine = make_engine(url)
        target_metadata().create_all(engine)
        engine.dispose()
        yield url


def _empty_all_tables(url: str) -> None:
    """DELETE, not TRUNCATE: on tables this small it is several times faster."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for table in reversed(target_metadata().sorted_tables):
                conn.execute(table.delete())
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database, SQLite or PostgreSQL."""
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> str:
    """A database of its own as `migrate.upgrade` leaves it, SQLite or PostgreSQL (a copy
    of a template migrated once per test process: tests/migrated.py)."""
    if request.param == "sqlite":
        return migrated_sqlite(tmp_path_factory.mktemp("db") / "taskbot.db")
    url: str = request.getfixturevalue("pg_migrated_url")
    return url


def _with_schema(request: pytest.FixtureRequest, kind: str) -> str:
    if kind == "sqlite":
        url: str = request.getfixturevalue("sqlite_url")
        engine = make_engine(url)
        target_metadata().create_all(engine)
        engine.dispose()
        return url
    url = request.getfixturevalue("_pg_schema_db")
    _empty_all_tables(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def schema_url(request: pytest.FixtureRequest) -> str:
    """A database with the whole schema created, SQLite or PostgreSQL."""
    return _with_schema(request, request.param)


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[UnitOfWorkFactory]:
    """The repositories' contract: each test that takes `store` runs over the in-memory fakes
    the unit tests use, SQLite and PostgreSQL (as APScheduler 4 runs its data-store tests
    over every store), so a fake cannot drift from what the database does."""
    if request.param == "fake":
        yield FakeUnitOfWorkFactory()
        return
    engine = make_engine(_with_schema(request, request.param))
    yield SqlUnitOfWorkFactory(make_session_factory(engine))
    engine.dispose()


@pytest.fixture
def engine(schema_url: str) -> Iterator[Engine]:
    engine = make_engine(schema_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def uow_factory(session_factory: sessionmaker[Session]) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory)
