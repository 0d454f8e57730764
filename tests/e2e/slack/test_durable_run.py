"""Acknowledged work survives a stop and a crash (issue 8), driven the way it was found:
`taskbot run` as a real process in Slack HTTP mode, 50 signed `/task add` commands at
once, all acked, then a real SIGTERM or SIGKILL; on SQLite and on PostgreSQL.

Before the request inbox, SIGTERM exited in 0.4 s having run 0 or 1 of them and answered
nobody, and SIGKILL lost them all."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.e2e.slack.durable_world import scenario

DBS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=DBS)
def db(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        import os

        from tests.e2e.slack.durable_world import PG_ENV

        if not os.environ.get(PG_ENV):
            pytest.skip(f"{PG_ENV} not set: PostgreSQL cases skipped")
    return str(request.param)


def test_sigterm_after_50_acks_finishes_and_answers_all_then_exits_0(
        db: str, tmp_path: Path) -> None:
    figures = scenario(db, signal.SIGTERM, tmp_path)
    print(figures.line())
    assert figures.acked == 50
    assert figures.exit_code == 0
    assert 200 not in figures.healthz_while_stopping  # 503 from the signal on
    assert figures.tasks == 50 and figures.duplicate_tasks == 0
    assert figures.answered == 50 and figures.duplicate_answers == 0
    assert figures.inbox_done == 50


def test_sigkill_after_50_acks_then_restart_does_each_once_and_answers_all(
        db: str, tmp_path: Path) -> None:
    figures = scenario(db, signal.SIGKILL, tmp_path, answer_delay=1.0)  # kill mid-work
    print(figures.line())
    assert figures.acked == 50
    assert figures.tasks == 50 and figures.duplicate_tasks == 0
    assert figures.replayed > 0  # the kill left acked work behind, and it was replayed
    assert figures.answered == 50
    if db == "sqlite":  # the answer note is in the sidecar as the body leaves
        assert figures.duplicate_answers == 0
    # PostgreSQL: an answer whose note was still on its way at the kill may come twice
    assert figures.inbox_done == 50
    assert figures.exit_code == 0
