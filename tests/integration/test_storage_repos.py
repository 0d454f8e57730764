"""Tenants, members, projects, history; tenant isolation; concurrent task numbers."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine

from adapters.storage.engine import make_session_factory
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.errors import UserError
from core.model import Role, Status, TenantKey
from core.ports import HistoryRecord, TaskQuery, UnitOfWorkFactory
from tests.integration.builders import T0, add_task, make_world


def test_tenant_get_or_create_is_idempotent(store: UnitOfWorkFactory) -> None:
    with store() as uow:
        a = uow.tenants.get_or_create(TenantKey("slack", "T1"))
        b = uow.tenants.get_or_create(TenantKey("slack", "T1"))
        c = uow.tenants.get_or_create(TenantKey("discord", "T1"))
        uow.commit()
    assert a == b and a.id != c.id
    assert a.key == TenantKey("slack", "T1") and a.default_tz == "UTC"


def test_task_numbers_count_per_tenant(store: UnitOfWorkFactory) -> None:
    with store() as uow:
        one = uow.tenants.get_or_create(TenantKey("slack", "T1"))
        two = uow.tenants.get_or_create(TenantKey("slack", "T2"))
        got = [uow.tenants.next_task_number(t.id) for t in (one, one, two, one)]
        uow.commit()
    assert got == [1, 2, 1, 3]


def test_members(store: UnitOfWorkFactory) -> None:
    with store() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", "local"))
        assert uow.members.count(tenant.id) == 0
        ana = uow.members.add(tenant.id, "U1", "Ana María", Role.ADMIN)
        again = uow.members.add(tenant.id, "U1", "someone else")  # same person: no error
        bob = uow.members.add(tenant.id, "U2", "Bob")
        uow.commit()
    assert again == ana and ana.role is Role.ADMIN and ana.tz is None
    with store() as uow:
        assert uow.members.count(tenant.id) == 2
        assert uow.members.get(tenant.id, "U2") == bob
        assert uow.members.get(tenant.id, "nobody") is None
        assert uow.members.by_name(tenant.id, "ANA MARÍA") == ana
        assert uow.members.by_name(tenant.id, "ana") is None
        assert uow.members.get_many([ana.id, bob.id, 10**9]) == {ana.id: ana, bob.id: bob}
        assert uow.members.get_many([]) == {}
        bob.display_name, bob.tz, bob.role, bob.dm_unreachable = (
            "Robert", "Europe/Berlin", Role.MANAGER, True)
        uow.members.update(bob)
        uow.commit()
    with store() as uow:
        assert uow.members.by_name(tenant.id, "robert") == bob
        assert uow.members.by_name(tenant.id, "bob") is None


def test_projects(store: UnitOfWorkFactory) -> None:
    w = make_world(store)
    with store() as uow:
        beta = uow.projects.add(w.tenant.id, "beta", None, None, T0)
        with pytest.raises(UserError):
            uow.projects.add(w.tenant.id, "LAUNCH", w.bob.id, None, T0)
        uow.commit()
    with store() as uow:
        assert uow.projects.by_name(w.tenant.id, "launch") == w.project
        assert w.project.created_at == T0 and w.project.channel_id == "C1"
        assert uow.projects.get_many([beta.id, w.project.id]) == {
            beta.id: beta, w.project.id: w.project}
        assert uow.projects.list(w.tenant.id, include_archived=False) == [beta, w.project]
        beta.archived, beta.owner_id, beta.channel_id = True, w.bob.id, "C2"
        uow.projects.update(beta)
        uow.commit()
    with store() as uow:
        assert uow.projects.list(w.tenant.id, include_archived=False) == [w.project]
        assert uow.projects.list(w.tenant.id, include_archived=True) == [beta, w.project]
        assert uow.projects.by_name(w.tenant.id, "Beta") == beta


def test_history_keeps_the_newest_in_order(store: UnitOfWorkFactory) -> None:
    w = make_world(store)
    with store() as uow:
        task = add_task(uow, w)
        for i in range(5):
            uow.history.add(HistoryRecord(task.id, w.ana.id if i else None,
                                          T0 + dt.timedelta(minutes=i), "comment", f"c{i}"))
        uow.commit()
    with store() as uow:
        got = uow.history.for_task(task.id, 3)
    assert [h.text for h in got] == ["c2", "c3", "c4"]
    assert got[0].at == T0 + dt.timedelta(minutes=2) and got[0].actor_id == w.ana.id


def test_one_tenant_never_sees_another(store: UnitOfWorkFactory) -> None:
    mine, theirs = make_world(store, "T1"), make_world(store, "T2")
    with store() as uow:
        secret = add_task(uow, theirs, "theirs", assignee=theirs.ana, project=theirs.project)
        other = add_task(uow, theirs, "theirs done", status=Status.DONE)
        uow.tasks.add_edge(other.id, secret.id)
        uow.history.add(HistoryRecord(secret.id, theirs.ana.id, T0, "created", "x"))
        uow.commit()
    with store() as uow:
        tid = mine.tenant.id
        assert uow.tasks.get(tid, secret.number) is None
        assert uow.tasks.get_many(tid, [secret.number]) == {}
        for state in ("open", "blocked", "overdue", "done"):
            assert uow.tasks.query(TaskQuery(tid, state, now=T0 + dt.timedelta(days=9))) == []
        # another tenant's ids as filters find nothing either
        assert uow.tasks.query(TaskQuery(tid, assignee_id=theirs.ana.id)) == []
        assert uow.tasks.query(TaskQuery(tid, project_id=theirs.project.id)) == []
        assert uow.members.get(tid, "U1") == mine.ana
        assert uow.members.by_name(tid, "Ana") == mine.ana
        assert uow.projects.by_name(tid, "Launch") == mine.project
        assert uow.projects.list(tid, include_archived=True) == [mine.project]
        # updates scoped by tenant: a row claiming another tenant changes nothing
        forged = uow.tasks.get(theirs.tenant.id, secret.number)
        assert forged is not None
        forged.tenant_id, forged.title = tid, "hijacked"
        uow.tasks.update(forged)
        uow.tasks.delete(forged)
        uow.commit()
    with store() as uow:
        still = uow.tasks.get(theirs.tenant.id, secret.number)
        assert still is not None and still.title == "theirs"
        assert uow.tasks.blocker_ids(secret.id) == [other.id]
        assert len(uow.history.for_task(secret.id, 5)) == 1


def test_concurrent_task_numbers_are_distinct(engine: Engine) -> None:
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    with uows() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("slack", "busy"))
        uow.commit()
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(15):
                with uows() as uow:
                    n = uow.tenants.next_task_number(tenant.id)
                    uow.commit()
                with lock:
                    got.append(n)
        except BaseException as err:  # reported below, not lost in the thread
            errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == list(range(1, 61))
