"""A full check-in day on a real database (SQLite, and PostgreSQL when configured):
questions at 09:30 in two zones, answers, the report at 10:30 Berlin, a late answer added
in the report's thread, an away person skipped; and two tickers give one report."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.storage._sql import OUTBOX
from core.notifications import Notification
from core.ports import FixedClock
from tests.integration.scheduling.harness import World, tick_together

ROOT = Path(__file__).resolve().parents[3]

UTC = dt.UTC
SUNDAY = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BOB_ASK = dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 09:30 in Kolkata
ANA_ASK = dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 09:30 in Berlin
REPORT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # 10:30 in Berlin


def setup_day(w: World) -> None:
    w.member_setup("ana", tz="Europe/Berlin")
    w.member_setup("bob", tz="Asia/Kolkata")
    w.member_setup("cy", tz="Europe/Berlin")
    w.at(SUNDAY)
    w.run("ana", "/task add Write the spec @ana")
    w.run("ana", "/task start #1")
    w.run("bob", "/task add Review the API @bob")
    w.run("ana", "/task add Ship it @ana after:#2")
    w.run("ana", "/standup here at 09:30 Europe/Berlin weekdays report:10:30")
    w.run("bob", "/standup join")
    w.run("cy", "/standup join")
    w.run("cy", "/task away until 2026-03-03 08:00")


def _standup(notes: list[Notification]) -> list[Notification]:
    return [n for n in notes if n.kind.value == "standup"]


def test_a_full_check_in_day(world: World) -> None:
    w = world
    setup_day(w)
    w.tick(SUNDAY)
    w.take()
    w.tick(BOB_ASK)
    asked = _standup(w.take())
    assert [n.user_id for n in asked] == ["bob"]
    assert "1. What did you finish?" in asked[0].text
    assert asked[0].extra["questions"][2] == "Anything blocking you?"
    w.run("bob", "/standup answer Reviewed the API | #2 again | nothing")
    w.tick(ANA_ASK)
    asked = _standup(w.take())
    assert [n.user_id for n in asked] == ["ana"]  # cy is away: no DM
    assert "In progress: #1 Write the spec" in asked[0].text
    assert "Blocked: #3 Ship it by #2 Review the API (bob)" in asked[0].text
    assert asked[0].extra["prefill"][2] == "#3 waits for #2 (bob)"
    w.tick(REPORT)
    reports = _standup(w.take())
    assert len(reports) == 1 and reports[0].channel_id == "general"
    text = reports[0].text
    assert "bob:\n  What did you finish? Reviewed the API" in text
    assert "Tasks cited: #2 Review the API (open, bob)" in text
    assert "Not answered yet: ana" in text and "Away: cy" in text
    assert "@" not in text and "<" not in text  # nobody is mentioned
    w.tick(REPORT + dt.timedelta(minutes=5))
    assert _standup(w.take()) == []  # one report a day
    w.at(REPORT + dt.timedelta(minutes=30))
    w.run("ana", "/standup answer Spec draft | finish #1 | waiting on #2")
    w.tick()
    late = _standup(w.take())
    assert len(late) == 1 and late[0].extra["thread_ref"]
    assert late[0].text.startswith("Added to the check-in of Mon 02 Mar\nana:")
    w.tick(REPORT + dt.timedelta(hours=1))
    assert _standup(w.take()) == []


def test_two_tickers_give_one_report(world: World) -> None:
    setup_day(world)
    world.tick(SUNDAY)
    other = World(world.url, world.clock)
    try:
        for instant in (BOB_ASK, ANA_ASK, REPORT):
            world.at(instant)
            tick_together([world, other], instant)
        with world.engine.connect() as conn:
            keys = [k for k in conn.execute(select(OUTBOX.c.dedupe_key)).scalars()
                    if k and ":standup:" in k]
    finally:
        other.close()
    assert sum(":ask:" in k for k in keys) == 2  # bob and ana, once each (cy is away)
    assert sum(k.endswith(":report") for k in keys) == 1


@pytest.fixture
def migrated_world(migrated_url: str) -> Iterator[World]:
    """A world on a database built by the migrations (as `taskbot tick` expects)."""
    w = World(migrated_url, FixedClock(SUNDAY))
    yield w
    w.close()


def _tick_process(url: str, now: dt.datetime) -> subprocess.Popen[str]:
    env = {**os.environ, "TASKBOT_DATABASE_URL": url, "TASKBOT_LOG_LEVEL": "WARNING"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "tick", "--now",
                             now.isoformat()], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def test_two_tick_processes_post_one_report(migrated_world: World) -> None:
    w = migrated_world
    setup_day(w)
    w.tick(SUNDAY)
    out = ""
    for instant in (BOB_ASK, ANA_ASK, REPORT):
        procs = [_tick_process(w.url, instant) for _ in range(2)]
        for p in procs:
            printed, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
            out += printed
    assert out.count("[DM @bob] Check-in for #general, Mon 02 Mar:") == 1
    assert out.count("[DM @ana] Check-in for #general, Mon 02 Mar:") == 1
    assert "[DM @cy]" not in out
    assert out.count("[#general] Check-in report, Mon 02 Mar:") == 1
