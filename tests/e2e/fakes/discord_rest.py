"""The fake Discord's REST API: records every call and answers the routes the bot uses
with Discord's shapes and status codes: 403 + code 50007 for DMs to users who closed them,
429 + `retry_after` with the `Via` header Discord's edge adds (without it discord.py takes
a 429 for a Cloudflare ban). Misbehaviour on demand: 429 storms (per route or global) for a
while, scripted 5xx answers (before or after storing the message), and message nonces
deduplicated like Discord's `enforce_nonce` (the same nonce in the same channel within a
few minutes returns the stored message)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from tests.e2e.fakes.discord_payloads import FakeUser, message_payload, snowflake

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
    at: float = field(default_factory=time.monotonic)
    status: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)
    """Multipart uploads: name, filename, content_type, size and data of each file part."""


NONCE_TTL = 300.0


def _rate_limited(retry_after: float, is_global: bool) -> web.Response:
    return _json({"message": "You are being rate limited.", "retry_after": retry_after,
                  "global": is_global, "code": 0}, status=429,
                 headers={"Via": "1.1 google", "Retry-After": str(int(retry_after) or 1),
                          "X-RateLimit-Scope": "global" if is_global else "user",
                          **({"X-RateLimit-Global": "true"} if is_global else {})})



async def _multipart(request: web.Request) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A multipart body as Discord reads it: `payload_json` is the JSON body, each
    `files[n]` part an attachment (its id `n` matches `attachments[].id` in the body)."""
    body: dict[str, Any] = {}
    files: list[dict[str, Any]] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        data = await part.read()
        if part.name == "payload_json":
            body = dict(json.loads(data))
        else:
            files.append({"name": part.name, "filename": part.filename, "data": bytes(data),
                          "content_type": part.headers.get("Content-Type", ""),
                          "size": len(data)})
    return body, files


def _attach(body: Any, files: list[dict[str, Any]], base: str) -> None:
    """Fill the body's attachment stubs ({id, filename, description}) into the attachment
    objects Discord returns (size, url, content type), as the stored message shows them."""
    if not files or not isinstance(body, dict):
        return
    target = body.get("data") if isinstance(body.get("data"), dict) else body
    by_index = {f["name"].removeprefix("files[").rstrip("]"): f for f in files}
    out = []
    for stub in target.get("attachments") or []:
        f = by_index.get(str(stub.get("id")))
        if f is None:
            continue
        att_id = snowflake()
        out.append({"id": att_id, "filename": f["filename"], "size": f["size"],
                    "description": stub.get("description"), "content_type": f["content_type"],
                    "url": f"{base}/attachments/{att_id}/{f['filename']}",
                    "proxy_url": f"{base}/attachments/{att_id}/{f['filename']}"})
    target["attachments"] = out


class RestMixin:
    """The REST half of FakeDiscord (state lives on FakeDiscord)."""

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: list[dict[str, Any]] = []
        if request.can_read_body and request.content_type.startswith("multipart/"):
            body, files = await _multipart(request)
        elif request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json" and raw:
                body = json.loads(raw)
        call = Call(request.method, path, body, dict(request.query), at=arrived, files=files)
        self.calls.append(call)
        too_big = [f for f in files if f["size"] > self.file_limit]  # type: ignore[attr-defined]
        if too_big:
            response: web.StreamResponse = _json(
                {"message": "Request entity too large", "code": 40005}, status=413)
        else:
            _attach(body, files, f"http://127.0.0.1:{self.port}")  # type: ignore[attr-defined]
            response = await self._answer(request.method, path, body)
        call.status = response.status
        self._notify()
        return response

    async def _answer(self, method: str, path: str, body: Any) -> web.StreamResponse:
        for i, (m, suffix, retry_after, is_global) in enumerate(self._rate_limits):
            if m == method and path.endswith(suffix):
                del self._rate_limits[i]
                return _rate_limited(retry_after, is_global)
        now = time.monotonic()
        for m, suffix, until, retry_after, is_global in self._storms:
            if now < until and m == method and (is_global or path.endswith(suffix)):
                return _rate_limited(retry_after, is_global)
        for script in self._failures:  # [method, fragment, status, left, after_store]
            if script[3] > 0 and script[0] == method and script[1] in path:
                script[3] -= 1
                if script[4]:
                    await self._route(method, path, body or {})
                return _json({"message": "Server error", "code": 0}, status=script[2])
        return await self._route(method, path, body or {})

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
        if method == "GET" and len(parts) == 4 and parts[0] == "guilds" and parts[2] == "members":
            return self._guild_member(parts[1], parts[3])
        if parts[0] == "interactions" and method == "POST":
            if parts[1] in self.expired:  # type: ignore[attr-defined]
                return _json({"message": "Unknown interaction", "code": 10062}, status=404)
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

    def _guild_member(self, guild_id: str, user_id: str) -> web.Response:
        """GET /guilds/{id}/members/{user}: everyone is a member of the fake's guilds except
        the users in `not_members` (left or removed: 404 Unknown Member)."""
        if not any(g.id == guild_id for g in self.guilds):  # type: ignore[attr-defined]
            return _json({"message": "Unknown Guild", "code": 10004}, status=404)
        if user_id in self.not_members:  # type: ignore[attr-defined]
            return _json({"message": "Unknown Member", "code": 10007}, status=404)
        return _json(FakeUser(user_id, f"user{user_id[-4:]}").member_payload())

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
            nonce = body.get("nonce") if body.get("enforce_nonce") else None
            seen = self._nonces.get((channel_id, str(nonce))) if nonce is not None else None
            if seen is not None and time.monotonic() - seen[1] < NONCE_TTL:
                return _json(self.messages[seen[0]])
            guild_id = next((g.id for g in self.guilds if channel_id in g.channel_ids), None)
            msg = self._store(channel_id, body, guild_id=guild_id)
            if nonce is not None:
                self._nonces[(channel_id, str(nonce))] = (msg["id"], time.monotonic())
            return _json(msg)
        if method == "PATCH" and len(parts) == 4:
            old = self.messages.get(parts[3])
            merged = (old or {}) | {k: v for k, v in body.items() if v is not None}
            return _json(self._store(channel_id, merged, message_id=parts[3]))
        return _json({"message": "404: Not Found", "code": 0}, status=404)
