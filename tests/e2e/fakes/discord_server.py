"""A local fake Discord: gateway websocket (`discord_gateway`) and REST API
(`discord_rest`) on one aiohttp server on 127.0.0.1, with the controls tests use: dispatch
interactions, wait for recorded calls, close someone's DMs, answer the next call with a
429, drop the connection."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.e2e.fakes.discord_gateway import GatewayMixin, _Session
from tests.e2e.fakes.discord_payloads import FakeGuild, FakeUser, snowflake
from tests.e2e.fakes.discord_rest import API, Call, RestMixin

__all__ = ["Call", "FakeDiscord"]


@dataclass
class FakeDiscord(GatewayMixin, RestMixin):
    """Start with `await fake.start()`; point discord.py at `fake.api_base` (Route.BASE) and
    `fake.gateway_url`. Tests read `fake.calls` and use `interact()` / `wait_for_call()`."""

    app_id: str = field(default_factory=snowflake)
    bot: FakeUser = field(default_factory=lambda: FakeUser(snowflake(), "taskbot", bot=True))
    guilds: list[FakeGuild] = field(default_factory=list)
    heartbeat_interval_ms: int = 500
    recommended_shards: int = 1
    closed_dms: set[str] = field(default_factory=set)
    expired: set[str] = field(default_factory=set)  # interaction ids answered 404 / 10062
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    identifies: list[dict[str, Any]] = field(default_factory=list)
    heartbeats: int = 0
    resumes: int = 0
    replay_on_resume: int = 0  # the next RESUME also replays this many handled dispatches
    replayed: int = 0
    reject_token: bool = False  # IDENTIFY is answered by close code 4004
    not_members: set[str] = field(default_factory=set)  # user ids that left every guild
    file_limit: int = 10 * 1024 * 1024  # an attachment larger than this: 413, code 40005

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._sessions: dict[str, _Session] = {}
        self._live: dict[int, _Session] = {}
        self._rate_limits: list[tuple[str, str, float, bool]] = []
        self._storms: list[tuple[str, str, float, float, bool]] = []
        self._failures: list[list[Any]] = []
        self._nonces: dict[tuple[str, str], tuple[str, float]] = {}
        self._changed = asyncio.Event()
        self._dm_channels: dict[str, str] = {}
        self._interactions: dict[str, dict[str, Any]] = {}
        self._originals: dict[str, str] = {}
        self.port = 0

    # ---------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for sess in list(self._live.values()):
            with contextlib.suppress(Exception):
                await sess.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    # ---------------------------------------------------------------- test controls
    def rate_limit(self, method: str, path_suffix: str, retry_after: float,
                   is_global: bool = False) -> None:
        """Answer the next `method` call whose path ends with `path_suffix` with a 429."""
        self._rate_limits.append((method, path_suffix, retry_after, is_global))

    def storm(self, method: str, path_suffix: str, seconds: float, retry_after: float,
              is_global: bool = False) -> None:
        """Answer every matching call with a 429 for `seconds` (global: every `method`
        call, with `global: true`)."""
        self._storms.append((method, path_suffix, time.monotonic() + seconds, retry_after,
                             is_global))

    def fail(self, method: str, fragment: str, status: int, times: int, *,
             after_store: bool = False) -> None:
        """Answer the next `times` matching calls with `status` (`after_store`: the message
        is stored first, as when Discord's edge times out after the write)."""
        self._failures.append([method, fragment, status, times, after_store])

    def peak_per_second(self, calls: list[Call] | None = None) -> int:
        """The most calls that arrived within any one second (a sliding window)."""
        times = sorted(c.at for c in (self.calls if calls is None else calls))
        best, start = 0, 0
        for end, t in enumerate(times):
            while times[start] <= t - 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best

    def invalid(self) -> list[Call]:
        """Calls answered 401, 403 or 429: what Discord counts towards an IP ban."""
        return [c for c in self.calls if c.status in (401, 403, 429)]

    async def wait_connected(self, shard_id: int = 0, timeout: float = 5.0) -> None:
        await self._wait(lambda: shard_id in self._live, timeout)

    async def dispatch(self, event: str, data: dict[str, Any], shard_id: int = 0) -> None:
        await self._live[shard_id].send(0, data, event)

    async def interact(self, payload: dict[str, Any], copies: int = 1) -> dict[str, Any]:
        """Dispatch an INTERACTION_CREATE on the shard of its guild (`copies` times, as an
        edge that repeats a dispatch on a live socket does); returns the payload."""
        self._interactions[payload["id"]] = payload
        self._interactions[payload["token"]] = payload
        shard = 0
        if payload.get("guild_id") and len(self._live) > 1:
            count = next(iter(self._live.values())).shard[1]
            shard = (int(payload["guild_id"]) >> 22) % count
        for _ in range(copies):
            await self.dispatch("INTERACTION_CREATE", payload, shard)
        return payload

    async def interact_everywhere(self, payload: dict[str, Any]) -> int:
        """Dispatch the same INTERACTION_CREATE on every open session (two bot processes
        that both receive it); returns how many sessions got it."""
        self._interactions[payload["id"]] = payload
        self._interactions[payload["token"]] = payload
        sessions = {id(s.ws): s for s in self._sessions.values() if not s.ws.closed}
        for sess in sessions.values():
            await sess.send(0, payload, "INTERACTION_CREATE")
        return len(sessions)

    def callbacks_for(self, payload: dict[str, Any]) -> list[Call]:
        """Every interaction-callback POST made for `payload`."""
        prefix = f"/interactions/{payload['id']}/"
        return [c for c in self.calls if prefix in c.path]

    async def drop_connection(self, shard_id: int = 0) -> None:
        """Close the socket abnormally: discord.py reconnects and RESUMEs."""
        await self._live[shard_id].ws.close(code=4000, message=b"fake drop")

    def calls_to(self, method: str, fragment: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and fragment in c.path]

    async def wait_for_call(self, pred: Callable[[Call], bool], timeout: float = 5.0) -> Call:
        found: list[Call] = []

        def check() -> bool:
            found[:] = [c for c in self.calls if pred(c)]
            return bool(found)

        await self._wait(check, timeout)
        return found[0]

    async def wait_for_callback(self, interaction: dict[str, Any], timeout: float = 5.0) -> Call:
        prefix = f"/interactions/{interaction['id']}/"
        return await self.wait_for_call(lambda c: prefix in c.path, timeout)

    async def _wait(self, check: Callable[[], bool], timeout: float) -> None:
        async def loop() -> None:
            while not check():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(loop(), timeout)

    def _notify(self) -> None:
        self._changed.set()

