"""Alembic environment. `adapters.storage.migrate` passes an open connection in
`config.attributes["connection"]`; the `alembic` command line (with this folder's
alembic.ini) uses TASKBOT_DATABASE_URL instead."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection

from adapters.storage.engine import make_engine
from adapters.storage.schema import target_metadata

config = context.config
metadata = target_metadata()


def _url() -> str:
    url = os.environ.get("TASKBOT_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set TASKBOT_DATABASE_URL to the database to migrate")
    return url


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (given := config.attributes.get("connection")) is not None:
    _run(given)
else:
    engine = make_engine(_url())
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()
