"""The door of `/slack/events`: nothing from outside reaches bolt (or costs more than a
401) before its signature is checked, on the raw bytes, whatever the Content-Type.

In order: the timestamp is digits within Slack's 300 s window and the HMAC of
`v0:{timestamp}:{raw body}` matches (401); the signature was never accepted before, here
or on another replica (the database replay guard; 401, or 200 for a retry Slack marks
with `X-Slack-Retry-Num`); the body is UTF-8 and has the shape Slack sends (400); the
request's workspace is one this app serves (single-token mode: only the workspace
`auth.test` names) and a form names no other workspace (403). Each refusal logs one line,
never a traceback."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import shapes

log = logging.getLogger(__name__)

WINDOW = 300
FirstTime = Callable[[str, int], Awaitable[bool]]
Served = Callable[[], Awaitable[frozenset[str] | None]]


class RecentSignatures:
    """Signatures this replica accepted in the last window (bounded): the replay guard's
    fallback while the database does not answer, and a cheap first check."""

    def __init__(self, window: int = WINDOW, limit: int = 100_000) -> None:
        self.window = window
        self.limit = limit
        self._seen: dict[str, int] = {}

    def first_time(self, signature: str, timestamp: int) -> bool:
        if signature in self._seen:
            return False
        if len(self._seen) >= self.limit:
            cutoff = int(time.time()) - self.window
            self._seen = {k: t for k, t in self._seen.items() if t >= cutoff}
            if len(self._seen) >= self.limit:  # a flood inside the window: oldest go
                self._seen = dict(list(self._seen.items())[self.limit // 2:])
        self._seen[signature] = timestamp
        return True


def signature_problem(secret: bytes, timestamp: str, signature: str, body: bytes,
                      now: float, window: int = WINDOW) -> str | None:
    """Why the request is not Slack's (None when it is)."""
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return "X-Slack-Request-Timestamp is not a number"
    if abs(now - int(timestamp)) > window:
        return "stale or future timestamp"
    digest = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body,
                      hashlib.sha256).hexdigest()
    if not hmac.compare_digest(f"v0={digest}".encode(), signature.encode("utf-8", "replace")):
        return "bad signature"
    return None


class InstalledTeam:
    """Single-token mode: the workspace (and org) the bot token belongs to, from
    `auth.test`, asked once and kept; empty (refuse for now) while Slack cannot say,
    asked again at most every `retry_after` seconds."""

    def __init__(self, client: AsyncWebClient, retry_after: float = 5.0) -> None:
        self._client = client
        self._teams: frozenset[str] | None = None
        self._retry_after = retry_after
        self._next_try = 0.0
        self._lock = asyncio.Lock()

    async def __call__(self) -> frozenset[str] | None:
        if self._teams is not None:
            return self._teams
        async with self._lock:  # one auth.test at a time, at most one per `retry_after`
            if self._teams is not None or time.monotonic() < self._next_try:
                return self._teams or frozenset()
            try:
                resp = await self._client.auth_test()
            except Exception as err:  # network, invalid_auth: not known yet
                self._next_try = time.monotonic() + self._retry_after
                log.warning("auth.test failed (%s); refusing requests until it answers", err)
                return frozenset()
            found = {resp.get("team_id"), resp.get("enterprise_id")}
            self._teams = frozenset(t for t in found if isinstance(t, str) and t)
        return self._teams


def _refuse(status: int, why: str, request: web.Request) -> web.Response:
    log.warning("refused a Slack request from %s with %d: %s", request.remote, status, why)
    return web.json_response({"error": why}, status=status)


@dataclass
class Gate:
    """`served`: the teams this app serves (single-token mode), or None for OAuth mode,
    where bolt's authorize refuses a workspace with no installation."""

    secret: bytes
    first_time: FirstTime
    served: Served | None = None
    window: int = WINDOW
    replay_timeout: float = 1.0  # seconds the replay check may take of Slack's 3
    recent: RecentSignatures = field(default_factory=lambda: RecentSignatures())

    async def admit(self, request: web.Request) -> web.Response | None:
        """None: the request may go to bolt; else the refusal to send."""
        body = await request.read()
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        problem = signature_problem(self.secret, timestamp, signature, body, time.time(),
                                    self.window)
        if problem:
            return _refuse(401, problem, request)
        seen_here = not self.recent.first_time(signature, int(timestamp))
        try:
            fresh = await asyncio.wait_for(self.first_time(signature, int(timestamp)),
                                           self.replay_timeout)
        except Exception as err:  # the database is down or hangs: this replica's memory
            # decides, so an acked event is still recorded in the inbox and retried there
            log.warning("replay guard: the database did not answer (%s); this replica's "
                        "memory decides", type(err).__name__)
            fresh = not seen_here
        if not fresh or seen_here:
            if request.headers.get("X-Slack-Retry-Num"):
                log.info("Slack retry of a request already accepted; ignored")
                return web.Response(status=200)
            return _refuse(401, "replayed signature", request)
        try:
            data = shapes.parse(body.decode("utf-8"), request.content_type)
            shapes.check(data)
        except UnicodeDecodeError:
            return _refuse(400, "body is not UTF-8", request)
        except shapes.Malformed as err:
            return _refuse(400, str(err), request)
        return await self._tenant(data, request)

    async def _tenant(self, data: dict[str, Any], request: web.Request) -> web.Response | None:
        team = shapes.team_of(data)
        enterprise = data.get("enterprise") or data.get("enterprise_id")
        if isinstance(enterprise, dict):
            enterprise = enterprise.get("id")
        ours = {t for t in (team, enterprise) if isinstance(t, str) and t}
        view = data.get("view") if isinstance(data.get("view"), dict) else {}
        installed_in = view.get("app_installed_team_id") if view else None
        if installed_in is not None and installed_in not in ours:
            return _refuse(403, "view belongs to another workspace", request)
        if self.served is None or data.get("type") == "url_verification":
            return None
        served = await self.served() or frozenset()
        org_wide = data.get("is_enterprise_install") in (True, "true")
        if not ((team and team in served) or (org_wide and enterprise in served)):
            return _refuse(403, "workspace not served by this app", request)
        return None
