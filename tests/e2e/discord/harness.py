"""The e2e harness: the real taskbot Discord client (discord.py) wired by `bot.discord_app`
to real storage (a migrated SQLite temp file, or PostgreSQL when a test asks and
TASKBOT_TEST_DATABASE_URL is set) and the real CommandBus, talking to the local fake
Discord. Tests are plain functions that `run()` an async scenario."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.container import Container, build
from bot.discord_app import DiscordRuntime, build_discord, outbox_announcer
from bot.scheduler import tick_once
from bot.settings import Settings
from core.delivery import DeliveryWorker
from core.ports import Clock, FixedClock
from tests.e2e.fakes.discord_payloads import (
    FakeGuild,
    FakeUser,
    component,
    modal_submit,
    option,
    slash_command,
    snowflake,
)
from tests.e2e.fakes.discord_server import Call, FakeDiscord
from tests.migrated import migrated_pg, migrated_sqlite

SCENARIO_TIMEOUT = 30.0


@dataclass
class Harness:
    fake: FakeDiscord
    guild: FakeGuild
    container: Container
    settings: Settings
    runtime: DiscordRuntime | None = None
    users: dict[str, FakeUser] = field(default_factory=dict)
    _task: asyncio.Task[None] | None = None
    _stop: asyncio.Event | None = None

    @property
    def channel(self) -> str:
        return self.guild.channel_ids[0]

    def user(self, name: str) -> FakeUser:
        if name not in self.users:
            self.users[name] = FakeUser(snowflake(), name, global_name=name.title())
        return self.users[name]

    # -- the bot's lifecycle ------------------------------------------------------------
    async def start_bot(self, **options: Any) -> DiscordRuntime:
        options.setdefault("guild_ready_timeout", 0.05)
        options.setdefault("defer_after", 2.0)
        options.setdefault("announce", outbox_announcer(self.container.uow_factory,
                                                        self.container.clock))
        self.runtime = build_discord(self.settings, self.container.bus, self.container.engine,
                                     **options)
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self.runtime.run(self._stop))
        await asyncio.wait_for(self.runtime.client.ready_event.wait(), 10)
        return self.runtime

    async def stop_bot(self) -> None:
        if self._stop is not None and self._task is not None:
            self._stop.set()
            await asyncio.wait_for(self._task, 10)
        self._task = self._stop = None

    async def restart_bot(self, **options: Any) -> DiscordRuntime:
        await self.stop_bot()
        return await self.start_bot(**options)

    def worker(self) -> DeliveryWorker:
        assert self.runtime is not None
        return self.container.delivery_worker({"discord": self.runtime.notifier})

    async def tick(self, at: dt.datetime) -> None:
        """One scheduler tick at `at` (the core's clock, a `FixedClock`, set to it first),
        then the real delivery worker drains the outbox, as `taskbot tick --now` does."""
        clock = self.container.clock
        assert isinstance(clock, FixedClock), "tick() needs run(..., clock=FixedClock(...))"
        clock.set(at)
        await tick_once(self.container, self.worker(), at)

    # -- interactions -------------------------------------------------------------------
    async def slash(self, user: str, group: str, sub: str, *,
                    users: dict[str, str] | None = None, ints: dict[str, int] | None = None,
                    **strings: Any) -> tuple[dict[str, Any], Call]:
        """Run `/group sub` as `user`; `users` maps option name -> user name (type 6)."""
        opts = [option(k, v, 5 if isinstance(v, bool) else 3) for k, v in strings.items()]
        opts += [option(k, v, 4) for k, v in (ints or {}).items()]
        resolved = []
        for opt_name, who in (users or {}).items():
            person = self.user(who)
            opts.append(option(opt_name, person.id, 6))
            resolved.append(person)
        payload = slash_command(app_id=self.fake.app_id, user=self.user(user), guild=self.guild,
                                group=group, sub=sub, options=opts, resolved_users=resolved)
        await self.fake.interact(payload)
        return payload, await self.fake.wait_for_callback(payload)

    async def autocomplete(self, user: str, group: str, sub: str, name: str,
                           typed: str) -> Call:
        payload = slash_command(app_id=self.fake.app_id, user=self.user(user), guild=self.guild,
                                group=group, sub=sub, autocomplete=True,
                                options=[option(name, typed, 4, focused=True)])
        await self.fake.interact(payload)
        return await self.fake.wait_for_callback(payload)

    async def click(self, user: str, message: dict[str, Any], custom_id: str, *,
                    dm: bool = False, values: list[str] | None = None
                    ) -> tuple[dict[str, Any], Call]:
        payload = component(app_id=self.fake.app_id, user=self.user(user),
                            guild=None if dm else self.guild, message=message,
                            custom_id=custom_id, component_type=3 if values else 2,
                            values=values)
        await self.fake.interact(payload)
        return payload, await self.fake.wait_for_callback(payload)

    async def submit(self, user: str, modal: dict[str, Any], fields: dict[str, str], *,
                     message: dict[str, Any] | None = None) -> tuple[dict[str, Any], Call]:
        payload = modal_submit(app_id=self.fake.app_id, user=self.user(user), guild=self.guild,
                               custom_id=modal["custom_id"], fields=fields,
                               channel_id=self.channel, message=message)
        await self.fake.interact(payload)
        return payload, await self.fake.wait_for_callback(payload)

    def dm_posts(self, user: str) -> list[Call]:
        """Messages posted to `user`'s DM channel (opened with POST /users/@me/channels)."""
        channel = self.fake._dm_channels.get(self.user(user).id)
        if channel is None:
            return []
        return self.fake.calls_to("POST", f"/channels/{channel}/messages")

    def message_of(self, callback: Call) -> dict[str, Any]:
        """The stored message an interaction callback (type 4/7) created or edited."""
        found = [m for m in self.fake.messages.values()
                 if m.get("embeds") == callback.json["data"].get("embeds")
                 and m.get("components") == callback.json["data"].get("components")]
        assert found, "no stored message for that callback"
        return found[-1]


PG_ENV = "TASKBOT_TEST_DATABASE_URL"


@contextlib.contextmanager
def database(tmp_path: Path, kind: str) -> Iterator[str]:
    """A migrated database: a SQLite file, or a PostgreSQL database of its own on the server
    named by TASKBOT_TEST_DATABASE_URL (skipped without it), dropped afterwards."""
    if kind == "sqlite":
        yield migrated_sqlite(tmp_path / "taskbot.db")
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"{PG_ENV} not set: PostgreSQL case skipped")
    with migrated_pg(server, prefix="taskbot_e2e") as url:
        yield url


def run(tmp_path: Path, scenario: Callable[[Harness], Awaitable[None]], *,
        extra_settings: dict[str, Any] | None = None, guilds: int = 1,
        timeout: float = SCENARIO_TIMEOUT, db: str = "sqlite",
        clock: Clock | None = None) -> None:
    """Start the fake Discord and storage, run `scenario`, tear everything down. `clock`:
    the core's clock (a `FixedClock` for scheduler scenarios; default the system clock)."""
    with database(tmp_path, db) as url:
        _run(url, scenario, extra_settings, guilds, timeout, clock)


def _run(url: str, scenario: Callable[[Harness], Awaitable[None]],
         extra_settings: dict[str, Any] | None, guilds: int, timeout: float,
         clock: Clock | None) -> None:
    async def main() -> None:
        fake = FakeDiscord(guilds=[FakeGuild(snowflake(), f"guild{i}", [snowflake()])
                                   for i in range(guilds)], heartbeat_interval_ms=250)
        await fake.start()
        values: dict[str, Any] = {
            "TASKBOT_DATABASE_URL": url, "DISCORD_TOKEN": "fake.bot.token",
            "DISCORD_API_URL": fake.base_url, "DISCORD_GATEWAY_URL": fake.gateway_url,
        }
        values.update(extra_settings or {})
        settings = Settings.model_validate(values)
        container = build(settings, clock)
        harness = Harness(fake, fake.guilds[0], container, settings)
        try:
            await asyncio.wait_for(scenario(harness), timeout)
        finally:
            with contextlib.suppress(Exception):
                await harness.stop_bot()
            await fake.stop()
            container.close()

    saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    try:
        asyncio.run(main())
    finally:
        Route.BASE = saved[0]
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(str(saved[1]))
