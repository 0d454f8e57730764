"""The replay guard across two replicas sharing PostgreSQL (skipped, saying so, without
TASKBOT_TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.slack.test_hostile import replay_across_replicas

pytestmark = pytest.mark.postgres


def test_replay_refused_by_the_other_replica_on_postgres(tmp_path: Path, pg_url: str) -> None:
    asyncio.run(replay_across_replicas(tmp_path, pg_url))
