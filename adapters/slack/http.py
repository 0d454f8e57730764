"""HTTP mode: Slack's requests at `/slack/events` (commands, interactivity, options,
events), the OAuth install and redirect routes when multi-workspace, and `/healthz`.

Every request to `/slack/events` passes the `Gate` first (adapters/slack/gate.py): the
signature on the raw bytes, the database replay guard (every request, any Content-Type,
any replica), the shape of the body and the tenant. Only then does bolt see it (bolt
checks the signature again)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from adapters.slack.gate import Gate
from adapters.slack.runtime import RECEIVED_AT

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"

Health = Callable[[], Awaitable[bool]]
Accepting = Callable[[], bool]


def build_web_app(app: AsyncApp, *, oauth: bool, health: Health | None = None,
                  gate: Gate | None = None,
                  accepting: Accepting | None = None) -> web.Application:
    """`gate`: None only where bolt is given no signing secret to check. `accepting()`
    False (draining before a stop): Slack's requests get 503 and run nothing (Slack
    retries events; the load balancer moves on)."""

    async def events(request: web.Request) -> web.Response:
        if accepting is not None and not accepting():
            return web.json_response({"error": "shutting down"}, status=503)
        received_at = asyncio.get_running_loop().time()
        refusal = await gate.admit(request) if gate is not None else None
        if refusal is not None:
            return refusal
        bolt_req = await to_bolt_request(request)
        bolt_req.context[RECEIVED_AT] = received_at  # ack deadlines count from here
        bolt_resp = await app.async_dispatch(bolt_req)
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
