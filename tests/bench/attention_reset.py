"""Empty a benchmark's server database (drop and recreate the public schema)."""

from __future__ import annotations

from sqlalchemy import text

from adapters.storage.engine import make_engine


def reset(url: str) -> None:
    if url.startswith("sqlite"):
        return
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
