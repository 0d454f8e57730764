"""Paces every REST request of the process under Discord's global limit (50 requests a
second per bot) and puts each through the `Breaker`.

discord.py only reacts to a 429 after the fact, and the outbox worker sends to up to 32
destinations at once: 200 `/task add` assigning 50 people made 145 requests in one second.
The guard hooks the one place every request passes, the aiohttp session of discord.py's
HTTP client (an `aiohttp.TraceConfig`, given to the client as `http_trace`): before a
request leaves, it waits for a slot of a sliding one-second window shared by the delivery
worker, the command handlers and discord.py itself, so no second (measured anywhere) sees
more than `limit` requests from this process; every answer is reported to the breaker.
Interaction callbacks and follow-ups (`/interactions/...`, `/webhooks/...`) are not bound
to the global limit (Discord says so): they are never delayed, only counted, since a
reply has 3 seconds. Several shard processes each take their share of the rate
(`bot.discord_app.rest_guard`).

A request made for the outbox (`OUTBOX_SEND` set) that would have to wait for the breaker
or a route's back-off raises `SendingPaused` instead: the worker keeps the row for that
long, without burning an attempt, instead of holding a send slot."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable
from contextvars import ContextVar
from types import SimpleNamespace
from typing import Any

import aiohttp

from adapters.discord.breaker import Breaker, GuardPolicy, route_key

OUTBOX_SEND: ContextVar[bool] = ContextVar("taskbot_discord_outbox_send", default=False)
JITTER_GUARD = 0.05
"""The window is this much longer than a second: requests spaced by the client's clock may
arrive a few milliseconds closer together at Discord's."""


class SendingPaused(OSError):
    """Sending is stopped for `retry_after` seconds (breaker open, budget spent, back-off)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"Discord sending paused for {retry_after:.1f}s")
        self.retry_after = retry_after


class SlidingWindow:
    """At most `limit` takes in any `period` seconds; takers wait their turn in order."""

    def __init__(self, limit: int, period: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(1, limit)
        self.period = period
        self.clock = clock
        self._sent: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()

    async def take(self) -> None:
        async with self._lock:
            while True:
                now = self.clock()
                while self._sent and self._sent[0] <= now - self.period:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return
                await asyncio.sleep(self._sent[0] + self.period - now)


def is_interaction(path: str) -> bool:
    return "/interactions/" in path or "/webhooks/" in path


class RestGuard:
    """`rate`: requests per second for this process (its share of the bot's)."""

    def __init__(self, rate: float, policy: GuardPolicy | None = None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.window = SlidingWindow(int(rate), 1.0 + JITTER_GUARD, clock)
        self.breaker = Breaker(policy or GuardPolicy(), clock)
        self.sent = 0

    def paused_for(self) -> float:
        return self.breaker.paused_for()

    async def before(self, method: str, path: str) -> None:
        """Wait until a request may go (or raise `SendingPaused` for the outbox)."""
        if "/api/v" not in path:
            return  # the gateway's websocket, not REST
        self.sent += 1
        if is_interaction(path):
            return
        route = route_key(method, path.split("/api/v", 1)[1].split("/", 1)[-1])
        while (wait := self.breaker.wait_for(route)) > 0:
            if OUTBOX_SEND.get():
                raise SendingPaused(wait)
            await asyncio.sleep(min(wait, 1.0))
        self.breaker.started()
        await self.window.take()

    def after(self, method: str, path: str, status: int, headers: Any) -> None:
        if "/api/v" not in path:
            return
        route = route_key(method, path.split("/api/v", 1)[1].split("/", 1)[-1])
        self.breaker.answered(route, status, headers)

    def trace_config(self) -> aiohttp.TraceConfig:
        trace = aiohttp.TraceConfig()

        async def start(_s: aiohttp.ClientSession, _c: SimpleNamespace,
                        params: aiohttp.TraceRequestStartParams) -> None:
            await self.before(params.method, params.url.path)

        async def end(_s: aiohttp.ClientSession, _c: SimpleNamespace,
                      params: aiohttp.TraceRequestEndParams) -> None:
            self.after(params.method, params.url.path, params.response.status,
                       params.response.headers)

        async def error(_s: aiohttp.ClientSession, _c: SimpleNamespace,
                        _p: aiohttp.TraceRequestExceptionParams) -> None:
            self.breaker.failed()

        trace.on_request_start.append(start)
        trace.on_request_end.append(end)
        trace.on_request_exception.append(error)
        return trace
