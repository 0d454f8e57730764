"""The task type-ahead (FindOpenTasks) searches titles in the store, so an open task far
past the first page is found; `title_contains` is case-insensitive, takes % and _ literally,
skips closed tasks and other tenants, and stops at the limit. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from adapters.storage.uow import SqlUnitOfWorkFactory
from core.bus import CommandBus
from core.commands import Context, FindOpenTasks
from core.model import Status
from core.ports import FixedClock, TaskQuery
from core.results import TaskList
from tests.integration.builders import World, add_task, make_world

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
ANA = Context(platform="slack", workspace_id="T1", user_id="U1", display_name="Ana")


def _seed(uow_factory: SqlUnitOfWorkFactory) -> World:
    w = make_world(uow_factory)
    other = make_world(uow_factory, workspace="T2")
    with uow_factory() as uow:
        for i in range(501):
            add_task(uow, w, f"Routine chore {i}")
        add_task(uow, w, "Zebra migration")  # open task #502
        add_task(uow, w, "zebra MIGRATION notes", status=Status.DONE)
        add_task(uow, w, "100% done_ish")
        add_task(uow, w, "100 percent doneXish")
        add_task(uow, other, "Zebra migration elsewhere")
        uow.commit()
    return w


def test_type_ahead_finds_an_open_task_past_the_first_500(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    _seed(uow_factory)
    bus = CommandBus(uow_factory, FixedClock(NOW))
    found = bus.execute(ANA, FindOpenTasks(query="zebra MIG", limit=100))
    assert isinstance(found, TaskList)
    assert [(t.number, t.title) for t in found.tasks] == [(502, "Zebra migration")]
    by_number = bus.execute(ANA, FindOpenTasks(query="#502"))
    assert isinstance(by_number, TaskList) and [t.number for t in by_number.tasks] == [502]
    first = bus.execute(ANA, FindOpenTasks(query="", limit=7))
    assert isinstance(first, TaskList) and len(first.tasks) == 7


def test_title_contains_is_literal_tenant_scoped_and_limited(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    w = _seed(uow_factory)
    with uow_factory() as uow:
        def titles(text: str, limit: int = 20) -> list[str]:
            q = TaskQuery(tenant_id=w.tenant.id, now=NOW, limit=limit, title_contains=text)
            return [t.title for t in uow.tasks.query(q)]

        assert titles("% done_") == ["100% done_ish"]  # not "100 percent doneXish"
        assert titles("_") == ["100% done_ish"]
        assert titles("ZEBRA") == ["Zebra migration"]
        assert titles("chore", limit=5) == [f"Routine chore {i}" for i in range(5)]
        assert len(titles("chore", limit=600)) == 501
        assert titles("\\") == [] and titles("nothing like it") == []
