"""A local fake Discord: gateway websocket + REST API on one aiohttp server (127.0.0.1).

The gateway speaks the real protocol as discord.py drives it (discord/gateway.py): HELLO
(op 10) with a heartbeat interval, IDENTIFY (op 2) answered by the READY dispatch and one
GUILD_CREATE per guild of the shard, HEARTBEAT (op 1) answered by HEARTBEAT_ACK (op 11),
RESUME (op 6) answered by RESUMED (or INVALID_SESSION when unknown). Frames are
zlib-stream compressed when the client asks for `compress=zlib-stream`, plain JSON text
otherwise (discord.py accepts both).

The REST side records every call and answers the routes the bot uses, with Discord's
status codes: 403 + code 50007 for DMs to users who closed them, 429 + `retry_after` (with
the `Via` header Discord's edge adds, without which discord.py treats a 429 as a ban)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.e2e.fakes.discord_payloads import (
    FakeGuild,
    FakeUser,
    message_payload,
    snowflake,
)

API = "/api/v10"


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with exactly `application/json` (no charset): discord.py's json_or_text compares
    the header verbatim, as Discord sends it."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json", **(headers or {})})


@dataclass
class Call:
    method: str
    path: str
    json: Any
    query: dict[str, str]


@dataclass
class _Session:
    session_id: str
    shard: tuple[int, int]
    ws: web.WebSocketResponse
    seq: int = 0
    compressor: Any = None
    intents: int | None = None

    async def send(self, op: int, d: Any, t: str | None = None) -> None:
        frame: dict[str, Any] = {"op": op, "d": d, "s": None, "t": t}
        if op == 0:
            self.seq += 1
            frame["s"] = self.seq
        text = json.dumps(frame)
        if self.compressor is not None:
            raw = self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(raw)
        else:
            await self.ws.send_str(text)


@dataclass
class FakeDiscord:
    """Start with `await fake.start()`; point discord.py at `fake.api_base` (Route.BASE) and
    `fake.gateway_url`. Tests read `fake.calls` and use `interact()` / `wait_for_call()`."""

    app_id: str = field(default_factory=snowflake)
    bot: FakeUser = field(default_factory=lambda: FakeUser(snowflake(), "taskbot", bot=True))
    guilds: list[FakeGuild] = field(default_factory=list)
    heartbeat_interval_ms: int = 500
    recommended_shards: int = 1
    closed_dms: set[str] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    identifies: list[dict[str, Any]] = field(default_factory=list)
    heartbeats: int = 0
    resumes: int = 0

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._sessions: dict[str, _Session] = {}
        self._live: dict[int, _Session] = {}
        self._rate_limits: list[tuple[str, str, float, bool]] = []
        self._changed = asyncio.Event()
        self._dm_channels: dict[str, str] = {}
        self._interactions: dict[str, dict[str, Any]] = {}
        self._originals: dict[str, str] = {}
        self.port = 0

    # ---------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        app = web.Application()
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

    async def wait_connected(self, shard_id: int = 0, timeout: float = 5.0) -> None:
        await self._wait(lambda: shard_id in self._live, timeout)

    async def dispatch(self, event: str, data: dict[str, Any], shard_id: int = 0) -> None:
        await self._live[shard_id].send(0, data, event)

    async def interact(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Dispatch an INTERACTION_CREATE on the shard of its guild; returns the payload."""
        self._interactions[payload["id"]] = payload
        self._interactions[payload["token"]] = payload
        shard = 0
        if payload.get("guild_id") and len(self._live) > 1:
            count = next(iter(self._live.values())).shard[1]
            shard = (int(payload["guild_id"]) >> 22) % count
        await self.dispatch("INTERACTION_CREATE", payload, shard)
        return payload

    async def drop_connection(self, shard_id: int = 0) -> None:
        """Close the socket abnormally: discord.py reconnects and RESUMEs."""
        await self._live[shard_id].ws.close(code=4000, message=b"fake drop")

    def calls_to(self, method: str, fragment: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and fragment in c.path]

    def callbacks(self, interaction: dict[str, Any]) -> list[Call]:
        return self.calls_to("POST", f"/interactions/{interaction['id']}/")

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

    # ---------------------------------------------------------------- gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        compressor = (zlib.compressobj() if request.query.get("compress") == "zlib-stream"
                      else None)
        sess: _Session | None = None
        pending = _Session("", (0, 1), ws, compressor=compressor)
        await pending.send(10, {"heartbeat_interval": self.heartbeat_interval_ms})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op, d = frame.get("op"), frame.get("d")
                if op == 1:
                    self.heartbeats += 1
                    await (sess or pending).send(11, None)
                elif op == 2:
                    sess = await self._identify(ws, compressor, d)
                elif op == 6:
                    sess = await self._resume(ws, compressor, d)
                self._notify()
        finally:
            if sess is not None and self._live.get(sess.shard[0]) is sess:
                del self._live[sess.shard[0]]
            self._notify()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, compressor: Any,
                        d: dict[str, Any]) -> _Session:
        self.identifies.append(d)
        shard = tuple(d.get("shard") or (0, 1))
        sess = _Session(snowflake(), (int(shard[0]), int(shard[1])), ws,
                        compressor=compressor, intents=d.get("intents"))
        self._sessions[sess.session_id] = sess
        mine = [g for g in self.guilds if (int(g.id) >> 22) % sess.shard[1] == sess.shard[0]]
        ready = {
            "v": 10,
            "user": self.bot.payload() | {"verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": g.id, "unavailable": True} for g in mine],
            "session_id": sess.session_id,
            "resume_gateway_url": self.gateway_url,
            "shard": list(sess.shard),
            "application": {"id": self.app_id, "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "geo_ordered_rtc_regions": [],
            "guild_join_requests": [],
            "user_settings": {},
            "_trace": ["fake-discord"],
        }
        await sess.send(0, ready, "READY")
        for guild in mine:
            await sess.send(0, guild.create_payload(self.bot), "GUILD_CREATE")
        self._live[sess.shard[0]] = sess
        return sess

    async def _resume(self, ws: web.WebSocketResponse, compressor: Any,
                      d: dict[str, Any]) -> _Session | None:
        old = self._sessions.get(d.get("session_id", ""))
        if old is None:
            fresh = _Session("", (0, 1), ws, compressor=compressor)
            await fresh.send(9, False)
            return None
        self.resumes += 1
        old.ws, old.compressor = ws, compressor
        await old.send(0, {"_trace": ["fake-discord"]}, "RESUMED")
        self._live[old.shard[0]] = old
        return old

    # ---------------------------------------------------------------- REST
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json" and raw:
                body = json.loads(raw)
            elif request.content_type.startswith("multipart/"):
                body = {"multipart": True}
        self.calls.append(Call(request.method, path, body, dict(request.query)))
        self._notify()
        for i, (method, suffix, retry_after, is_global) in enumerate(self._rate_limits):
            if method == request.method and path.endswith(suffix):
                del self._rate_limits[i]
                return _json(
                    {"message": "You are being rate limited.", "retry_after": retry_after,
                     "global": is_global, "code": 0},
                    status=429,
                    headers={"Via": "1.1 google", "Retry-After": str(int(retry_after) or 1),
                             "X-RateLimit-Scope": "global" if is_global else "user"},
                )
        return await self._route(request.method, path, body or {})

    async def _route(self, method: str, path: str, body: dict[str, Any]) -> web.StreamResponse:
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/users/@me":
            return _json(self.bot.payload())
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json(self._app_info())
        if method == "GET" and path == "/gateway/bot":
            return _json({
                "url": self.gateway_url.rstrip("/"),
                "shards": self.recommended_shards,
                "session_start_limit": {"total": 1000, "remaining": 999,
                                        "reset_after": 14400000, "max_concurrency": 1},
            })
        if method == "GET" and path == "/gateway":
            return _json({"url": self.gateway_url.rstrip("/")})
        if parts[0] == "interactions" and method == "POST":
            return _json(self._interaction_callback(parts[1], body))
        if parts[0] == "webhooks":
            return self._webhook(method, parts, body)
        if method == "POST" and path == "/users/@me/channels":
            user_id = str(body["recipient_id"])
            channel_id = self._dm_channels.setdefault(user_id, snowflake())
            return _json({
                "id": channel_id, "type": 1, "last_message_id": None, "flags": 0,
                "recipients": [FakeUser(user_id, f"user{user_id[-4:]}").payload()],
            })
        if parts[0] == "channels" and len(parts) >= 3 and parts[2] == "messages":
            return self._channel_message(method, parts, body)
        if parts[0] == "applications" and method == "PUT" and parts[-1] == "commands":
            guild_id = parts[3] if len(parts) == 5 else None
            return _json([self._app_command(c, guild_id) for c in body])
        if parts[0] == "applications" and method == "GET" and parts[-1] == "commands":
            return _json([])
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _app_info(self) -> dict[str, Any]:
        return {
            "id": self.app_id, "name": "taskbot", "icon": None, "description": "",
            "rpc_origins": [], "bot_public": True, "bot_require_code_grant": False,
            "owner": FakeUser("1", "owner").payload(), "summary": "", "verify_key": "00",
            "team": None, "flags": 0, "tags": [], "interactions_endpoint_url": None,
            "bot": self.bot.payload(),
        }

    def _app_command(self, command: dict[str, Any], guild_id: str | None) -> dict[str, Any]:
        out = dict(command)
        out.update(id=snowflake(), application_id=self.app_id, version=snowflake())
        out.setdefault("description", "")
        out.setdefault("type", 1)
        if guild_id:
            out["guild_id"] = guild_id
        return out

    def _store(self, channel_id: str, body: dict[str, Any], guild_id: str | None = None,
               message_id: str | None = None, flags: int = 0) -> dict[str, Any]:
        msg = message_payload(channel_id, self.bot, body, message_id=message_id,
                              guild_id=guild_id, flags=flags)
        self.messages[msg["id"]] = msg
        return msg

    def _interaction_callback(self, interaction_id: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body.get("type")
        data = body.get("data") or {}
        out: dict[str, Any] = {"interaction": {
            "id": interaction_id, "type": 2,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
        }}
        origin = self._interactions.get(interaction_id, {})
        if kind == 7 and origin.get("message"):
            old = origin["message"]
            msg = self._store(old["channel_id"], old | data, guild_id=origin.get("guild_id"),
                              message_id=old["id"], flags=old.get("flags") or 0)
            out["interaction"]["response_message_id"] = msg["id"]
            out["resource"] = {"type": kind, "message": msg}
        elif kind in (4, 5):
            msg = self._store(origin.get("channel_id", "0"), data,
                              guild_id=origin.get("guild_id"), flags=data.get("flags") or 0)
            self._originals[interaction_id] = msg["id"]
            out["interaction"]["response_message_id"] = msg["id"]
            out["resource"] = {"type": kind, "message": msg}
        elif kind is not None:
            out["resource"] = {"type": kind}
        return out

    def _webhook(self, method: str, parts: list[str], body: dict[str, Any]) -> web.Response:
        # /webhooks/{app_id}/{token}[/messages/{id|@original}]
        origin = self._interactions.get(parts[2], {})
        channel, guild = origin.get("channel_id", "0"), origin.get("guild_id")
        if method == "POST" and len(parts) == 3:
            return _json(self._store(channel, body, guild_id=guild,
                                     flags=body.get("flags") or 0))
        if len(parts) == 5 and method in ("PATCH", "GET"):
            target = (self._originals.get(origin.get("id", ""))
                      if parts[4] == "@original" else parts[4])
            old = self.messages.get(target or "", {})
            msg = self._store(channel, old | body, guild_id=guild, message_id=target)
            return _json(msg)
        if method == "DELETE":
            return web.Response(status=204)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    def _channel_message(self, method: str, parts: list[str],
                         body: dict[str, Any]) -> web.Response:
        channel_id = parts[1]
        dm_owner = next((u for u, c in self._dm_channels.items() if c == channel_id), None)
        if method == "POST" and len(parts) == 3:
            if dm_owner is not None and dm_owner in self.closed_dms:
                return _json(
                    {"message": "Cannot send messages to this user", "code": 50007},
                    status=403)
            guild_id = next((g.id for g in self.guilds if channel_id in g.channel_ids), None)
            return _json(self._store(channel_id, body, guild_id=guild_id))
        if method == "PATCH" and len(parts) == 4:
            old = self.messages.get(parts[3])
            merged = (old or {}) | {k: v for k, v in body.items() if v is not None}
            return _json(self._store(channel_id, merged, message_id=parts[3]))
        return _json({"message": "404: Not Found", "code": 0}, status=404)
