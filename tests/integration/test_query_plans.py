"""Every task query the repository sends is index-backed: on a few thousand tasks, no plan
scans the whole tasks table, and no paged list sorts its rows (the index gives the order)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from adapters.storage._sql import DEPS, TASKS
from adapters.storage.engine import make_session_factory
from adapters.storage.orm import NO_DUE, PRIORITY_ORDER
from adapters.storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from core.model import Priority, Status
from core.ports import TaskQuery
from tests.integration.builders import T0, World, make_world

N_TASKS = 3000


def _fill(uow: SqlUnitOfWork, w: World, extra_members: list[int]) -> None:
    rnd = random.Random(7)
    people = [w.ana.id, w.bob.id, *extra_members]
    statuses = [Status.OPEN, Status.OPEN, Status.IN_PROGRESS, Status.DONE, Status.DROPPED]
    rows = []
    for n in range(1, N_TASKS + 1):
        status, priority = rnd.choice(statuses), rnd.choice(list(Priority))
        due = T0 + dt.timedelta(days=rnd.randint(-9, 30)) if rnd.random() < 0.6 else None
        rows.append({
            "tenant_id": w.tenant.id, "number": n, "title": f"t{n}", "status": status.value,
            "priority": priority.value, "priority_order": PRIORITY_ORDER[priority],
            "creator_id": w.ana.id, "assignee_id": rnd.choice(people),
            "project_id": w.project.id if n % 10 == 0 else None, "created_at": T0,
            "due_at": due, "due_sort": due or NO_DUE,
            "done_at": None if status.is_active else T0 + dt.timedelta(minutes=n),
            "open_blocker_count": int(rnd.random() < 0.05), "extra": {},
        })
    uow.session.execute(TASKS.insert(), rows)
    ids = uow.session.execute(TASKS.select().with_only_columns(TASKS.c.id)).scalars().all()
    uow.session.execute(DEPS.insert(), [
        {"blocker_id": a, "blocked_id": b, "tenant_id": w.tenant.id}
        for a, b in zip(ids[::3], ids[1::3], strict=False)])


@pytest.fixture
def filled(engine: Engine) -> Iterator[tuple[SqlUnitOfWorkFactory, World]]:
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    w = make_world(uows)
    with uows() as uow:
        more = [uow.members.add(w.tenant.id, f"X{i}", f"x{i}").id for i in range(30)]
        _fill(uow, w, more)
        uow.commit()
    yield uows, w


def _calls(uow: SqlUnitOfWork, w: World) -> dict[str, Callable[[], Any]]:
    t, a, p, now = w.tenant.id, w.ana.id, w.project.id, T0
    calls: dict[str, Callable[[], Any]] = {
        "get": lambda: uow.tasks.get(t, 5),
        "get_many": lambda: uow.tasks.get_many(t, [5, 6, 7]),
        "project_counts": lambda: uow.tasks.project_counts(p),
        "project_load": lambda: uow.tasks.project_load(p, now),
        "project_active": lambda: uow.tasks.project_active(p, 20),
        "blockers_of_many": lambda: uow.tasks.blocker_ids_of_many([2, 5, 8]),
        "dependents": lambda: uow.tasks.dependent_ids(4),
    }
    for state in ("open", "blocked", "overdue", "done"):
        for label, kw in (("all", {}), ("mine", {"assignee_id": a}),
                          ("project", {"project_id": p})):
            q = TaskQuery(t, state, now=now, **kw)
            calls[f"{state} {label}"] = lambda q=q: uow.tasks.query(q)
    search = TaskQuery(t, "open", now=now, title_contains="T12")  # the type-ahead
    calls["open search"] = lambda: uow.tasks.query(search)
    return calls


def _plans(uow: SqlUnitOfWork, fn: Callable[[], Any]) -> list[str]:
    """Run `fn`, then EXPLAIN each statement it sent, with its own parameters."""
    conn = uow.session.connection()
    sent: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, params: Any, *_: Any) -> None:
        sent.append((statement, params))

    event.listen(conn, "before_cursor_execute", record)
    try:
        fn()
    finally:
        event.remove(conn, "before_cursor_execute", record)
    plans = []
    for statement, params in sent:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params)
            plans.append("\n".join(str(r[-1]) for r in rows))
        else:
            rows = conn.exec_driver_sql(f"EXPLAIN {statement}", params)
            plans.append("\n".join(str(r[0]) for r in rows))
    return plans


def test_every_task_query_is_index_backed(filled: tuple[SqlUnitOfWorkFactory, World]) -> None:
    uows, w = filled
    with uows() as uow:
        sqlite = uow.session.get_bind().dialect.name == "sqlite"
        if not sqlite:  # small tables: make PostgreSQL show whether an index *can* serve
            uow.session.connection().exec_driver_sql("SET LOCAL enable_seqscan = off")
        for name, fn in _calls(uow, w).items():
            for plan in _plans(uow, fn):
                if sqlite:
                    lines = plan.splitlines()
                    assert not any(ln.strip() in ("SCAN tasks", "SCAN task_deps")
                                   for ln in lines), (name, plan)
                    if name.split()[0] in ("open", "blocked", "overdue", "done"):
                        assert "TEMP B-TREE FOR ORDER BY" not in plan, (name, plan)
                else:
                    assert "Seq Scan on tasks" not in plan, (name, plan)
                    assert "Seq Scan on task_deps" not in plan, (name, plan)
