"""Interaction callbacks and follow-ups retried inside their deadline.

discord.py's webhook adapter retries a 5xx after 1, 3, 5, 7 seconds: two 500s on an
interaction callback put the third try past the 3 seconds Discord gives an interaction
token, so the user saw "interaction failed" although the work was done. This adapter (set
as discord.py's `async_context` by the client) retries quickly, 0.1 s doubling, and never
past the callback's deadline: the interaction's creation time (from its snowflake id) plus
3 s, less a margin. A follow-up (the token lives 15 minutes) gets `FOLLOWUP_ATTEMPTS` tries
on the same quick schedule. When the last try fails the error reaches the bridge, which
tells the author what was done through the outbox (`Bridge.announce`)."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any
from urllib.parse import quote as urlquote

import aiohttp
from discord import utils
from discord.errors import DiscordServerError, Forbidden, HTTPException, NotFound
from discord.http import json_or_text
from discord.webhook.async_ import AsyncWebhookAdapter

CALLBACK_WINDOW = 3.0
CALLBACK_MARGIN = 0.3
FIRST_RETRY = 0.1
FOLLOWUP_ATTEMPTS = 6
_CALLBACK = re.compile(r"/interactions/(\d+)/[^/]+/callback")


def callback_deadline(url: str, now: float | None = None) -> float | None:
    """The wall-clock time by which a callback must have been answered; None for any other
    request. Never later than 3 s from now (a clock behind Discord's must not stretch it)."""
    m = _CALLBACK.search(url)
    if m is None:
        return None
    now = time.time() if now is None else now
    created = utils.snowflake_time(int(m[1])).timestamp()
    return min(created, now) + CALLBACK_WINDOW - CALLBACK_MARGIN


class DeadlineAdapter(AsyncWebhookAdapter):
    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        # Like discord.py: a bucket Discord says is exhausted waits for its reset.
        self._not_before: dict[tuple[Any, Any], float] = {}

    async def _bucket_turn(self, bucket: tuple[Any, Any]) -> None:
        now = time.monotonic()
        if len(self._not_before) > 1000:
            self._not_before = {b: t for b, t in self._not_before.items() if t > now}
        wait = self._not_before.get(bucket, 0.0) - now
        if wait > 0:
            await asyncio.sleep(wait)

    async def request(self, route: Any, session: aiohttp.ClientSession, *,
                      payload: dict[str, Any] | None = None,
                      multipart: list[dict[str, Any]] | None = None,
                      proxy: str | None = None, proxy_auth: aiohttp.BasicAuth | None = None,
                      files: Any = None, reason: str | None = None,
                      auth_token: str | None = None, params: dict[str, Any] | None = None
                      ) -> Any:
        deadline = callback_deadline(str(route.url))
        headers: dict[str, str] = {}
        body: Any = None
        if payload is not None:
            headers["Content-Type"] = "application/json"
            body = utils._to_json(payload)
        if auth_token is not None:
            headers["Authorization"] = f"Bot {auth_token}"
        if reason is not None:
            headers["X-Audit-Log-Reason"] = urlquote(reason, safe="/ ")
        wait = FIRST_RETRY
        bucket = (route.webhook_id, route.webhook_token)
        await self._bucket_turn(bucket)
        for attempt in range(FOLLOWUP_ATTEMPTS):
            for file in files or []:
                file.reset(seek=attempt)
            if multipart:
                form = aiohttp.FormData(quote_fields=False)
                for part in multipart:
                    form.add_field(**part)
                body = form
            async with session.request(route.method, route.url, data=body, headers=headers,
                                       params=params, proxy=proxy,
                                       proxy_auth=proxy_auth) as response:
                data = await json_or_text(response)
                status = response.status
                if response.headers.get("X-Ratelimit-Remaining") == "0" and status != 429:
                    self._not_before[bucket] = (time.monotonic()
                                                + utils._parse_ratelimit_header(response))
                if 200 <= status < 300:
                    return data
                if status == 429 and response.headers.get("Via") and isinstance(data, dict):
                    pause = float(data.get("retry_after") or wait)
                elif status >= 500:
                    pause, wait = wait, wait * 2
                elif status == 403:
                    raise Forbidden(response, data)
                elif status == 404:
                    raise NotFound(response, data)
                else:
                    raise HTTPException(response, data)
                late = deadline is not None and time.time() + pause > deadline
                if late or attempt == FOLLOWUP_ATTEMPTS - 1:
                    if status >= 500:
                        raise DiscordServerError(response, data)
                    raise HTTPException(response, data)
            await asyncio.sleep(pause)
        raise RuntimeError("unreachable")
