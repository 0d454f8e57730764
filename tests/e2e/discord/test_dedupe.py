"""Never act twice: a RESUME that replays a handled INTERACTION_CREATE, the same dispatch
twice on a live socket, a restart followed by a replay, two bot processes that both
receive it: the command runs once and the interaction is answered once."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.discord.ledger import InteractionLedger, too_old
from adapters.storage.engine import make_engine
from bot.container import build
from bot.discord_app import build_discord
from tests.e2e.discord.harness import Harness, database, run
from tests.e2e.fakes.discord_payloads import option, slash_command

DATABASES = ["sqlite", "postgresql"]


def _tasks(h: Harness) -> int:
    with h.container.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM tasks")).scalar_one())


def _seen(h: Harness) -> int:
    with h.container.engine.connect() as conn:
        found = conn.execute(text("SELECT count(*) FROM discord_interactions_seen"))
        return int(found.scalar_one())


async def _until(check: object, timeout: float = 10.0) -> None:
    async def loop() -> None:
        while not check():  # type: ignore[operator]
            await asyncio.sleep(0.02)

    await asyncio.wait_for(loop(), timeout)


@pytest.mark.parametrize("db", DATABASES)
def test_replayed_and_repeated_dispatches_run_the_command_once(tmp_path: Path, db: str,
                                                                caplog: pytest.LogCaptureFixture
                                                                ) -> None:
    caplog.set_level(logging.INFO, "adapters.discord")

    async def scenario(h: Harness) -> None:
        await h.start_bot()
        add = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                            group="task", sub="add", options=[option("title", "Once")])
        await h.fake.interact(add, copies=2)  # the same dispatch twice on a live socket
        await h.fake.wait_for_callback(add)

        # The socket drops; the RESUME replays dispatches the client already handled.
        h.fake.replay_on_resume = 5
        await h.fake.drop_connection()
        await _until(lambda: h.fake.resumes == 1 and h.fake.replayed >= 2)
        await h.fake.wait_connected()
        runtime = h.runtime
        assert runtime is not None  # the live copy and both replays were turned away
        await _until(lambda: runtime.client.admission.ignored >= 3)

        # A new process (empty memory) gets the same dispatch again: the database decides.
        await h.restart_bot()
        await h.fake.interact(add)
        _, later = await h.slash("ana", "task", "add", title="Next")  # still serving
        assert later.json["data"]["embeds"][0]["title"] == "#2 Next"
        await asyncio.sleep(0.3)
        assert _tasks(h) == 2
        assert len(h.fake.callbacks_for(add)) == 1

        # Autocompletes (one per keystroke, changing nothing) are not written down.
        claimed = _seen(h)
        assert claimed >= 2
        await h.autocomplete("ana", "task", "done", "number", "On")
        assert _seen(h) == claimed

    run(tmp_path, scenario, db=db)
    assert "40060" not in caplog.text
    assert caplog.text.count("already handled") >= 3


@pytest.mark.parametrize("db", DATABASES)
def test_two_processes_sharing_one_database_act_once(tmp_path: Path, db: str) -> None:
    async def scenario(h: Harness) -> None:
        await h.start_bot()
        other = build(h.settings)  # a second process: its own engine, bus and client
        twin = build_discord(h.settings, other.bus, other.engine, guild_ready_timeout=0.05,
                             defer_after=2.0)
        stop = asyncio.Event()
        running = asyncio.create_task(twin.run(stop))
        try:
            await asyncio.wait_for(twin.client.ready_event.wait(), 10)
            for n in range(4):
                add = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                    group="task", sub="add",
                                    options=[option("title", f"Shared {n}")])
                assert await h.fake.interact_everywhere(add) == 2
                await h.fake.wait_for_callback(add)
                await asyncio.sleep(0.2)
                assert len(h.fake.callbacks_for(add)) == 1
            assert _tasks(h) == 4
        finally:
            stop.set()
            await asyncio.wait_for(running, 10)
            other.close()

    run(tmp_path, scenario, db=db)


@pytest.mark.parametrize("db", DATABASES)
def test_the_ledger_claims_once_and_purges_expired_rows(tmp_path: Path, db: str) -> None:
    with database(tmp_path, db) as url:
        engine = make_engine(url)
        try:
            ledger = InteractionLedger(engine)
            t0 = dt.datetime.now(dt.UTC)
            assert ledger.claim("1001", t0) is True
            assert ledger.claim("1001", t0) is False
            assert ledger.claim("1002", t0 + dt.timedelta(minutes=5)) is True
            # A row lives 16 minutes: at +17 only the first has expired, at +22 both.
            assert ledger.purge(t0 + dt.timedelta(minutes=17)) == 1
            assert ledger.claim("1001", t0 + dt.timedelta(minutes=17)) is True
            assert ledger.purge(t0 + dt.timedelta(minutes=34)) == 2
            with engine.connect() as conn:
                left = conn.execute(text("SELECT count(*) FROM discord_interactions_seen"))
                assert left.scalar_one() == 0
        finally:
            engine.dispose()
    # An id whose snowflake is older than the 15-minute token is never acted on.
    old = (int((dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)).timestamp() * 1000)
           - 1420070400000) << 22
    assert too_old(str(old)) and not too_old(str(old + (2 << 32) * 1000))
    assert too_old("not-a-snowflake") and too_old("9" * 30)


def test_a_locked_database_still_gets_every_interaction_answered_in_time(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Recording the id waits at most 1 s for the database; the command is then deferred
    by 1.5 s after arrival as before, so nothing goes unanswered while SQLite is locked."""
    import sqlite3
    import time

    async def scenario(h: Harness) -> None:
        await h.start_bot(defer_after=1.5)
        path = h.settings.database_url.removeprefix("sqlite:///")
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock for 4 s
        try:
            payload = slash_command(app_id=h.fake.app_id, user=h.user("ana"), guild=h.guild,
                                    group="task", sub="add", options=[option("title", "Late")])
            sent = time.monotonic()
            await h.fake.interact(payload)
            first = await h.fake.wait_for_callback(payload, timeout=5)
            answered_after = time.monotonic() - sent
            await asyncio.sleep(max(0.0, 4 - answered_after))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert first.json["type"] == 5  # deferred, not answered after the lock
        follow = await h.fake.wait_for_call(
            lambda c: c.method == "POST" and c.path.endswith(payload["token"]), timeout=15)
        assert follow.json["embeds"][0]["title"] == "#1 Late"

    caplog.set_level(logging.INFO, "adapters.discord")
    run(tmp_path, scenario, timeout=40)
    assert "acting on this process's memory alone" in caplog.text
