"""`core.find_ports.matching` (what bulk changes and `/project export` select with: the
store's finder, first page of `limit`) answers the same on the in-memory fake, SQLite and
PostgreSQL: people, projects, status, flags, text in comments, order, limit, `page:`
ignored."""

from __future__ import annotations

import datetime as dt

import pytest

from core.bus import CommandBus, ErrorReply
from core.commands import Context
from core.filters.parse import parse_filter
from core.filters.query import Person
from core.find_ports import Asker, matching
from core.model import TenantKey
from core.ports import FixedClock, UnitOfWork, UnitOfWorkFactory

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
SCRIPT = [
    ("ana", "project", "new launch"),
    ("ana", "task", "add Write the spec @bob project:launch due:2026-11-20"),
    ("ana", "task", "add Review the spec @bob project:launch after:#1 priority:high"),
    ("ana", "task", "add Ship it @cy project:launch due:2026-11-30"),
    ("ana", "task", "add Unrelated chore"),
    ("cy", "task", "comment #4 the invoice is late"),
    ("ana", "task", "done #3"),
]


def _seed(store: UnitOfWorkFactory) -> None:
    bus = CommandBus(store, FixedClock(NOW))
    for user, group, text in SCRIPT:
        ctx = Context(platform="console", workspace_id="local", user_id=user,
                      display_name=user, names_are_ids=True)
        result = bus.run_text(ctx, group, text)
        assert not isinstance(result, ErrorReply), result.text


def _ana(uow: UnitOfWork, tenant_id: int) -> Asker:
    ana = uow.members.get(tenant_id, "ana")
    assert ana is not None
    return Asker(ana.id, Person(user_id="ana", name="ana"))


@pytest.mark.parametrize(("text", "numbers"), [
    ("mine", []),
    ("@bob", [1, 2]),
    ("project:launch", [1, 2]),
    ("project:launch status:done", [3]),
    ("all +blocked", [2]),
    ("all +overdue", [1]),
    ("all invoice", [4]),
    ("all sort:priority", [2, 1, 4]),
    ("unassigned", [4]),
])
def test_matching_selects_and_orders_as_the_filter_language(store: UnitOfWorkFactory,
                                                            text: str,
                                                            numbers: list[int]) -> None:
    _seed(store)
    with store() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", "local"))
        found = matching(uow, tenant.id, parse_filter(text, NOW), _ana(uow, tenant.id), NOW,
                         10)
    assert [t.number for t in found] == numbers


def test_matching_stops_at_the_limit(store: UnitOfWorkFactory) -> None:
    _seed(store)
    with store() as uow:
        tenant = uow.tenants.get_or_create(TenantKey("console", "local"))
        found = matching(uow, tenant.id, parse_filter("all page:3", NOW),
                         _ana(uow, tenant.id), NOW, 2)
    assert [t.number for t in found] == [1, 2]  # due first, then priority
