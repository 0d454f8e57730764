"""The batch writes (`reserve_task_numbers`, `TaskRepository.add_many|add_edges`,
`HistoryRepository.add_many`) over the fakes, SQLite and PostgreSQL: they write what the
one-row methods write, ids match their rows, and a cross-tenant edge writes nothing."""

from __future__ import annotations

import itertools

import pytest

from core.model import Priority, Task
from core.ports import HistoryRecord, UnitOfWorkFactory
from tests.integration.builders import T0, World, add_task, make_world


@pytest.fixture
def w(store: UnitOfWorkFactory) -> World:
    return make_world(store)


def _task(w: World, number: int, title: str) -> Task:
    return Task(id=0, tenant_id=w.tenant.id, number=number, title=title,
                creator_id=w.ana.id, created_at=T0, priority=Priority.HIGH,
                assignee_id=w.bob.id, project_id=w.project.id, open_blocker_count=1)


def test_numbers_reserved_in_one_step_follow_the_ones_given_before(
        store: UnitOfWorkFactory, w: World) -> None:
    with store() as uow:
        add_task(uow, w, "first")
        assert uow.tenants.reserve_task_numbers(w.tenant.id, 3) == 2
        assert uow.tenants.next_task_number(w.tenant.id) == 5
        with pytest.raises(ValueError):
            uow.tenants.reserve_task_numbers(w.tenant.id, 0)


def test_add_many_writes_every_task_with_its_own_id(store: UnitOfWorkFactory,
                                                    w: World) -> None:
    with store() as uow:
        first = uow.tenants.reserve_task_numbers(w.tenant.id, 3)
        made = uow.tasks.add_many([_task(w, first + i, f"t{i}") for i in range(3)])
        assert uow.tasks.add_many([]) == []
        uow.commit()
    assert [t.number for t in made] == [1, 2, 3]
    assert len({t.id for t in made}) == 3 and all(t.id > 0 for t in made)
    with store() as uow:
        got = uow.tasks.get_by_ids([t.id for t in made])
    for task in made:
        assert got[task.id] == task
        assert got[task.id].title == f"t{task.number - 1}"


def test_edges_and_history_in_one_write_each(store: UnitOfWorkFactory, w: World) -> None:
    with store() as uow:
        a, b, c = uow.tasks.add_many([_task(w, n, f"t{n}") for n in (1, 2, 3)])
        uow.tasks.add_edges(w.tenant.id, [(a.id, b.id), (a.id, c.id), (b.id, c.id)])
        uow.tasks.add_edges(w.tenant.id, [(a.id, b.id)])  # a repeat is a no-op
        uow.tasks.add_edges(w.tenant.id, [])
        uow.history.add_many([HistoryRecord(task_id=t.id, actor_id=w.ana.id, at=T0,
                                            kind="created", text=f"made {t.ref}")
                              for t in (a, b, c)])
        uow.history.add_many([])
        uow.commit()
    with store() as uow:
        assert uow.tasks.blocker_ids_of_many([b.id, c.id]) == {b.id: [a.id],
                                                              c.id: sorted([a.id, b.id])}
        assert [h.text for h in uow.history.for_task(c.id, 5)] == ["made #3"]


def test_an_edge_to_another_tenants_task_writes_nothing(store: UnitOfWorkFactory,
                                                        w: World) -> None:
    other = make_world(store, workspace="T2")
    with store() as uow:
        mine = add_task(uow, w, "mine")
        theirs = add_task(uow, other, "theirs")
        uow.commit()
    with store() as uow, pytest.raises(ValueError):
        uow.tasks.add_edges(w.tenant.id, [(mine.id, mine.id + 10**6)])
    with store() as uow:
        with pytest.raises(ValueError):
            uow.tasks.add_edges(w.tenant.id, [(theirs.id, mine.id)])
        assert uow.tasks.blocker_ids(mine.id) == []


def test_more_rows_than_one_in_list_binds(store: UnitOfWorkFactory, w: World) -> None:
    n = 1100  # more than IN_MAX (500) twice over
    with store() as uow:
        first = uow.tenants.reserve_task_numbers(w.tenant.id, n)
        made = uow.tasks.add_many([_task(w, first + i, f"t{i}") for i in range(n)])
        uow.tasks.add_edges(w.tenant.id, [(a.id, b.id) for a, b in itertools.pairwise(made)])
        uow.commit()
    assert len({t.id for t in made}) == n
    with store() as uow:
        last = uow.tasks.get(w.tenant.id, n)
        assert last is not None and last.id == made[-1].id
        assert uow.tasks.blocker_ids(last.id) == [made[-2].id]
