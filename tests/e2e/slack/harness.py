"""The Slack e2e world: the real bolt app (bot.slack_app) served over HTTP by aiohttp on
127.0.0.1, a real SQLite database migrated by Alembic (a copy of this test process's
migrated template, tests/migrated.py), the app wired by `bot.container.build`
as `taskbot run` wires it (its bus, unit of work with quiet hours, ticker), the delivery
worker with the real SlackNotifier, and the fake Slack Web API recording every call."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import ClientResponse, ClientSession
from aiohttp.test_utils import TestServer

from adapters.storage import migrate
from bot.container import build
from bot.scheduler import make_ticker
from bot.settings import Settings
from bot.slack_app import SlackService, build_slack
from core.bus import CommandBus
from core.delivery import DeliveryWorker
from core.ports import Clock, FixedClock, SystemClock
from core.scheduling.tick import Ticker, TickStats
from tests.e2e.fakes.slack_api import FakeSlackApi
from tests.e2e.slack import payloads
from tests.migrated import migrated_sqlite

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
FORM = "application/x-www-form-urlencoded"


@dataclass
class SlackWorld:
    fake: FakeSlackApi
    service: SlackService
    server: TestServer
    http: ClientSession
    worker: DeliveryWorker
    bus: CommandBus
    ticker: Ticker
    clock: Clock

    @property
    def url(self) -> str:
        return str(self.server.make_url("/slack/events"))

    async def post(self, body: str, content_type: str = FORM,
                   headers: dict[str, str] | None = None,
                   timestamp: int | None = None) -> ClientResponse:
        signed = payloads.sign(SECRET, body, timestamp)
        all_headers = {"Content-Type": content_type, **signed, **(headers or {})}
        async with self.http.post(self.url, data=body.encode(), headers=all_headers) as resp:
            await resp.read()
            return resp

    async def ask(self, body: str) -> Any:
        """POST a signed form body and return Slack's view of our answer (JSON or {})."""
        signed = payloads.sign(SECRET, body)
        async with self.http.post(self.url, data=body.encode(),
                                  headers={"Content-Type": FORM, **signed}) as resp:
            assert resp.status == 200, resp.status
            text = await resp.text()
        return json.loads(text) if text else {}

    async def slash(self, text: str, user: str = "U0ANA", channel: str = "C0GENERAL",
                    command: str = "/task") -> ClientResponse:
        body = payloads.slash(command, text, user, channel, self.fake.response_url(user))
        return await self.post(body)

    async def event(self, event: dict[str, Any], event_id: str | None = None,
                    headers: dict[str, str] | None = None) -> ClientResponse:
        return await self.post(payloads.event(event, event_id), "application/json", headers)

    async def drain(self) -> int:
        return await self.worker.drain_once()

    async def tick(self, now: dt.datetime) -> TickStats:
        """One scheduler tick at `now` (the world's clock must be a FixedClock: it is set
        to `now` first), then deliver what it queued, as `taskbot tick --now` does."""
        assert isinstance(self.clock, FixedClock), "tick() needs slack_world(clock=...)"
        self.clock.set(now)
        stats = await asyncio.to_thread(self.ticker.tick, now)
        await self.worker.drain()
        return stats

    async def settle(self, seconds: float = 0.3) -> None:
        """Let listeners that run after the ack finish."""
        await asyncio.sleep(seconds)


@asynccontextmanager
async def slack_world(tmp_path: Path, url: str | None = None, clock: Clock | None = None,
                      **settings: Any) -> AsyncIterator[SlackWorld]:
    """`url`: the database, migrated here (default: a SQLite file in `tmp_path`, copied from
    the migrated template).
    `clock`: the bus's and the delivery worker's (default: the system clock); pass a
    FixedClock to drive the scheduler with `SlackWorld.tick`."""
    fake = FakeSlackApi().start()
    fake.add_user("U0ANA", "ana", tz="Europe/Lisbon")
    fake.add_user("U0BO", "bo", tz="America/New_York")
    fake.add_user("U0CAROL", "carol", tz="Asia/Tokyo")
    if url is None:
        url = migrated_sqlite(tmp_path / "slack.db")
    else:
        migrate.upgrade(url)
    clock = clock or SystemClock()
    values: dict[str, Any] = {"SLACK_BOT_TOKEN": "xoxb-test-token",
                              "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.base_url,
                              "TASKBOT_DATABASE_URL": url}
    config = Settings(**{**values, **settings})
    container = build(config, clock=clock)
    service = build_slack(config, container.bus, container.engine)
    worker = DeliveryWorker(container.outbox_store, {"slack": service.notifier}, clock,
                            "e2e-worker")
    server = TestServer(service.web_app(), host="127.0.0.1")
    await server.start_server()
    http = ClientSession()
    try:
        yield SlackWorld(fake, service, server, http, worker, container.bus,
                         make_ticker(container), clock)
    finally:
        await http.close()
        await server.close()
        if service.http_session is not None and not service.http_session.closed:
            await service.http_session.close()
        fake.stop()
        container.close()


Scenario = Callable[[SlackWorld], Awaitable[None]]


def run_in_world(tmp_path: Path, scenario: Scenario, url: str | None = None,
                 **settings: Any) -> None:
    """Run one scenario in a fresh world (SQLite in `tmp_path` unless `url` is given)."""
    async def main() -> None:
        async with slack_world(tmp_path, url, **settings) as world:
            await scenario(world)

    asyncio.run(main())
