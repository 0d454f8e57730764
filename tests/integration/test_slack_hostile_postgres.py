"""Hostile requests on PostgreSQL: the replay guard across two replicas sharing the
database, and requests of another workspace (skipped, saying so, without
TASKBOT_TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.slack.harness import SlackWorld, run_in_world
from tests.e2e.slack.test_hostile import replay_across_replicas
from tests.e2e.slack.test_malformed import other_workspace

pytestmark = pytest.mark.postgres


def test_replay_refused_by_the_other_replica_on_postgres(tmp_path: Path,
                                                         pg_migrated_url: str) -> None:
    asyncio.run(replay_across_replicas(tmp_path, pg_migrated_url))


def test_other_workspace_refused_and_created_nothing_on_postgres(tmp_path: Path,
                                                                pg_migrated_url: str) -> None:
    run_in_world(tmp_path, other_workspace, pg_migrated_url)


async def _nul_in_text(w: SlackWorld) -> None:
    """PostgreSQL rejects NUL in text: a title with one gets a clear answer, not "Something
    went wrong" (core strips control characters at its edge: suite13's change)."""
    await w.slash("add Pay\x00 the invoice")
    # The card (chat.postMessage) or an answer (response_url), whichever comes (waiting
    # for an answer alone waited 5 s when the card came), then anything that follows it.
    for _ in range(100):
        if w.fake.calls("chat.postMessage") or w.fake.calls("response_url"):
            break
        await asyncio.sleep(0.05)
    await w.settle()
    said = " ".join(c.dumped() for c in w.fake.calls("response_url"))
    assert "Something went wrong" not in said
    assert w.fake.calls("chat.postMessage") or said  # the task's card, or a refusal


def test_nul_in_slash_text_on_postgres(tmp_path: Path, pg_migrated_url: str) -> None:
    run_in_world(tmp_path, _nul_in_text, pg_migrated_url)
