"""kill -9 of a real `taskbot run` in the middle of a burst of 100 DMs to the fake Slack
Web API (served from the test process, so the bot talks to it over HTTP like a platform),
then the replica comes back with the same TASKBOT_WORKER_ID.

Before: 32 sends were in flight, 31-32 DMs went out twice, and the rows the dead process
held waited for its 2-minute lease. Now: at most TASKBOT_DELIVERY_CONCURRENCY (4) sends are
in flight, so at most 4 DMs go out twice, and the restarted replica takes back its rows
at once (all 100 are out long before the lease would have ended)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.storage._sql import OUTBOX
from adapters.storage.engine import make_engine
from tests.e2e.fakes.slack_api import FakeSlackApi
from tests.e2e.slack.test_delivery_outage import queue_dms
from tests.integration.conftest import PG_ENV, PG_SKIP
from tests.migrated import migrated_pg, migrated_sqlite

TASKBOT = Path(sys.executable).with_name("taskbot")
IN_FLIGHT = 4  # TASKBOT_DELIVERY_CONCURRENCY's default: the README's bound
N = 100


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _accepted(fake: FakeSlackApi) -> Counter[str]:
    return Counter(c.params["text"] for c in fake.calls("chat.postMessage")
                   if c.status == 200)


def _held_by(url: str, worker: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).where(
                OUTBOX.c.claimed_by == worker, OUTBOX.c.state == "pending")).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def crash_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path / "crash.db")
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(PG_SKIP)
    with migrated_pg(server) as url:
        yield url


def test_kill_9_mid_burst_duplicates_at_most_the_in_flight_bound(tmp_path: Path,
                                                                 crash_url: str) -> None:
    url = crash_url
    queue_dms(url, N)
    fake = FakeSlackApi().start()
    fake.slow("chat.postMessage", 0.05)  # a burst that takes a while, as Slack's does
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-crash", "SLACK_SIGNING_SECRET": "s",
           "SLACK_API_URL": fake.base_url, "TASKBOT_HTTP_PORT": str(_free_port()),
           "TASKBOT_DATABASE_URL": url, "TASKBOT_WORKER_ID": "replica-1",
           "TASKBOT_LOG_LEVEL": "WARNING"}
    for var in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen([str(TASKBOT), "run"], env=env, cwd=tmp_path, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    first = start()
    second: subprocess.Popen[str] | None = None
    try:
        assert len(fake.wait_for("chat.postMessage", 30, timeout=60)) >= 30, \
            "the first replica never got going"
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)
        held = _held_by(url, "replica-1")
        assert held > 0  # it died holding claimed rows
        second = start()
        # Well inside the dead process's 2-minute lease: it took its rows back at once.
        deadline = time.monotonic() + 45
        while len(sent := _accepted(fake)) < N and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)  # anything still arriving would be a duplicate: count it too
        sent = _accepted(fake)
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.communicate(timeout=20)
        fake.stop()
    assert set(sent) == {f"note {i} for you" for i in range(N)}, "a DM was lost"
    duplicates = sum(n - 1 for n in sent.values())
    assert duplicates <= IN_FLIGHT, sent.most_common(IN_FLIGHT + 2)
    assert _held_by(url, "replica-1") == 0

