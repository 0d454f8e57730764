"""A local fake of Slack's Socket Mode endpoint: the WebSocket that `apps.connections.open`
points to. It greets the client with `hello`, pushes envelopes (slash_commands,
interactive, events_api) in Slack's shape, and collects the client's acks."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer

_ids = itertools.count(1)


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: dict[str, dict[str, Any]] = {}
        self.connected = asyncio.Event()
        self._socket: web.WebSocketResponse | None = None
        self._acked = asyncio.Condition()
        app = web.Application()
        app.router.add_get("/link", self._link)
        self.server = TestServer(app, host="127.0.0.1")

    @property
    def url(self) -> str:
        return str(self.server.make_url("/link")).replace("http://", "ws://")

    async def start(self) -> FakeSocketMode:
        await self.server.start_server()
        return self

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        await self.server.close()

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._socket = ws
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                            "connection_info": {"app_id": "A0APP0001"}})
        self.connected.set()
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                data = json.loads(msg.data)
                async with self._acked:
                    self.acks[data.get("envelope_id", "")] = data
                    self._acked.notify_all()
        return ws

    async def push(self, kind: str, payload: dict[str, Any], retry_attempt: int = 0) -> str:
        """Send one envelope; returns its envelope_id."""
        assert self._socket is not None
        envelope_id = f"env-{next(_ids)}"
        await self._socket.send_str(json.dumps({
            "envelope_id": envelope_id, "type": kind, "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else "",
        }))
        return envelope_id

    async def ack_of(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        async with self._acked:
            await asyncio.wait_for(self._acked.wait_for(lambda: envelope_id in self.acks),
                                   timeout)
            return self.acks[envelope_id]
