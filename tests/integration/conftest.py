"""Real databases for the integration tests.

`sqlite_url`: a fresh SQLite file per test. `pg_url`: a fresh PostgreSQL database per test
(`taskbot_test_<hex>`, created on the server named by TASKBOT_TEST_DATABASE_URL and dropped
afterwards); without that variable the PostgreSQL cases are skipped, and say so.
`db_url` runs a test on both. `engine` / `session_factory` / `uow_factory` build on
`db_url` with the whole schema created."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.schema import target_metadata
from adapters.storage.uow import SqlUnitOfWorkFactory

PG_ENV = "TASKBOT_TEST_DATABASE_URL"
PG_SKIP = f"{PG_ENV} not set: PostgreSQL cases skipped"


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'taskbot.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(PG_SKIP)
    name = f"taskbot_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    target_metadata().create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def uow_factory(session_factory: sessionmaker[Session]) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory)
