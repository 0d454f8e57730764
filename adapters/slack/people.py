"""Who is who: display names and time zones from `users.info`, cached per workspace.

A lookup that fails (rate limit, missing scope, network) answers "unknown" rather than
holding up a command: the core then falls back to the member's own or the default zone."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


LOOKUPS_PER_SECOND = 5.0  # users.info per workspace, sustained (Slack's Tier 4 is ~100/min+)
LOOKUP_BURST = 20  # ... and at once


class Pace:
    """A token bucket per workspace, shared by every command: `rate` lookups a second,
    `burst` at once. A lookup over the budget is not made (the person stays unknown this
    time, as after a failed lookup), so no command or flood of commands can turn into
    hundreds of `users.info` calls."""

    def __init__(self, rate: float = LOOKUPS_PER_SECOND, burst: int = LOOKUP_BURST,
                 max_teams: int = 10_000) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._max = max_teams
        self._buckets: dict[str, tuple[float, float]] = {}
        self.refused = 0

    def take(self, team_id: str) -> bool:
        now = time.monotonic()
        tokens, at = self._buckets.get(team_id, (self._burst, now))
        tokens = min(self._burst, tokens + (now - at) * self._rate)
        if len(self._buckets) >= self._max and team_id not in self._buckets:
            self._buckets.clear()
        if tokens < 1.0:
            self._buckets[team_id] = (tokens, now)
            self.refused += 1
            return False
        self._buckets[team_id] = (tokens - 1.0, now)
        return True


@dataclass(frozen=True)
class Person:
    user_id: str
    display_name: str | None = None
    tz: str | None = None


class PeopleCache:
    """`users.info` answers, kept `ttl` seconds; at most one lookup in flight per user, and
    lookups per workspace paced by `pace`."""

    def __init__(self, ttl: float = 3600.0, timeout: float = 2.0, max_size: int = 50_000,
                 pace: Pace | None = None) -> None:
        self._pace = pace or Pace()
        self._ttl = ttl
        self._timeout = timeout
        self._max = max_size
        self._cache: dict[tuple[str, str], tuple[float, Person]] = {}
        self._inflight: dict[tuple[str, str], asyncio.Future[Person]] = {}
        self._background: set[asyncio.Task[Person]] = set()

    def peek(self, team_id: str, user_id: str) -> Person | None:
        hit = self._cache.get((team_id, user_id))
        return hit[1] if hit and hit[0] > time.monotonic() else None

    def forget_team(self, team_id: str) -> None:
        for key in [k for k in self._cache if k[0] == team_id]:
            del self._cache[key]

    async def get(self, client: AsyncWebClient, team_id: str, user_id: str) -> Person:
        cached = self.peek(team_id, user_id)
        if cached is not None:
            return cached
        key = (team_id, user_id)
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        if not self._pace.take(team_id):
            log.debug("users.info %s skipped: over the workspace's lookup budget", user_id)
            return Person(user_id)
        future: asyncio.Future[Person] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            person = await self._lookup(client, user_id)
            if person.display_name or person.tz:
                self.remember(team_id, person)
            future.set_result(person)
            return person
        finally:
            self._inflight.pop(key, None)
            if not future.done():
                future.set_result(Person(user_id))

    async def within(self, client: AsyncWebClient, team_id: str, user_ids: Iterable[str],
                     timeout: float) -> dict[str, Person]:
        """The people among `user_ids` known within `timeout` seconds: cached ones at once,
        the others looked up concurrently. A lookup still running at the deadline goes on in
        the background and fills the cache for next time; its user is left out."""
        found: dict[str, Person] = {}
        pending: set[asyncio.Task[Person]] = set()
        for user_id in dict.fromkeys(user_ids):
            cached = self.peek(team_id, user_id)
            if cached is not None:
                found[user_id] = cached
            else:
                task = asyncio.ensure_future(self._safe_get(client, team_id, user_id))
                self._background.add(task)
                task.add_done_callback(self._background.discard)
                pending.add(task)
        if pending:
            done, _ = await asyncio.wait(pending, timeout=max(0.0, timeout))
            for task in done:
                person = task.result()
                found[person.user_id] = person
        return found

    async def _safe_get(self, client: AsyncWebClient, team_id: str, user_id: str) -> Person:
        try:
            return await self.get(client, team_id, user_id)
        except Exception:  # an answer we cannot read: unknown, like any failed lookup
            log.exception("users.info %s", user_id)
            return Person(user_id)

    async def _lookup(self, client: AsyncWebClient, user_id: str) -> Person:
        try:
            resp = await asyncio.wait_for(client.users_info(user=user_id), self._timeout)
        except (SlackApiError, aiohttp.ClientError, TimeoutError, OSError) as err:
            log.info("users.info %s failed: %s", user_id, err)
            return Person(user_id)  # not cached: try again next time
        user = resp.get("user") or {}
        profile = user.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name")
                or user.get("real_name") or user.get("name") or None)
        return Person(user_id, name, user.get("tz") or None)

    def remember(self, team_id: str, person: Person) -> None:
        if len(self._cache) >= self._max:
            self._cache.clear()
        self._cache[(team_id, person.user_id)] = (time.monotonic() + self._ttl, person)
