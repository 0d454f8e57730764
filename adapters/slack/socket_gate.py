"""The HTTP gate's shape check (`shapes.check`) for Socket Mode envelopes.

Over HTTP, `gate.Gate` refuses a body Slack never sends with a 400 before bolt sees it.
A Socket Mode envelope reaches bolt directly, so the same malformed payloads (`actions:
[]`, an integer `action_id`, `user` as a string, a missing `response_url`) would reach the
listeners and end in a traceback. This middleware, installed ahead of the request inbox,
acks such an envelope (a refusal that Slack would retry is worse than none) and drops it
with one log line: it is never recorded, run or answered. Replays from the inbox were
checked when they arrived."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack import shapes
from adapters.slack.inbox_slot import REPLAYED

log = logging.getLogger(__name__)


class SocketShapeGate(AsyncMiddleware):
    """A middleware object, not a function: bolt builds a function middleware's arguments
    from the body (`body["actions"][0]` among them), which is what fails on these."""

    async def async_process(self, *, req: AsyncBoltRequest, resp: BoltResponse,
                            next: Callable[[], Awaitable[BoltResponse]]) -> BoltResponse:
        if req.mode == "socket_mode" and not req.context.get(REPLAYED):
            try:
                shapes.check(req.body if isinstance(req.body, dict) else {})
            except shapes.Malformed as err:
                log.warning("Slack: dropped a malformed Socket Mode envelope: %s", err)
                return BoltResponse(status=200, body="")
        return await next()
