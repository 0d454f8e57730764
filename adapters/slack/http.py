"""HTTP mode: Slack's requests at `/slack/events` (commands, interactivity, options,
events), the OAuth install and redirect routes when multi-workspace, and `/healthz`.

Bolt verifies every request's signature and its 300 s window (401 otherwise). On top of
that a replay guard refuses a command or interaction (form bodies) whose exact signature
was already accepted in the window: a captured request replayed within 5 minutes also gets
401 and runs nothing. Events (JSON bodies) are exempt: Slack's own immediate retry may be
byte-identical, and events are de-duplicated by `event_id` instead."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.slack.runtime import RECEIVED_AT

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
WINDOW = 300.0

Health = Callable[[], Awaitable[bool]]
Accepting = Callable[[], bool]


class ReplayGuard:
    """Signatures accepted in the last `window` seconds (bounded, oldest dropped first)."""

    def __init__(self, window: float = WINDOW, max_size: int = 200_000) -> None:
        self._window = window
        self._max = max_size
        self._seen: OrderedDict[str, float] = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._seen:
            at = next(iter(self._seen.values()))
            if now - at <= self._window and len(self._seen) <= self._max:
                break
            self._seen.popitem(last=False)

    def seen(self, signature: str) -> bool:
        self._expire(time.monotonic())
        return signature in self._seen

    def accept(self, signature: str) -> None:
        self._seen[signature] = time.monotonic()


def build_web_app(app: AsyncApp, *, oauth: bool, health: Health | None = None,
                  guard: ReplayGuard | None = None,
                  accepting: Accepting | None = None) -> web.Application:
    """`accepting()` False (draining before a stop): Slack's requests get 503 and run
    nothing (Slack retries events; the load balancer moves on)."""
    guard = guard or ReplayGuard()

    async def events(request: web.Request) -> web.Response:
        if accepting is not None and not accepting():
            return web.json_response({"error": "shutting down"}, status=503)
        received_at = asyncio.get_running_loop().time()
        signature = ""
        if request.content_type == "application/x-www-form-urlencoded":
            signature = request.headers.get("X-Slack-Signature", "")
        if signature and guard.seen(signature):
            return web.json_response({"error": "invalid request"}, status=401)
        bolt_req = await to_bolt_request(request)
        bolt_req.context[RECEIVED_AT] = received_at  # ack deadlines count from here
        bolt_resp = await app.async_dispatch(bolt_req)
        if signature and bolt_resp.status != 401:
            guard.accept(signature)
        return await to_aiohttp_response(bolt_resp)

    async def oauth_route(request: web.Request) -> web.Response:
        flow = app.oauth_flow
        if flow is None:
            raise web.HTTPNotFound()
        bolt_req = await to_bolt_request(request)
        if request.path == INSTALL_PATH:
            bolt_resp = await flow.handle_installation(bolt_req)
        else:
            bolt_resp = await flow.handle_callback(bolt_req)
        return await to_aiohttp_response(bolt_resp)

    async def healthz(_request: web.Request) -> web.Response:
        ok = await health() if health is not None else True
        return web.json_response({"ok": ok}, status=200 if ok else 503)

    async def livez(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})  # the process runs (whatever the database)

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, events)
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/livez", livez)
    if oauth:
        web_app.router.add_get(INSTALL_PATH, oauth_route)
        web_app.router.add_get(REDIRECT_PATH, oauth_route)
    return web_app
