"""The first `taskbot tick` on a database whose task history was never read (an upgrade,
or years of tasks from before the scheduler), as a real process.

Before: it read the history 5,000 rows a transaction, each holding SQLite's write lock for
seconds, back to back, so a `/task add` typed meanwhile failed with "database is locked".
Now: `feed_batch` (200) rows a transaction, with a pause after each on SQLite, so a writer
gets in between two batches; and the cursor advances with each batch, so a tick killed
half-way resumes where it stopped and ends exactly where an uninterrupted one does."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import OperationalError

from adapters.storage._sql import HISTORY
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.schedule_tables import ALERTS, CURSORS
from adapters.storage.uow import SqlUnitOfWorkFactory
from bot.scheduler import SQLITE_TICK_PAUSE
from core.bus import ErrorReply
from core.commands import Context
from core.ports import FixedClock
from core.scheduling.tick import FEED_CURSOR, Ticker
from tests.bench.tick_bench import NOW, unread_history
from tests.integration.scheduling.harness import WS, World
from tests.migrated import migrated_sqlite

ROOT = Path(__file__).resolve().parents[3]
TICK_AT = NOW - dt.timedelta(days=1)
ANA = Context(platform="console", workspace_id=WS, user_id="ana", display_name="ana",
              channel_id="general")
PATIENCE_MS = 2000
"""The concurrent writer's busy timeout: a fifth of the product's 10 s, so a tick that
held the lock for seconds (or starved waiters) fails the test, whatever the machine."""


def _prepared(path: Path, n: int) -> str:
    url = migrated_sqlite(path)
    engine = make_engine(url)
    unread_history(engine, n, due=n // 10)
    engine.dispose()
    return url


def _tick_process(url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TASKBOT_DATABASE_URL": url, "TASKBOT_LOG_LEVEL": "WARNING"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "tick", "--no-deliver",
                             "--now", TICK_AT.isoformat()], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _impatient(engine: Engine) -> None:
    def pragma(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={PATIENCE_MS}")

    event.listen(engine, "connect", pragma)  # after the product's own pragmas


def test_commands_write_while_a_first_tick_reads_a_large_history(tmp_path: Path) -> None:
    url = _prepared(tmp_path / "big.db", 20_000)
    world = World(url, FixedClock(NOW))
    world.engine.dispose()
    _impatient(world.engine)
    world.member_setup("ana")
    tick = _tick_process(url)
    added, failed = 0, []
    try:
        while tick.poll() is None:
            try:
                result = world.bus.run_text(ANA, "task", f"add typed meanwhile {added}")
            except OperationalError as error:  # (the bus answers this itself: belt and braces)
                failed.append(str(error))
                continue
            if isinstance(result, ErrorReply):  # "database is locked", in the user's words
                failed.append(result.text)
            else:
                added += 1
            time.sleep(0.02)
        err = tick.communicate(timeout=60)[1]
    finally:
        if tick.poll() is None:
            tick.kill()
        world.close()
    assert tick.returncode == 0, err
    changed = re.search(r"tick: (\d+) changed tasks", err)
    assert changed is not None and int(changed[1]) >= 20_000, err
    assert failed == []
    assert added >= 5  # the writer really wrote during the tick
    engine = make_engine(url)
    with engine.connect() as conn:
        alerts = conn.execute(select(ALERTS.c.task_id)).scalars().all()
    engine.dispose()
    assert len(alerts) == 20_000  # every dated task of the backlog got its alert row


def _state(url: str) -> tuple[int, list[tuple[Any, ...]]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        cursor = conn.execute(select(CURSORS.c.value).where(
            CURSORS.c.name == FEED_CURSOR)).scalar()
        alerts = [tuple(r) for r in conn.execute(select(ALERTS).order_by(ALERTS.c.task_id))]
    engine.dispose()
    return int(cursor or 0), alerts


def test_a_tick_killed_between_batches_resumes_where_it_stopped(tmp_path: Path) -> None:
    n = 6_000
    url = _prepared(tmp_path / "run.db", n)
    shutil.copy(tmp_path / "run.db", tmp_path / "control.db")
    control = f"sqlite:///{tmp_path / 'control.db'}"
    engine = make_engine(control)  # the same database, ticked without interruption
    Ticker(SqlUnitOfWorkFactory(make_session_factory(engine)),
           FixedClock(TICK_AT), pause=SQLITE_TICK_PAUSE).tick(TICK_AT)
    with engine.connect() as conn:
        last = conn.execute(select(HISTORY.c.id).order_by(HISTORY.c.id.desc())).first()
    engine.dispose()
    assert last is not None

    tick = _tick_process(url)
    deadline = time.monotonic() + 60
    cursor = 0
    while cursor == 0 and time.monotonic() < deadline and tick.poll() is None:
        time.sleep(0.01)
        cursor = _state(url)[0]
    tick.send_signal(signal.SIGKILL)
    tick.communicate(timeout=10)
    stopped, alerts = _state(url)
    assert 0 < stopped < last[0], "the tick was not caught part-way: make n larger"
    assert 0 < len(alerts) < n  # the batches before the kill are kept, not redone

    again = _tick_process(url)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert _state(url) == _state(control) == (last[0], _state(control)[1])
    assert len(_state(url)[1]) == n
