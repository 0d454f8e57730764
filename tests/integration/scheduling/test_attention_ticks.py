"""Two `taskbot tick --now T` processes at once, on a database made by the migrations
(SQLite, and PostgreSQL when TASKBOT_TEST_DATABASE_URL is set): an hourly person's batch
and an immediate person's burst each go out once, as one DM, from one of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from core.ports import FixedClock
from tests.integration.scheduling.harness import World
from tests.integration.scheduling.test_sched_concurrency import _tick_process

UTC = dt.UTC


@pytest.fixture
def migrated(migrated_url: str) -> Iterator[World]:
    w = World(migrated_url, FixedClock(dt.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)))
    for name in ("ana", "bob", "cy"):
        w.member_setup(name)
    yield w
    w.close()


def test_two_tick_processes_send_a_batch_and_a_burst_once(migrated: World) -> None:
    w = migrated
    w.run("bob", "/task notify hourly")
    for i in range(1, 8):
        w.at(dt.datetime(2026, 3, 2, 10, i, tzinfo=UTC))
        w.run("ana", f"/task add For bob {i} @bob")
    for i in range(1, 6):
        w.at(dt.datetime(2026, 3, 2, 10, 30, i, tzinfo=UTC))
        w.run("ana", f"/task add For cy {i} @cy")
    procs = [_tick_process(w.url, "2026-03-02T11:00:00Z") for _ in range(2)]
    lines = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        lines += [line for line in out.splitlines() if line.startswith("[DM ")]
    assert sorted(lines) == ["[DM @bob] 7 updates on your tasks:",
                             "[DM @cy] 5 updates from ana:"]
