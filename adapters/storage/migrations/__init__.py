"""Alembic migrations of the storage schema (run them with `adapters.storage.migrate`)."""
