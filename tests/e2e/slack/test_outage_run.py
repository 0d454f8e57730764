"""A database that hangs or goes away under a running `taskbot run` (Slack HTTP mode):
/healthz still answers within 1 s (503), Slack's requests are acked (200, not 500) and
done once the database is back, and the log says so once per kind of failure instead of
a traceback a second."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.e2e.fakes.slack_api import FakeSlackApi
from tests.e2e.slack.durable_world import (
    PG_ENV,
    Bot,
    database,
    healthz,
    http,
    post_event,
    title,
)

pg = pytest.mark.postgres


def _world(tmp_path: Path) -> FakeSlackApi:
    fake = FakeSlackApi().start()
    for k in range(5):
        fake.add_user(f"U0P{k}", f"p{k}")
    fake.add_user("U0ANA", "ana")
    return fake


def _published(fake: FakeSlackApi, users: list[str], timeout: float) -> set[str]:
    calls = fake.wait_for("views.publish", len(users), timeout=timeout,
                          where=lambda c: c.params.get("user_id") in users)
    return {str(c.params.get("user_id")) for c in calls}


def test_sqlite_write_lock_held_healthz_503_within_1s_and_requests_wait(
        tmp_path: Path) -> None:
    fake = _world(tmp_path)
    with database("sqlite", tmp_path) as url:
        bot = Bot(url, fake, tmp_path).start()
        try:
            hog = sqlite3.connect(make_url(url).database or "", isolation_level=None)
            hog.execute("BEGIN EXCLUSIVE")  # nobody else may write now
            try:
                assert healthz(bot) == 503
                assert post_event(bot, "U0P0", timeout=3) == 200  # acked, not 500
                assert healthz(bot) == 503
            finally:
                hog.execute("ROLLBACK")
                hog.close()
            assert _published(fake, ["U0P0"], timeout=15) == {"U0P0"}
            assert healthz(bot) == 200
        finally:
            code, _ = bot.stop()
            fake.stop()
    assert code == 0, bot.output()


@pg
def test_postgres_table_lock_healthz_503_within_1s_and_command_answered_after(
        tmp_path: Path) -> None:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} not set")
    fake = _world(tmp_path)
    with database("postgres", tmp_path) as url:
        bot = Bot(url, fake, tmp_path).start()
        locker = create_engine(url)
        try:
            with locker.connect() as conn:
                conn.execute(text("LOCK TABLE request_inbox IN ACCESS EXCLUSIVE MODE"))
                assert healthz(bot) == 503
                assert post_event(bot, "U0P1", timeout=3) == 200
                statuses = bot.send_adds(3)
                assert statuses == [200, 200, 200]
                conn.rollback()
            assert _published(fake, ["U0P1"], timeout=15) == {"U0P1"}
            answered = fake.wait_for("chat.postMessage", 3, timeout=15,
                                     where=lambda c: "Durable" in c.dumped())
            assert sorted(title(k) in c.dumped() for k in range(3) for c in answered
                          ).count(True) == 3
            assert healthz(bot) == 200
        finally:
            locker.dispose()
            code, _ = bot.stop()
            fake.stop()
    assert code == 0, bot.output()


@pg
def test_postgres_outage_events_acked_then_done_and_one_log_line_per_kind(
        tmp_path: Path) -> None:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} not set")
    fake = _world(tmp_path)
    with database("postgres", tmp_path) as url:
        name = make_url(url).database
        admin = create_engine(os.environ[PG_ENV], isolation_level="AUTOCOMMIT")
        bot = Bot(url, fake, tmp_path, extra_env={"TASKBOT_TICK_SECONDS": "1"}).start()
        users = [f"U0P{k}" for k in range(5)]
        try:
            with admin.connect() as conn:  # the database goes away
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :name"), {"name": name})
            try:
                for user in users:
                    assert post_event(bot, user, timeout=3) == 200  # acked, not 500
                for _ in range(10):  # probes every 0.3 s for 3 s
                    assert healthz(bot) == 503
                    time.sleep(0.3)
                assert http(f"{bot.base}/livez", timeout=1) == 200  # alive: no restart
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            assert _published(fake, users, timeout=20) == set(users)  # retried, done
            assert healthz(bot) == 200
        finally:
            code, _ = bot.stop()
            admin.dispose()
            fake.stop()
        log = bot.output()
    assert code == 0, log
    outage = [line.split(" ", 3)[-1] for line in log.splitlines()
              if " WARNING " in line or " ERROR " in line]
    kinds = [line[:60] for line in outage if "`token` will be unused" not in line]
    assert len(kinds) == len(set(kinds)), "\n".join(outage)  # each kind once
    assert any(k.startswith("bot.health: health check: database unreachable") for k in kinds)
    assert any(k.startswith("adapters.slack.durable: request inbox unavailable")
               for k in kinds)
    tracebacks = log.count("Traceback") - log.count("The above exception was the direct")
    assert tracebacks <= len(kinds), log
