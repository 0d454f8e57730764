"""The task repository against real SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from core.model import Priority, Status
from core.ports import HistoryRecord, LoadRow, TaskQuery, UnitOfWorkFactory
from tests.integration.builders import T0, World, add_task, make_world

DAY = dt.timedelta(days=1)


@pytest.fixture
def w(store: UnitOfWorkFactory) -> World:
    return make_world(store)


def test_add_get_roundtrip_keeps_every_field(store: UnitOfWorkFactory,
                                             w: World) -> None:
    due = dt.datetime(2026, 3, 6, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    with store() as uow:
        task = add_task(uow, w, "Write the spec", assignee=w.bob, project=w.project,
                        due_at=due, priority=Priority.URGENT)
        task.description, task.source_link, task.channel_id = "long text", "https://x", "C9"
        task.extra = {"recur": {"every": "week"}, "n": 3}
        uow.tasks.update(task)
        uow.commit()
    with store() as uow:
        got = uow.tasks.get(w.tenant.id, task.number)
    assert got is not None
    assert got == task
    assert got.id > 0 and got.number == 1
    assert got.due_at == due and got.due_at.tzinfo is not None
    assert got.created_at == T0


def test_get_many_and_get_by_ids_return_only_what_exists(store: UnitOfWorkFactory,
                                                         w: World) -> None:
    with store() as uow:
        a, b = add_task(uow, w, "a"), add_task(uow, w, "b")
        uow.commit()
    with store() as uow:
        assert set(uow.tasks.get_many(w.tenant.id, [a.number, b.number, 99])) == {1, 2}
        assert set(uow.tasks.get_by_ids([a.id, b.id, 10**9])) == {a.id, b.id}
        assert uow.tasks.get_many(w.tenant.id, []) == {}
        assert uow.tasks.get_by_ids([]) == {}
        assert uow.tasks.get(w.tenant.id, 99) is None


def test_update_writes_fields_but_never_the_blocker_count(store: UnitOfWorkFactory,
                                                          w: World) -> None:
    with store() as uow:
        task = add_task(uow, w, "t")
        uow.commit()
    with store() as uow:
        stale = uow.tasks.get(w.tenant.id, task.number)
        assert stale is not None
        uow.tasks.adjust_open_blockers([task.id], 2)
        stale.title, stale.status, stale.started_at = "renamed", Status.IN_PROGRESS, T0
        stale.priority = Priority.LOW
        uow.tasks.update(stale)
        uow.commit()
    with store() as uow:
        got = uow.tasks.get(w.tenant.id, task.number)
    assert got is not None
    assert (got.title, got.status, got.priority, got.started_at) == (
        "renamed", Status.IN_PROGRESS, Priority.LOW, T0)
    assert got.open_blocker_count == 2


def test_rollback_discards_everything(store: UnitOfWorkFactory, w: World) -> None:
    with store() as uow:
        add_task(uow, w, "never")
    with store() as uow:
        assert uow.tasks.get(w.tenant.id, 1) is None
        assert uow.tenants.next_task_number(w.tenant.id) == 1


def test_edges_and_blocker_counts(store: UnitOfWorkFactory, w: World) -> None:
    with store() as uow:
        a, b, c = (add_task(uow, w, n) for n in "abc")
        uow.tasks.add_edge(a.id, c.id)
        uow.tasks.add_edge(b.id, c.id)
        uow.tasks.add_edge(a.id, b.id)
        uow.tasks.add_edge(a.id, b.id)  # a repeat is a no-op
        uow.tasks.adjust_open_blockers([b.id, c.id], 1)
        uow.tasks.adjust_open_blockers([c.id], 1)
        uow.commit()
    with store() as uow:
        assert uow.tasks.blocker_ids(c.id) == [a.id, b.id]
        assert uow.tasks.dependent_ids(a.id) == [b.id, c.id]
        assert uow.tasks.blocker_ids_of_many([b.id, c.id, a.id]) == {
            b.id: [a.id], c.id: [a.id, b.id]}
        assert uow.tasks.blocker_ids_of_many([]) == {}
        counts = {t.id: t.open_blocker_count for t in uow.tasks.get_by_ids([a.id, b.id, c.id])
                  .values()}
        assert counts == {a.id: 0, b.id: 1, c.id: 2}
        assert uow.tasks.remove_edge(a.id, c.id) is True
        assert uow.tasks.remove_edge(a.id, c.id) is False
        uow.tasks.adjust_open_blockers([c.id], -1)
        uow.commit()
    with store() as uow:
        assert uow.tasks.blocker_ids(c.id) == [b.id]
        got = uow.tasks.get(w.tenant.id, c.number)
        assert got is not None and got.open_blocker_count == 1


def test_delete_removes_edges_and_history(store: UnitOfWorkFactory,
                                          w: World) -> None:
    with store() as uow:
        a, b, c = (add_task(uow, w, n) for n in "abc")
        uow.tasks.add_edge(a.id, b.id)
        uow.tasks.add_edge(b.id, c.id)
        for t in (a, b):
            uow.history.add(HistoryRecord(t.id, w.ana.id, T0, "created", "made it"))
        uow.commit()
    with store() as uow:
        uow.tasks.delete(b)
        uow.commit()
    with store() as uow:
        assert uow.tasks.get(w.tenant.id, b.number) is None
        assert uow.tasks.dependent_ids(a.id) == []
        assert uow.tasks.blocker_ids(c.id) == []
        assert uow.history.for_task(b.id, 10) == []
        assert len(uow.history.for_task(a.id, 10)) == 1


def test_cross_tenant_edge_is_refused(store: UnitOfWorkFactory, w: World) -> None:
    other = make_world(store, "T2")
    with store() as uow:
        mine, theirs = add_task(uow, w), add_task(uow, other)
        with pytest.raises(ValueError):
            uow.tasks.add_edge(theirs.id, mine.id)
        assert uow.tasks.blocker_ids(mine.id) == []


def _numbers(store: UnitOfWorkFactory, q: TaskQuery) -> list[int]:
    with store() as uow:
        return [t.number for t in uow.tasks.query(q)]


def test_query_states_order_filters_and_pages(store: UnitOfWorkFactory,
                                              w: World) -> None:
    now = T0 + 3 * DAY
    with store() as uow:
        t1 = add_task(uow, w, "undated normal", assignee=w.ana)            # 1
        add_task(uow, w, "undated urgent", priority=Priority.URGENT)       # 2
        add_task(uow, w, "due later", due_at=T0 + 9 * DAY, assignee=w.ana)  # 3
        add_task(uow, w, "overdue", due_at=T0, project=w.project)          # 4
        t5 = add_task(uow, w, "overdue high", due_at=T0, priority=Priority.HIGH,
                      status=Status.IN_PROGRESS, assignee=w.ana, project=w.project)  # 5
        add_task(uow, w, "done early", status=Status.DONE, done_at=T0 + DAY,
                 assignee=w.ana)                                            # 6
        add_task(uow, w, "dropped late", status=Status.DROPPED, done_at=T0 + 2 * DAY,
                 due_at=T0)                                                 # 7
        uow.tasks.adjust_open_blockers([t1.id, t5.id], 1)
        uow.commit()
    tid = w.tenant.id
    assert _numbers(store, TaskQuery(tid, "open")) == [5, 4, 3, 2, 1]
    assert _numbers(store, TaskQuery(tid, "open", assignee_id=w.ana.id)) == [5, 3, 1]
    assert _numbers(store, TaskQuery(tid, "open", project_id=w.project.id)) == [5, 4]
    assert _numbers(store, TaskQuery(tid, "blocked")) == [5, 1]
    assert _numbers(store, TaskQuery(tid, "overdue", now=now)) == [5, 4]
    assert _numbers(store, TaskQuery(tid, "overdue", now=now,
                                           assignee_id=w.ana.id)) == [5]
    assert _numbers(store, TaskQuery(tid, "done")) == [7, 6]
    assert _numbers(store, TaskQuery(tid, "done", assignee_id=w.ana.id)) == [6]
    assert _numbers(store, TaskQuery(tid, "open", limit=2)) == [5, 4]
    assert _numbers(store, TaskQuery(tid, "open", limit=2, offset=2)) == [3, 2]
    assert _numbers(store, TaskQuery(tid, "open", limit=2, offset=4)) == [1]
    assert _numbers(store, TaskQuery(tid, "open", assignee_id=w.bob.id)) == []


def test_project_read_models(store: UnitOfWorkFactory, w: World) -> None:
    now = T0 + 3 * DAY
    p = w.project
    with store() as uow:
        add_task(uow, w, "a", project=p, assignee=w.ana, due_at=T0)
        add_task(uow, w, "b", project=p, assignee=w.ana, status=Status.IN_PROGRESS)
        add_task(uow, w, "c", project=p, assignee=w.bob, due_at=T0 + 9 * DAY)
        add_task(uow, w, "d", project=p)
        add_task(uow, w, "e", project=p, status=Status.DONE, assignee=w.bob)
        add_task(uow, w, "f", project=p, status=Status.DROPPED)
        add_task(uow, w, "not in project", assignee=w.ana)
        uow.commit()
    with store() as uow:
        counts = uow.tasks.project_counts(p.id)
        assert counts.by_status == {"open": 3, "in_progress": 1, "done": 1, "dropped": 1}
        assert counts.total == 6
        assert uow.tasks.project_load(p.id, now) == [
            LoadRow(w.ana.id, 2, 1, 1), LoadRow(w.bob.id, 1, 0, 0), LoadRow(None, 1, 0, 0)]
        assert [t.title for t in uow.tasks.project_active(p.id, 3)] == ["a", "c", "b"]
        assert uow.tasks.project_counts(10**9).total == 0
