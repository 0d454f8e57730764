"""Migration 0016_find9 on a database with tasks already in it: `updated_at` is the last
history row's time (else the creation), and the search finds the old titles, descriptions
and comments at once (SQLite FTS5 and PostgreSQL tsvector); downgrading removes it all."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import text

from adapters.storage import migrate
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.uow import SqlUnitOfWork

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_upgrade_fills_updated_at_and_the_search_index(db_url: str) -> None:
    migrate.upgrade(db_url, "0015_reports10")  # before the index, after the project layer
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO tenants (id, platform, workspace_id, default_tz, "
                              "next_task_number) VALUES (1, 'slack', 'T1', 'UTC', 2)"))
            conn.execute(text("INSERT INTO members (id, tenant_id, user_id, display_name, "
                              "name_key, role, dm_unreachable) VALUES "
                              "(1, 1, 'U1', 'Ana', 'ana', 'admin', false)"))
            for number, title, desc in ((1, "Crème brûlée", None),
                                        (2, "Plain", "Straße work")):
                conn.execute(text(
                    "INSERT INTO tasks (id, tenant_id, number, title, description, status, "
                    "priority, priority_order, creator_id, created_at, due_sort, "
                    "open_blocker_count, extra) VALUES (:n, 1, :n, :t, :d, 'open', "
                    "'normal', 2, 1, :at, :far, 0, '{}')"),
                    {"n": number, "t": title, "d": desc, "at": _at(db_url, T0),
                     "far": _at(db_url, dt.datetime(9999, 12, 31, tzinfo=dt.UTC))})
            conn.execute(text("INSERT INTO task_history (task_id, actor_id, at, kind, text) "
                              "VALUES (2, 1, :at, 'comment', 'Café au lait')"),
                         {"at": _at(db_url, T0 + dt.timedelta(days=3))})
            conn.execute(text("INSERT INTO projects (id, tenant_id, name, name_key, archived) "
                              "VALUES (1, 1, 'launch', 'launch', false)"))
            conn.execute(text("INSERT INTO plan_decisions (id, tenant_id, project_id, "
                              "member_id, at, text, numbers) VALUES (1, 1, 1, 1, :at, "
                              "'Drop the SSO login', '1')"), {"at": _at(db_url, T0)})
            conn.execute(text("INSERT INTO plan_decision_tasks (decision_id, task_id) "
                              "VALUES (1, 1)"))
        migrate.upgrade(db_url)
        with SqlUnitOfWork(make_session_factory(engine)) as uow:
            def found(*words: str) -> list[int]:
                return [t.number for t in uow.finder.search(1, (words,), 10)]

            assert found("creme") == [1]
            assert found("strasse") == [2]
            assert found("cafe", "au") == [2]
            assert found("sso", "login") == [1]  # a decision naming the task
            tasks = uow.tasks.get_many(1, [1, 2])
            updated = {n: at for n, at in uow.session.execute(
                text("SELECT number, updated_at FROM tasks"))}
            assert tasks and len(updated) == 2
            assert str(updated[2])[:10] == "2026-03-05" and str(updated[1])[:10] == "2026-03-02"
        with engine.begin() as conn:
            command.downgrade(migrate.alembic_config(conn), "0009_slack_requests_seen")
        with engine.connect() as conn:
            tables = conn.dialect.get_table_names(conn)
            assert "task_text" not in tables and "task_text_fts" not in tables
    finally:
        engine.dispose()


def _at(url: str, when: dt.datetime) -> object:
    """A time as the storage writes it: naive UTC text on SQLite, aware on PostgreSQL."""
    return when.replace(tzinfo=None).isoformat(sep=" ") if url.startswith("sqlite") else when
