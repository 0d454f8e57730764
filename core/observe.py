"""The seams operators look through, without the core knowing any metrics library:

- `Metrics`: what the core and the adapters count (commands by kind and outcome, acks,
  deliveries, dead letters, ticks). `NoMetrics` (the default) counts nothing; `bot`
  supplies a Prometheus implementation with one registry per process.
- The request's log context: the tenant and the kind of work a log line belongs to, kept in
  context variables so any log line written while handling a request can carry them
  (`bot`'s JSON log format does). Nothing here ever holds a token or a secret."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Protocol


class Metrics(Protocol):
    def command(self, kind: str, outcome: str, seconds: float) -> None:
        """A command ran: its class name, and `ok`, `refused` (the user's mistake, a
        permission) or `error` (a bug or an outage)."""

    def ack(self, platform: str, seconds: float) -> None:
        """A platform request was acknowledged this long after it arrived."""

    def delivery(self, platform: str, result: str) -> None:
        """One send to a platform: `sent`, `retry`, `rate_limited`, `failed`,
        `unreachable`."""

    def dead_letter(self, platform: str) -> None:
        """A notification became a dead letter."""

    def tick(self, seconds: float, items: Mapping[str, int]) -> None:
        """A scheduler tick took this long and handled these items by kind."""


class NoMetrics:
    """Counts nothing: the default wherever no metrics were wired (tests, the console)."""

    def command(self, kind: str, outcome: str, seconds: float) -> None:
        return None

    def ack(self, platform: str, seconds: float) -> None:
        return None

    def delivery(self, platform: str, result: str) -> None:
        return None

    def dead_letter(self, platform: str) -> None:
        return None

    def tick(self, seconds: float, items: Mapping[str, int]) -> None:
        return None


_TENANT: ContextVar[str | None] = ContextVar("taskbot_tenant", default=None)
_KIND: ContextVar[str | None] = ContextVar("taskbot_kind", default=None)


@contextlib.contextmanager
def log_scope(tenant: str | None = None, kind: str | None = None) -> Iterator[None]:
    """Within the block, log lines belong to `tenant` (`platform:workspace`) and `kind`
    (what is being done: a command's class name, a Slack request type). A value left None
    keeps the enclosing one."""
    tokens = []
    if tenant is not None:
        tokens.append((_TENANT, _TENANT.set(tenant)))
    if kind is not None:
        tokens.append((_KIND, _KIND.set(kind)))
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


@contextlib.contextmanager
def fresh_log_scope() -> Iterator[None]:
    """A request's own scope: nothing known at the start, everything bound inside (see
    `bind_log_context`) forgotten at the end."""
    tokens = [(_TENANT, _TENANT.set(None)), (_KIND, _KIND.set(None))]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def bind_log_context(tenant: str | None = None, kind: str | None = None) -> None:
    """Set the tenant and kind for the rest of the current scope (a framework middleware
    that cannot wrap what runs after it); tasks started afterwards inherit them."""
    if tenant is not None:
        _TENANT.set(tenant)
    if kind is not None:
        _KIND.set(kind)


def log_context() -> dict[str, str]:
    """The current tenant and kind, for a log line (only those that are known)."""
    found = {"tenant": _TENANT.get(), "kind": _KIND.get()}
    return {k: v for k, v in found.items() if v is not None}
