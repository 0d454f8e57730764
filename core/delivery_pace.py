"""How fast the delivery worker may talk to each platform workspace, learnt from its
answers (one `Pace` per worker, in memory).

- A 429 holds the whole workspace (platform, workspace_id) until its Retry-After: the
  worker stops sending there instead of spending a request per queued message on more
  429s, and nothing counts as a failed attempt.
- A real failure (5xx, network, timeout) holds the workspace for a short, growing pause
  (0.5 s, 1 s, 2 s ... at most `cap`): during an outage the worker probes with a few
  messages every few seconds instead of failing every queued message, so most messages
  never use up a try, and the first probe after the platform comes back finds it within
  `cap` seconds.
- The first success after two or more failures in a row ends an outage (one failure
  alone is that message's own trouble): the worker then asks the store to
  make the messages that failed during it due at once (`OutboxStore.retry_now`), so the
  backlog drains as soon as the platform recovers rather than at the end of each
  message's own back-off.
- When a rate-limit hold ends, one message goes first (a probe) and the rest of the
  workspace waits `probe_wait` seconds behind it until one goes through: a 429 storm then
  costs one invalid request per hold, not one per send slot. Discord's breaker
  (adapters.discord.breaker) trips on invalid answers that come close together; sends
  released together after each hold kept arriving in small bursts too far apart to trip it
  (24 invalid requests in a storm's minute instead of 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

Scope = tuple[str, str]
"""(platform, workspace_id): what a platform rate-limits and what goes down together."""


@dataclass
class _State:
    hold_until: datetime | None = None
    reason: str = ""
    failures: int = 0
    outage_since: datetime | None = None
    probing: bool = False


class Pace:
    def __init__(self, base: float = 0.5, cap: float = 5.0, probe_wait: float = 0.25) -> None:
        self.base = base
        self.cap = cap
        self.probe_wait = probe_wait
        self._states: dict[Scope, _State] = {}

    def held(self, scope: Scope, now: datetime) -> tuple[datetime, str] | None:
        """Until when, and why, nothing may be sent in `scope` (None: go ahead)."""
        state = self._states.get(scope)
        if state is None or state.hold_until is None:
            return None
        if state.hold_until <= now:
            if state.probing and state.reason == "rate limited":
                return now + timedelta(seconds=self.probe_wait), "rate limited, probing"
            return None
        return state.hold_until, state.reason

    def admit(self, scope: Scope, now: datetime) -> tuple[datetime, str] | None:
        """`held`, for a send about to start: after a rate-limit hold, the first send
        admitted is the probe and the others are held behind it until `sent`."""
        hold = self.held(scope, now)
        state = self._states.get(scope)
        if hold is None and state is not None and state.reason == "rate limited":
            state.probing = True
        return hold

    def probing(self, scope: Scope) -> bool:
        state = self._states.get(scope)
        return state is not None and state.probing

    def sent(self, scope: Scope) -> None:
        """A send admitted by `admit` has its answer (recorded already): the next may probe."""
        state = self._states.get(scope)
        if state is not None:
            state.probing = False

    def held_scopes(self, now: datetime) -> list[Scope]:
        """Scopes on hold now: the worker does not claim their rows until it ends."""
        return [scope for scope in self._states if self.held(scope, now) is not None]

    def rate_limited(self, scope: Scope, until: datetime) -> None:
        state = self._states.setdefault(scope, _State())
        if state.hold_until is None or until > state.hold_until:
            state.hold_until, state.reason = until, "rate limited"
        state.probing = False

    def failed(self, scope: Scope, now: datetime) -> None:
        state = self._states.setdefault(scope, _State())
        state.failures += 1
        state.outage_since = state.outage_since or now
        pause = min(self.cap, self.base * 2 ** (state.failures - 1))
        until = now + timedelta(seconds=pause)
        if state.hold_until is None or until > state.hold_until:
            state.hold_until, state.reason = until, "unavailable"

    def succeeded(self, scope: Scope) -> datetime | None:
        """A message went through. Returns when the outage it ends began (None: there
        was none), and forgets it."""
        state = self._states.pop(scope, None)
        if state is None:
            return None
        outage = state.outage_since if state.failures >= 2 else None
        if state.hold_until is not None and state.reason == "rate limited" and \
                not state.probing:
            # a send that was already in flight when the 429 came: the hold stands
            self._states[scope] = _State(hold_until=state.hold_until, reason=state.reason)
        return outage
