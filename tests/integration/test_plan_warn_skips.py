"""Early warnings on a write skip what the change cannot cause (issue 15, speed): a task
closed clears its own warnings without a forecast, a new task that can move nothing is not
checked, and the one-query neighbour check of an unplanned project finds a late blocker."""

from __future__ import annotations

from adapters.storage.uow import SqlUnitOfWorkFactory
from core.bus import CommandBus
from core.model import TenantKey
from core.ports import FixedClock
from tests.integration.plan_talk import NOW, say


def _keys(uow_factory: SqlUnitOfWorkFactory, project: str) -> set[str]:
    with uow_factory() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", "w"))
        found = uow.projects.by_name(tenant.id, project)
        assert found is not None
        return uow.plans.alert_keys(found.id)


def test_a_closed_task_clears_its_warning_and_an_idle_add_is_not_checked(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = CommandBus(uow_factory, FixedClock(NOW))
    say(bus, "/project", "new launch")
    say(bus, "/project", "due launch 2026-12-18")
    late = say(bus, "/task", "add Spec @ana project:launch estimate:3d due:2026-12-01")
    assert "Heads-up: #1 Spec is forecast to finish" in late
    assert _keys(uow_factory, "launch") == {"task:1:late"}
    idle = say(bus, "/task", "add Someday idea project:launch")
    assert "Heads-up" not in idle and _keys(uow_factory, "launch") == {"task:1:late"}
    say(bus, "/task", "done #1")
    assert _keys(uow_factory, "launch") == set()


def test_an_unplanned_project_gets_the_neighbour_check(
        uow_factory: SqlUnitOfWorkFactory) -> None:
    bus = CommandBus(uow_factory, FixedClock(NOW))
    say(bus, "/project", "new ops")
    say(bus, "/task", "add Base project:ops due:2026-12-10")
    say(bus, "/task", "add Roof project:ops after:#1 due:2026-12-12")
    moved = say(bus, "/task", "due #1 2026-12-15")
    assert "Heads-up: #2 Roof waits for #1 Base, due Tue 15 Dec, after its own due date " \
           "Sat 12 Dec" in moved
    assert _keys(uow_factory, "ops") == {"dep:1:2"}
    say(bus, "/task", "drop #1")
    assert _keys(uow_factory, "ops") == set()
