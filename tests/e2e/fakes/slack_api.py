"""A local fake of the Slack Web API, for the e2e tests and the ack benchmark.

Speaks Slack's wire format the way slack-sdk uses it (modelled on slackapi/bolt-python's
tests/mock_web_api_server): POST /api/<method> (or /<method>) with a form-encoded or JSON
body and `Authorization: Bearer xoxb-...`; answers `{"ok": true, ...}` with the shapes real
Slack returns for the methods taskbot calls; records every call for assertions; can answer
429 + Retry-After for the next N calls of a method. `POST /response/<id>` stands in for a
`response_url`. Runs a stdlib ThreadingHTTPServer in a daemon thread on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

TEAM_ID = "T0TEAM001"
BOT_USER_ID = "U0BOT0001"
BOT_ID = "B0BOT0001"
APP_ID = "A0APP0001"


@dataclass
class Call:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)

    def blocks(self) -> list[dict[str, Any]]:
        raw = self.params.get("blocks")
        if isinstance(raw, str):
            return list(json.loads(raw))
        if raw is None and isinstance(self.params.get("view"), dict | str):
            view = self.params["view"]
            view = json.loads(view) if isinstance(view, str) else view
            return list(view.get("blocks", []))
        return list(raw or [])

    def view(self) -> dict[str, Any]:
        raw = self.params.get("view")
        return dict(json.loads(raw) if isinstance(raw, str) else raw or {})

    def dumped(self) -> str:
        """Everything the bot sent, as one string: for "is this text escaped" checks."""
        return json.dumps(self.params, ensure_ascii=False)


@dataclass
class _RateLimit:
    remaining: int
    retry_after: int


Outage = Callable[[], tuple[int, dict[str, str], dict[str, Any]] | None]
"""Asked before each call of a method: (status, headers, body) to answer instead, or None
to answer normally (e.g. 429 for a while, then 500, then normal, on the test's clock)."""


@dataclass
class FakeSlackState:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    rate_limits: dict[str, _RateLimit] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    outages: dict[str, Outage] = field(default_factory=dict)
    socket_url: str = ""  # what apps.connections.open hands out (Socket Mode)
    upload_base: str = ""  # where files.getUploadURLExternal points uploads (this server)
    uploads: dict[str, bytes] = field(default_factory=dict)  # file id -> bytes received
    pending_files: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    cond: threading.Condition = field(init=False)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _views: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.cond = threading.Condition(self.lock)

    def next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def next_view_id(self) -> str:
        return f"V{next(self._views):08d}"

    def next_file_id(self) -> str:
        return f"F{next(self._views):010d}"


def _user_payload(user_id: str, info: dict[str, Any]) -> dict[str, Any]:
    name = info.get("display_name", user_id.lower())
    tz = info.get("tz", "America/Los_Angeles")
    return {
        "id": user_id, "team_id": TEAM_ID, "name": name, "deleted": False,
        "real_name": info.get("real_name", name), "tz": tz, "tz_label": tz,
        "tz_offset": info.get("tz_offset", 0), "is_admin": info.get("is_admin", False),
        "is_bot": False, "updated": 1_700_000_000,
        "profile": {"display_name": name, "real_name": info.get("real_name", name),
                    "display_name_normalized": name, "team": TEAM_ID},
    }


def _view_response(state: FakeSlackState, params: dict[str, Any]) -> dict[str, Any]:
    view = params.get("view")
    view = json.loads(view) if isinstance(view, str) else dict(view or {})
    view_id = params.get("view_id") or state.next_view_id()
    view.update({"id": view_id, "team_id": TEAM_ID, "app_id": APP_ID, "bot_id": BOT_ID,
                 "hash": f"{time.time():.6f}", "state": {"values": {}}})
    return {"ok": True, "view": view}


def _answer(state: FakeSlackState, method: str, params: dict[str, Any],
            token: str | None) -> dict[str, Any]:
    channel = str(params.get("channel", ""))
    if method == "auth.test":
        return {"ok": True, "url": "https://taskbot-test.slack.com/", "team": "Taskbot Test",
                "user": "taskbot", "team_id": TEAM_ID, "user_id": BOT_USER_ID,
                "bot_id": BOT_ID, "is_enterprise_install": False}
    if method == "chat.postMessage":
        if channel.startswith(("U", "W")):
            channel = "D" + channel[1:]
        ts = state.next_ts()
        return {"ok": True, "channel": channel, "ts": ts,
                "message": {"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID,
                            "text": params.get("text", ""), "ts": ts}}
    if method == "chat.update":
        return {"ok": True, "channel": channel, "ts": params.get("ts"),
                "text": params.get("text", "")}
    if method == "chat.postEphemeral":
        return {"ok": True, "message_ts": state.next_ts()}
    if method == "chat.getPermalink":
        ts = str(params.get("message_ts", "")).replace(".", "")
        return {"ok": True, "channel": channel,
                "permalink": f"https://taskbot-test.slack.com/archives/{channel}/p{ts}"}
    if method in ("views.open", "views.update", "views.publish", "views.push"):
        return _view_response(state, params)
    if method.startswith("files."):
        return _files(state, method, params)
    if method == "users.info":
        user_id = str(params.get("user", ""))
        if user_id not in state.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": _user_payload(user_id, state.users[user_id])}
    if method == "conversations.open":
        users = str(params.get("users", "U0")).split(",")[0]
        return {"ok": True, "channel": {"id": "D" + users[1:]}}
    if method == "oauth.v2.access":
        return {"ok": True, "access_token": "xoxb-installed-token", "token_type": "bot",
                "scope": "commands,chat:write", "bot_user_id": BOT_USER_ID, "app_id": APP_ID,
                "team": {"name": "Taskbot Test", "id": TEAM_ID}, "enterprise": None,
                "is_enterprise_install": False,
                "authed_user": {"id": "U0INSTALL", "scope": "", "token_type": "user"}}
    return {"ok": True}


def _files(state: FakeSlackState, method: str, params: dict[str, Any]) -> dict[str, Any]:
    """The external upload, as Slack answers it: getUploadURLExternal hands out a file id
    and an upload URL (needs `filename` and a positive `length`); completeUploadExternal
    takes `files` as a JSON array of {id, title} whose bytes arrived, and shares them to
    `channel_id` (with `thread_ts`) or keeps them private."""
    if method == "files.getUploadURLExternal":
        length = str(params.get("length", ""))
        if not params.get("filename") or not length.isdigit() or int(length) <= 0:
            return {"ok": False, "error": "invalid_arguments"}
        file_id = state.next_file_id()
        state.pending_files[file_id] = {"filename": params["filename"], "length": int(length),
                                        "alt_txt": params.get("alt_txt")}
        return {"ok": True, "upload_url": f"{state.upload_base}{file_id}", "file_id": file_id}
    if method == "files.completeUploadExternal":
        raw = params.get("files")
        files = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        out = []
        for f in files:
            file_id = str(f.get("id"))
            pending = state.pending_files.get(file_id)
            if pending is None or file_id not in state.uploads:
                return {"ok": False, "error": "file_not_found"}
            channel = params.get("channel_id")
            shares = ({"public": {channel: [{"ts": state.next_ts(),
                                             "thread_ts": params.get("thread_ts")}]}}
                      if channel else {})
            out.append({"id": file_id, "title": f.get("title") or pending["filename"],
                        "name": pending["filename"], "alt_txt": pending["alt_txt"],
                        "size": len(state.uploads[file_id]), "mimetype": "image/png",
                        "channels": [channel] if channel else [], "shares": shares})
        return {"ok": True, "files": out}
    return {"ok": False, "error": "unknown_method"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _params(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        query = urlparse(self.path).query
        if raw.startswith("{"):
            return dict(json.loads(raw))
        pairs = parse_qs(raw or query, keep_blank_values=True)
        return {k: v[0] for k, v in pairs.items()}

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _upload(self, file_id: str) -> None:
        """The upload URL: raw bytes in the body, `OK - <length>` as text/plain back."""
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        with state.lock:
            known = file_id in state.pending_files
            if known:
                state.uploads[file_id] = data
            state.calls.append(Call("upload", {"file_id": file_id, "size": len(data)}, None,
                                    time.time(), 200 if known else 404))
            state.cond.notify_all()
        reply = f"OK - {len(data)}".encode() if known else b"Not Found"
        self.send_response(200 if known else 404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def _handle(self) -> None:
        state = self.server.state
        path = urlparse(self.path).path
        if path.startswith("/upload/v1/"):
            self._upload(path.removeprefix("/upload/v1/"))
            return
        params = self._params()
        auth = self.headers.get("Authorization", "")
        token = auth[len("Bearer "):] if auth.startswith("Bearer ") else params.get("token")
        if path.startswith("/response/"):
            method = "response_url"
        else:
            method = path.removeprefix("/api/").lstrip("/")
        status, headers = 200, dict[str, str]()
        body: dict[str, Any]
        delay = state.delays.get(method, 0.0)
        if delay:
            time.sleep(delay)
        with state.lock:
            limit = state.rate_limits.get(method)
            pending_errors = state.errors.get(method)
            outage = state.outages[method]() if method in state.outages else None
            if outage is not None:
                status, headers, body = outage
            elif limit and limit.remaining > 0:
                limit.remaining -= 1
                status, headers = 429, {"Retry-After": str(limit.retry_after)}
                body = {"ok": False, "error": "ratelimited"}
            elif pending_errors:
                body = {"ok": False, "error": pending_errors.pop(0)}
            elif method == "apps.connections.open":
                body = ({"ok": True, "url": state.socket_url} if str(token).startswith("xapp-")
                        else {"ok": False, "error": "not_allowed_token_type"})
            elif method not in ("response_url", "oauth.v2.access") and not (
                    token and str(token).startswith(("xoxb-", "xoxp-"))):
                body = {"ok": False, "error": "invalid_auth"}
            else:
                body = _answer(state, method, params, token)
            state.calls.append(Call(method, params, token, time.time(), status, body))
            state.cond.notify_all()
        self._send(status, body, headers)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: FakeSlackState


class FakeSlackApi:
    """Start with `FakeSlackApi().start()`; `base_url` goes to AsyncWebClient(base_url=...)."""

    def __init__(self) -> None:
        self.state = FakeSlackState()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = self.state
        self.state.upload_base = f"http://127.0.0.1:{self.port}/upload/v1/"
        # serve_forever checks for `stop` every poll interval (0.5 s by default): every
        # world's teardown waited that long for it.
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def start(self) -> FakeSlackApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- scripting ---------------------------------------------------------------------
    def add_user(self, user_id: str, display_name: str, tz: str = "America/Los_Angeles",
                 **extra: Any) -> None:
        self.state.users[user_id] = {"display_name": display_name, "tz": tz, **extra}

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and Retry-After."""
        with self.state.lock:
            self.state.rate_limits[method] = _RateLimit(times, retry_after)

    def fail(self, method: str, *errors: str) -> None:
        """Answer the next calls of `method` with `{"ok": false, "error": ...}`."""
        with self.state.lock:
            self.state.errors.setdefault(method, []).extend(errors)

    def outage(self, method: str, answer: Outage) -> None:
        """Ask `answer()` before each call of `method` (see `Outage`)."""
        with self.state.lock:
            self.state.outages[method] = answer

    def slow(self, method: str, seconds: float) -> None:
        self.state.delays[method] = seconds

    # -- assertions --------------------------------------------------------------------
    def calls(self, method: str | None = None,
              where: Callable[[Call], bool] | None = None) -> list[Call]:
        with self.state.lock:
            found = [c for c in self.state.calls if method is None or c.method == method]
        return [c for c in found if where is None or where(c)]

    def clear(self) -> None:
        with self.state.lock:
            self.state.calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0,
                 where: Callable[[Call], bool] | None = None) -> list[Call]:
        """Block until at least `count` calls of `method` (matching `where`) arrived."""
        deadline = time.monotonic() + timeout
        with self.state.cond:
            while True:
                found = [c for c in self.state.calls if c.method == method
                         and (where is None or where(c))]
                left = deadline - time.monotonic()
                if len(found) >= count or left <= 0:
                    return found
                self.state.cond.wait(left)

    async def await_for(self, method: str, count: int = 1, timeout: float = 5.0,
                        where: Callable[[Call], bool] | None = None) -> list[Call]:
        """`wait_for` without blocking the event loop."""
        return await asyncio.to_thread(self.wait_for, method, count, timeout, where)
