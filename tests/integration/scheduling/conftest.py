"""`world`: a scheduler world on a fresh database with the whole schema (SQLite, and
PostgreSQL when TASKBOT_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from core.ports import FixedClock
from tests.integration.scheduling.harness import World

START = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)  # a Monday


@pytest.fixture
def world(schema_url: str) -> Iterator[World]:
    w = World(schema_url, FixedClock(START))
    for name in ("ana", "bob", "cy", "dee"):  # ana, the first, is the workspace's admin
        w.member_setup(name)
    yield w
    w.close()
