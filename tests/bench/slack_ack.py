"""Slack speed figures (a script, not a test): `python -m tests.bench.slack_ack`.

1. Ack latency while the database is slow: every unit of work sleeps 2 s; 50 slash
   commands arrive at once; we time each HTTP answer (the ack) and report p50/p99/max,
   and how long until every command's card was posted. Target: p99 ack < 1 s.
2. Bolt-to-core overhead per command: sequential `/task add` over real HTTP (signature
   check, bolt dispatch, users.info cache, Block Kit rendering, chat.postMessage to the
   local fake) minus the time spent inside the core's bus.

Everything runs on 127.0.0.1: the real bolt app (bot.slack_app), a migrated SQLite file,
the real CommandBus, the fake Slack Web API."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from adapters.storage import migrate
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.uow import SqlUnitOfWork, SqlUnitOfWorkFactory
from bot.settings import Settings
from bot.slack_app import build_slack
from core.bus import CommandBus
from core.commands import Context
from core.ports import SystemClock
from core.results import Result
from tests.e2e.fakes.slack_api import FakeSlackApi
from tests.e2e.slack import payloads

SECRET = "bench-signing-secret"


class SlowUow:
    """A unit of work that first waits `delay` seconds, like a database under load."""

    def __init__(self, inner: SqlUnitOfWork, delay: float) -> None:
        self._inner = inner
        self._delay = delay

    def __enter__(self) -> SqlUnitOfWork:
        time.sleep(self._delay)
        return self._inner.__enter__()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._inner.__exit__(exc_type, exc, tb)


class SlowFactory:
    def __init__(self, inner: SqlUnitOfWorkFactory, delay: float) -> None:
        self._inner = inner
        self.delay = delay

    def __call__(self) -> SlowUow:
        return SlowUow(self._inner(), self.delay)


class TimedBus:
    """The real bus, timing what the core itself spends on each command."""

    def __init__(self, bus: CommandBus) -> None:
        self._bus = bus
        self.spent: list[float] = []
        self._lock = threading.Lock()

    def execute(self, ctx: Context, command: Any, receipt: Any = None) -> Result:
        start = time.perf_counter()
        try:
            return self._bus.execute(ctx, command, receipt)
        finally:
            with self._lock:
                self.spent.append(time.perf_counter() - start)

    def run_text(self, ctx: Context, command_name: str, text: str,
                 receipt: Any = None) -> Result:
        start = time.perf_counter()
        try:
            return self._bus.run_text(ctx, command_name, text, receipt)
        finally:
            with self._lock:
                self.spent.append(time.perf_counter() - start)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def main(concurrency: int, delay: float, sequential: int) -> None:
    fake = FakeSlackApi().start()
    for i in range(concurrency):
        fake.add_user(f"U{i:04d}", f"user{i}", tz="Europe/Berlin")
    workdir = Path(tempfile.mkdtemp(prefix="slack-bench-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    slow = SlowFactory(SqlUnitOfWorkFactory(make_session_factory(engine)), delay)
    bus = TimedBus(CommandBus(slow, SystemClock()))
    settings = Settings(SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SECRET,
                        SLACK_API_URL=fake.base_url, TASKBOT_DATABASE_URL=url)
    service = build_slack(settings, bus, engine)
    server = TestServer(service.web_app(), host="127.0.0.1")
    await server.start_server()
    target = str(server.make_url("/slack/events"))
    async with ClientSession() as http:
        async def one(text: str, user: str) -> float:
            body = payloads.slash("/task", text, user, "C0BENCH", fake.response_url(user))
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       **payloads.sign(SECRET, body)}
            start = time.perf_counter()
            async with http.post(target, data=body.encode(), headers=headers) as resp:
                await resp.read()
                assert resp.status == 200, resp.status
            return time.perf_counter() - start

        await one("help", "U0000")  # warm-up: auth.test, first connection
        await fake.await_for("response_url", 1, timeout=60)
        fake.clear()
        started = time.perf_counter()
        acks = await asyncio.gather(*(one(f"add Slow task {i}", f"U{i:04d}")
                                      for i in range(concurrency)))
        await fake.await_for("chat.postMessage", concurrency, timeout=600)
        all_done = time.perf_counter() - started
        print(f"ack latency, {concurrency} concurrent /task add, database +{delay:.1f} s per "
              f"command: p50 {pct(acks, 50) * 1000:.0f} ms, p99 {pct(acks, 99) * 1000:.0f} ms,"
              f" max {max(acks) * 1000:.0f} ms (target p99 < 1000 ms)")
        print(f"  all {concurrency} cards posted after {all_done:.1f} s")

        slow.delay = 0.0
        bus.spent.clear()
        fake.clear()
        totals: list[float] = []
        for i in range(sequential):
            start = time.perf_counter()
            await one(f"add Quick task {i}", "U0001")
            await fake.await_for("chat.postMessage", i + 1, timeout=30)
            totals.append(time.perf_counter() - start)
        core = bus.spent[-sequential:]
        overhead = [t - c for t, c in zip(totals, core, strict=True)]
        print(f"bolt-to-core, {sequential} sequential /task add (fast database): end to end "
              f"p50 {pct(totals, 50) * 1000:.1f} ms p99 {pct(totals, 99) * 1000:.1f} ms; "
              f"core p50 {statistics.median(core) * 1000:.1f} ms; "
              f"overhead p50 {statistics.median(overhead) * 1000:.1f} ms "
              f"p99 {pct(overhead, 99) * 1000:.1f} ms")
    await server.close()
    fake.stop()
    engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--delay", type=float, default=2.0)
    parser.add_argument("--sequential", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.concurrency, args.delay, args.sequential))
