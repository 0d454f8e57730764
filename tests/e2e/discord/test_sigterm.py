"""SIGTERM with interactions in flight, against a real `taskbot run` Discord process: the
handlers drain before the client (and its HTTP session) closes, within the grace period;
a command whose answer could not be sent is told to its author through the outbox."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any

from tests.e2e.fakes.discord_payloads import FakeGuild, FakeUser, option, slash_command, snowflake
from tests.e2e.fakes.discord_server import FakeDiscord
from tests.migrated import migrated_sqlite

TASKBOT = Path(sys.executable).with_name("taskbot")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Bot:
    """A `taskbot run` process connected to the fake, with a database of its own."""

    def __init__(self, tmp_path: Path, fake: FakeDiscord, **env: str) -> None:
        self.db = tmp_path / "run.db"
        self.fake = fake
        self.env = {**os.environ, "DISCORD_TOKEN": "fake.bot.token",
                    "DISCORD_API_URL": fake.base_url, "DISCORD_GATEWAY_URL": fake.gateway_url,
                    "TASKBOT_DATABASE_URL": f"sqlite:///{self.db}",
                    "TASKBOT_HTTP_PORT": str(_free_port()), "TASKBOT_LOG_LEVEL": "WARNING",
                    **env}
        self.proc: asyncio.subprocess.Process | None = None
        self.user = FakeUser(snowflake(), "ana", global_name="Ana")

    async def start(self) -> None:
        migrated_sqlite(self.db)
        self.proc = await asyncio.create_subprocess_exec(
            str(TASKBOT), "run", env=self.env, cwd=self.db.parent,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        await self.fake.wait_connected(timeout=30)
        await asyncio.sleep(0.3)  # GUILD_CREATE handled

    async def adds(self, n: int) -> list[dict[str, Any]]:
        payloads = []
        for i in range(n):
            payload = slash_command(app_id=self.fake.app_id, user=self.user,
                                    guild=self.fake.guilds[0], group="task", sub="add",
                                    options=[option("title", f"Job {i}", 3)])
            payloads.append(await self.fake.interact(payload))
        return payloads

    async def sigterm_and_wait(self) -> str:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(self.proc.communicate(), 30)
        assert self.proc.returncode == 0, out.decode()
        return out.decode()

    def count(self, sql: str) -> int:
        with sqlite3.connect(self.db) as conn:
            return int(conn.execute(sql).fetchone()[0])


def _answered(fake: FakeDiscord, payload: dict[str, Any]) -> bool:
    """A final answer: a type 4 callback, or a follow-up / edit after a defer, that got 200."""
    for c in fake.calls:
        if c.status != 200:
            continue
        if c.path.startswith(f"/interactions/{payload['id']}/") and c.json["type"] == 4:
            return True
        if c.path.startswith(f"/webhooks/{fake.app_id}/{payload['token']}") and c.method in (
                "POST", "PATCH"):
            return True
    return False


def _scenario(tmp_path: Path, body: Any) -> None:
    async def main() -> None:
        fake = FakeDiscord(guilds=[FakeGuild(snowflake(), "guild", [snowflake()])],
                           heartbeat_interval_ms=250)
        await fake.start()
        try:
            await body(fake)
        finally:
            await fake.stop()

    asyncio.run(main())


def _lock(db: Path) -> sqlite3.Connection:
    """Hold SQLite's write lock: the bot's commands wait, so they are deferred."""
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def test_sigterm_drains_ten_deferred_interactions(tmp_path: Path) -> None:
    async def body(fake: FakeDiscord) -> None:
        bot = Bot(tmp_path, fake)
        await bot.start()
        lock = _lock(bot.db)
        payloads = await bot.adds(10)
        for p in payloads:  # all deferred (the core waits for the lock)
            call = await fake.wait_for_callback(p, timeout=10)
            assert call.json["type"] == 5
        stopping = asyncio.create_task(bot.sigterm_and_wait())
        await asyncio.sleep(0.5)
        lock.rollback()
        lock.close()
        await stopping
        assert bot.count("SELECT count(*) FROM tasks") == 10
        assert sum(_answered(fake, p) for p in payloads) == 10  # was 0 (Session is closed)

    _scenario(tmp_path, body)


def test_sigterm_30_ms_after_ten_fast_interactions_answers_all(tmp_path: Path) -> None:
    async def body(fake: FakeDiscord) -> None:
        bot = Bot(tmp_path, fake)
        await bot.start()
        payloads = await bot.adds(10)
        await asyncio.sleep(0.03)
        await bot.sigterm_and_wait()
        assert bot.count("SELECT count(*) FROM tasks") == 10
        assert sum(_answered(fake, p) for p in payloads) == 10  # was 7

    _scenario(tmp_path, body)


def test_answers_past_the_grace_period_go_to_the_outbox(tmp_path: Path) -> None:
    async def body(fake: FakeDiscord) -> None:
        bot = Bot(tmp_path, fake, DISCORD_DRAIN_SECONDS="0.5")
        await bot.start()
        lock = _lock(bot.db)
        payloads = await bot.adds(10)
        for p in payloads:
            await fake.wait_for_callback(p, timeout=10)
        stopping = asyncio.create_task(bot.sigterm_and_wait())
        await asyncio.sleep(1.5)  # past the grace: the handlers were cancelled
        lock.rollback()
        lock.close()
        await stopping
        assert bot.count("SELECT count(*) FROM tasks") == 10
        answered = sum(_answered(fake, p) for p in payloads)
        queued = bot.count("SELECT count(*) FROM outbox WHERE kind = 'reply'")
        assert (answered, queued) == (0, 10)  # each author is told by the next process

        await bot.start()  # the next process delivers them
        dms = lambda: [c for c in fake.calls if c.status == 200  # noqa: E731
                       and c.path == f"/channels/{fake._dm_channels.get(bot.user.id)}/messages"]
        for _ in range(150):
            if len(dms()) >= 10:
                break
            await asyncio.sleep(0.1)
        await bot.sigterm_and_wait()
        assert len(dms()) == 10
        assert all("couldn't answer you" in c.json["content"] for c in dms())
        titles = sorted(c.json["embeds"][0]["title"].split(" ", 1)[1] for c in dms())
        assert titles == sorted(f"Job {i}" for i in range(10))  # each task, once

    _scenario(tmp_path, body)
