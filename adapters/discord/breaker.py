"""What keeps the bot's IP off Discord's ban list: per-route and global exponential back-off
after 429s, a circuit breaker that stops all sending after a burst of invalid answers, and a
budget of invalid requests per rolling 10 minutes.

Discord bans an IP for a while once it makes 10,000 invalid requests (401, 403, 429) in
10 minutes, which takes the bot offline in every guild. discord.py reacts to a 429 by
sleeping `retry_after` and trying again (up to five times), and the outbox worker then
tries again too, so a 429 storm on 30 channels made thousands of invalid requests a minute.
Here every invalid answer is counted and:
- its route waits `max(retry_after, base * 2**(n-1))` after its n-th 429 in a row (a global
  429 holds every route the same way);
- `trip_after` invalid answers within `trip_window` seconds open the breaker: nothing is
  sent for `open_for` seconds, doubling on every trip in a row up to `open_max`; then one
  probe request goes, and only its success closes the breaker;
- once `budget` invalid answers fall within 10 minutes, nothing is sent until the oldest
  leaves the window (the default budget is half the ban limit, this process's share).
Nothing is dropped: callers wait, and the outbox keeps its rows (see `notifier`)."""

from __future__ import annotations

import collections
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

INVALID = frozenset({401, 403, 429})
BAN_LIMIT = 10_000
BUDGET_WINDOW = 600.0
_IDS = re.compile(r"/(messages|reactions|members|roles|users)/[^/]+")


def route_key(method: str, path: str) -> str:
    """Discord's rate-limit routes: the method and path with the channel/guild id kept
    (a major parameter) and other ids folded (`/messages/123` -> `/messages/{id}`)."""
    path = path.split("?", 1)[0]
    path = _IDS.sub(lambda m: f"/{m[1]}/{{id}}" if m[0] != "/users/@me" else m[0], path)
    return f"{method} {path}"


@dataclass(frozen=True)
class GuardPolicy:
    backoff_base: float = 1.0
    backoff_max: float = 300.0
    trip_after: int = 5
    trip_window: float = 10.0
    open_for: float = 5.0
    open_max: float = 600.0
    budget: int = BAN_LIMIT // 2


class Breaker:
    """The state behind `RestGuard` (no I/O, no asyncio: a clock in, waits out)."""

    def __init__(self, policy: GuardPolicy, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.policy = policy
        self.clock = clock
        self.invalid: collections.deque[float] = collections.deque()
        self._recent: collections.deque[float] = collections.deque()
        self._route_n: dict[str, int] = {}
        self._route_until: dict[str, float] = {}
        self._global_n = 0
        self._global_until = 0.0
        self._trips = 0
        self._open_until = 0.0
        self._probing = False
        self.opened = 0  # how many times the breaker opened (for logs and figures)

    # -- questions ---------------------------------------------------------------------
    def wait_for(self, route: str) -> float:
        """Seconds before a request on `route` may go (0: now)."""
        now = self.clock()
        self._expire(now)
        waits = [self._route_until.get(route, 0.0) - now, self._global_until - now,
                 self._open_until - now]
        if len(self.invalid) >= self.policy.budget:
            waits.append(self.invalid[0] + BUDGET_WINDOW - now)
        wait = float(max(waits))
        if wait > 0:
            return wait
        if self._trips and self._probing:
            return 0.05  # half open: one probe at a time
        return 0.0

    def paused_for(self) -> float:
        """Seconds before anything at all may be sent (breaker open, budget spent, global
        back-off): the outbox keeps its rows this long without trying."""
        return self.wait_for("")

    # -- events --------------------------------------------------------------------------
    def started(self) -> None:
        """A request is about to go: if the breaker is half open, it is the probe."""
        if self._trips:
            self._probing = True

    def answered(self, route: str, status: int, headers: Mapping[str, str]) -> None:
        now = self.clock()
        self._probing = False
        if status not in INVALID:
            if status < 500:
                self._succeeded(route, now)
            return
        self.invalid.append(now)
        self._recent.append(now)
        self._expire(now)
        if status == 429:
            retry_after = _retry_after(headers)
            if _is_global(headers):
                self._global_n += 1
                self._global_until = now + self._backoff(self._global_n, retry_after)
            else:
                n = self._route_n[route] = self._route_n.get(route, 0) + 1
                self._route_until[route] = now + self._backoff(n, retry_after)
        if now < self._open_until:
            return  # answers to requests sent before it opened: counted, no new trip
        if self._trips or len(self._recent) >= self.policy.trip_after:
            self._trip(now)

    def _succeeded(self, route: str, now: float) -> None:
        """A success closes the breaker only when it proves the trouble is over: on a
        route that was rate limited, or when no route is (a global or auth trip). A DM
        channel opening fine says nothing about the message POSTs answering 429."""
        recovered = self._route_n.pop(route, None) is not None
        self._route_until.pop(route, None)
        self._global_n = 0
        limited = any(t > now - self.policy.trip_window for t in self._route_until.values())
        if recovered or not limited:
            self._trips = 0

    def failed(self) -> None:
        """The request never got an answer (network): a probe slot is free again."""
        self._probing = False

    # -- inside ----------------------------------------------------------------------------
    def _backoff(self, n: int, retry_after: float) -> float:
        p = self.policy
        return float(max(retry_after, min(p.backoff_max, p.backoff_base * 2.0 ** (n - 1))))

    def _trip(self, now: float) -> None:
        p = self.policy
        self._trips += 1
        self.opened += 1
        self._recent.clear()
        self._open_until = now + min(p.open_max, p.open_for * 2.0 ** (self._trips - 1))

    def _expire(self, now: float) -> None:
        while self.invalid and self.invalid[0] <= now - BUDGET_WINDOW:
            self.invalid.popleft()
        while self._recent and self._recent[0] <= now - self.policy.trip_window:
            self._recent.popleft()


def _retry_after(headers: Mapping[str, str]) -> float:
    try:
        return float(headers.get("Retry-After") or 0.0)
    except ValueError:
        return 0.0


def _is_global(headers: Mapping[str, str]) -> bool:
    return (headers.get("X-RateLimit-Global", "").lower() == "true"
            or headers.get("X-RateLimit-Scope", "").lower() == "global")
