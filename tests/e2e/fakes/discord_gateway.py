"""The fake Discord's gateway: the websocket protocol as discord.py drives it
(discord/gateway.py). HELLO (op 10) with the heartbeat interval; IDENTIFY (op 2) answered by
the READY dispatch and one GUILD_CREATE per guild of the shard; HEARTBEAT (op 1) answered
by HEARTBEAT_ACK (op 11); RESUME (op 6) answered by RESUMED, or INVALID_SESSION (op 9)
for an unknown session. Frames are zlib-stream compressed (one zlib context per
connection, each frame ending in a Z_SYNC_FLUSH) when the client asks for
`compress=zlib-stream`, plain JSON text otherwise; discord.py accepts both."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.e2e.fakes.discord_payloads import snowflake


@dataclass
class _Session:
    session_id: str
    shard: tuple[int, int]
    ws: web.WebSocketResponse
    seq: int = 0
    compressor: Any = None
    intents: int | None = None
    history: list[tuple[int, str, Any]] = field(default_factory=list)

    async def send(self, op: int, d: Any, t: str | None = None,
                   seq: int | None = None) -> None:
        """Send a frame; a dispatch (op 0) gets the next sequence number and is kept for
        RESUME replays (`seq`: replay one with its original number)."""
        frame: dict[str, Any] = {"op": op, "d": d, "s": None, "t": t}
        if op == 0 and seq is None:
            self.seq += 1
            frame["s"] = self.seq
            self.history = [*self.history[-99:], (self.seq, t or "", d)]
        elif op == 0:
            frame["s"] = seq
        text = json.dumps(frame)
        if self.compressor is not None:
            raw = self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(raw)
        else:
            await self.ws.send_str(text)



class GatewayMixin:
    """The websocket half of FakeDiscord (state lives on FakeDiscord)."""

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
                elif op == 2 and self.reject_token:
                    self.identifies.append(d)
                    await ws.close(code=4004, message=b"Authentication failed.")
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
        # Discord replays what the client missed (after its `seq`); `replay_on_resume`
        # makes this fake also replay that many dispatches the client already had.
        since = int(d.get("seq") or 0)
        extra = self.replay_on_resume
        self.replay_on_resume = 0
        for seq, event, data in old.history:
            if seq > since or (extra and seq > since - extra and event != "RESUMED"):
                self.replayed += 1
                await old.send(0, data, event, seq=seq)
        await old.send(0, {"_trace": ["fake-discord"]}, "RESUMED")
        self._live[old.shard[0]] = old
        return old
