"""Figures for the Discord safety scenarios of issue 14, measured against the local fake
Discord with the real client, bus and SQLite storage (not a test: it prints numbers).

    .venv/bin/python -m tests.e2e.discord.figures

Scenarios: one `/task add` delivered twice on a live socket, both replayed by a RESUME and
replayed again to a restarted process (tasks created, callbacks made); REST calls spent
answering a 6,000-character project name, a 100,000-character form field (live form and
one opened before a restart), and `number` = 10**30."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import text

from adapters.storage.migrate import upgrade
from bot.container import build
from bot.discord_app import build_discord
from bot.settings import Settings
from tests.e2e.fakes.discord_payloads import (
    FakeGuild,
    FakeUser,
    modal_submit,
    option,
    slash_command,
    snowflake,
)
from tests.e2e.fakes.discord_server import FakeDiscord

SETTLE = 3.5  # longer than Discord's 3 s: every answer and follow-up has been made


class Bot:
    def __init__(self, settings: Settings, container: Any) -> None:
        self.settings, self.container = settings, container
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        options: dict[str, Any] = {"guild_ready_timeout": 0.05}
        if "engine" in inspect.signature(build_discord).parameters:
            options["engine"] = self.container.engine
        runtime = build_discord(self.settings, self.container.bus, **options)
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(runtime.run(self.stop))
        await asyncio.wait_for(runtime.client.ready_event.wait(), 10)

    async def restart(self) -> None:
        self.stop.set()
        assert self.task is not None
        await asyncio.wait_for(self.task, 10)
        await self.start()


def calls_for(fake: FakeDiscord, payload: dict[str, Any]) -> int:
    return sum(1 for c in fake.calls
               if f"/interactions/{payload['id']}/" in c.path or payload["token"] in c.path)


async def main(workdir: Path) -> None:
    url = f"sqlite:///{workdir / 'figures.db'}"
    upgrade(url)
    guild = FakeGuild(snowflake(), "guild", [snowflake()])
    fake = FakeDiscord(guilds=[guild], heartbeat_interval_ms=250)
    await fake.start()
    settings = Settings.model_validate({
        "TASKBOT_DATABASE_URL": url, "DISCORD_TOKEN": "fake.bot.token",
        "DISCORD_API_URL": fake.base_url, "DISCORD_GATEWAY_URL": fake.gateway_url})
    container = build(settings)
    bot = Bot(settings, container)
    ana = FakeUser(snowflake(), "ana", global_name="Ana")

    def slash(sub: str, options: list[dict[str, Any]], group: str = "task") -> dict[str, Any]:
        return slash_command(app_id=fake.app_id, user=ana, guild=guild, group=group, sub=sub,
                             options=options)

    try:
        await bot.start()
        add = slash("add", [option("title", "Once")])
        await fake.interact(add, copies=2)
        await asyncio.sleep(1.0)
        fake.replay_on_resume = 5
        await fake.drop_connection()
        while fake.resumes < 1:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)
        await bot.restart()
        await fake.interact(add)
        await asyncio.sleep(SETTLE)
        with container.engine.connect() as conn:
            made = conn.execute(text("SELECT count(*) FROM tasks WHERE title = 'Once'"))
            tasks = int(made.scalar_one())
        print(f"one /task add delivered 5 times (2 live copies, both replayed by a RESUME, 1 "
              f"replay after a restart): {tasks} task(s), {calls_for(fake, add)} callback call(s)")

        long_project = slash("add", [option("title", "x"), option("project", "p" * 6000)])
        await fake.interact(long_project)
        await asyncio.sleep(SETTLE)
        print(f"6,000-character project name: {calls_for(fake, long_project)} REST call(s)")

        opened = slash("add", [])
        await fake.interact(opened)
        callback = await fake.wait_for_callback(opened)
        modal = callback.json["data"]
        title = modal["components"][0]["components"][0]["custom_id"]
        form = modal_submit(app_id=fake.app_id, user=ana, guild=guild,
                            custom_id=modal["custom_id"], fields={title: "t" * 100_000},
                            channel_id=guild.channel_ids[0])
        await fake.interact(form)
        await asyncio.sleep(SETTLE)
        print(f"100,000-character form field: {calls_for(fake, form)} REST call(s)")

        opened = slash("add", [])
        await fake.interact(opened)
        callback = await fake.wait_for_callback(opened)
        await bot.restart()
        stale = modal_submit(app_id=fake.app_id, user=ana, guild=guild,
                             custom_id=callback.json["data"]["custom_id"],
                             fields={title: "t" * 100_000}, channel_id=guild.channel_ids[0])
        await fake.interact(stale)
        await asyncio.sleep(SETTLE)
        print(f"100,000-character field of a form opened before a restart: "
              f"{calls_for(fake, stale)} REST call(s)")

        huge = slash("show", [option("number", 10**30, 4)])
        await fake.interact(huge)
        await asyncio.sleep(SETTLE)
        answers = [c.json for c in fake.calls if huge["token"] in c.path
                   or f"/interactions/{huge['id']}/" in c.path]
        said = [str((a.get("data") or a).get("content"))[:90] for a in answers]
        print(f"number = 10**30: {len(answers)} REST call(s): {said}")
    finally:
        bot.stop.set()
        if bot.task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(bot.task, 10)
        await fake.stop()
        container.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(Path(tmp)))
