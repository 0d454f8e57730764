"""A tick reads only what is due: on SQLite, every query of an idle tick and of the due
lists is index-backed (no full scan of a schedule table or of tasks)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event

from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.schema import target_metadata
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.ports import FixedClock
from core.scheduling.tick import Ticker


def test_idle_tick_queries_use_indexes(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    target_metadata().create_all(engine)
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    event.listen(engine, "before_cursor_execute", record)
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    Ticker(uows, FixedClock(dt.datetime(2026, 3, 2, tzinfo=dt.UTC))).tick()
    event.remove(engine, "before_cursor_execute", record)
    assert statements
    with engine.connect() as conn:
        for statement, params in statements:
            plan = [str(row[-1]) for row in
                    conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params).all()]
            full_scans = [step for step in plan
                          if step.startswith("SCAN ") and "USING" not in step]
            assert full_scans == [], (statement, plan)
    engine.dispose()
