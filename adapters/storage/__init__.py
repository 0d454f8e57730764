"""SQLAlchemy storage: the core's repositories, unit of work and outbox on SQLite or
PostgreSQL. Importing this package creates no engine and touches no database; `bot`
calls `make_engine` / `make_session_factory` and `migrate.upgrade`."""
