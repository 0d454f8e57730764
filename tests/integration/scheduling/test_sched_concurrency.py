"""Two schedulers against one database at the same instant send each digest, alert and
reminder once and create each recurring occurrence once: two tickers on separate engines
in threads, and two `taskbot tick --now T` processes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.storage._sql import OUTBOX, TASKS
from core.ports import FixedClock
from core.scheduling.tick import TickStats
from tests.integration.scheduling.harness import World

UTC = dt.UTC
ROOT = Path(__file__).resolve().parents[3]


def build_state(w: World) -> None:
    """Five channel digests at 09:00, overdue tasks, reminders and recurring tasks, all due
    at 09:00 UTC on Monday 2 March 2026."""
    w.at(dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC))
    for ch in range(5):
        w.run("ana", "/task digest here at 09:00 UTC daily", channel=f"team{ch}")
        w.run("ana", f"/task add Channel work {ch} @bob due:2026-03-02T08:00Z",
              channel=f"team{ch}")
    for i in range(10):
        w.run("cy", f"/task remind me thing {i} 2026-03-02 09:00")
    for i in range(3):
        w.run("dee", f"/task add Repeat {i} @dee every:daily due:2026-03-02T08:30Z")
    w.ticker.tick()  # plan alerts and series (the change feed)


def rows(w: World) -> tuple[Counter[str], int]:
    with w.engine.connect() as conn:
        keys = Counter(k or "" for k in conn.execute(select(OUTBOX.c.dedupe_key)).scalars())
        tasks = len(conn.execute(select(TASKS.c.id)).all())
    return keys, tasks


def test_two_tickers_at_the_same_instant(world: World) -> None:
    build_state(world)
    before_keys, before_tasks = rows(world)
    other = World(world.url, FixedClock(world.clock.now()))
    try:
        results: list[TickStats] = []
        errors: list[BaseException] = []
        for instant in (dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
                        dt.datetime(2026, 3, 2, 9, 0, 1, tzinfo=UTC)):
            gate = threading.Barrier(2)

            def go(w: World, at: dt.datetime = instant, gate: threading.Barrier = gate) -> None:
                try:
                    gate.wait()
                    results.append(w.ticker.tick(at))
                except BaseException as err:  # report in the main thread
                    errors.append(err)

            threads = [threading.Thread(target=go, args=(w,)) for w in (world, other)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
        assert errors == []
        assert sum(r.failures for r in results) == 0
        keys, tasks = rows(world)
        new = {k: n for k, n in keys.items() if k not in before_keys}
        assert set(new.values()) == {1}
        kinds = Counter(k.split(":")[2] for k in new)
        # "held": bob's five assignments from ana (a burst) go out as one DM
        assert kinds == Counter({"digest": 5, "reminder": 10, "alert": 5 + 3, "held": 1})
        assert sum(r.queued for r in results) == len(new)  # no claim was won twice
        assert tasks - before_tasks == 3  # one next occurrence per recurring task
        assert sum(r.occurrences for r in results) == 3
    finally:
        other.close()


def _tick_process(url: str, now: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TASKBOT_DATABASE_URL": url, "TASKBOT_LOG_LEVEL": "WARNING"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "tick", "--now", now],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)


@pytest.fixture
def migrated_world(migrated_url: str) -> Iterator[World]:
    """A world on a database built by the migrations (as `taskbot tick` expects)."""
    w = World(migrated_url, FixedClock(dt.datetime(2026, 3, 1, tzinfo=UTC)))
    for name in ("ana", "bob", "cy", "dee"):
        w.member_setup(name)
    yield w
    w.close()


def test_two_tick_processes_print_each_message_once(migrated_world: World) -> None:
    world = migrated_world
    build_state(world)
    world.take()
    procs = [_tick_process(world.url, "2026-03-02T09:00:00Z") for _ in range(2)]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out)
    lines = [line for out in outs for line in out.splitlines() if line.startswith("[")]
    digests = [line for line in lines if "Standup digest" in line]
    assert sorted(digests) == sorted(f"[#team{c}] Standup digest for Monday 02 March 2026"
                                     for c in range(5))
    reminders = [line.partition(" (id ")[0] for line in lines
                 if line.startswith("[DM @cy] Reminder: thing")]
    assert sorted(reminders) == sorted(f"[DM @cy] Reminder: thing {i}" for i in range(10))
    overdue = [line for line in lines if " is overdue" in line]
    assert len(overdue) == 8 and len(set(overdue)) == 8
