"""Suite-wide guards: no test may reach the internet (only loopback addresses); and the
Hypothesis profiles.

Hypothesis profiles (pick one with HYPOTHESIS_PROFILE; CI=1 picks "ci"):
- "ci": derandomized (a fixed seed), so a green main stays green; a failure prints its
  reproduction blob.
- "dev" (the default for a local `make test`): explores new random examples each run.
- "fuzz": many examples, no deadline; `make fuzz` runs it in rounds for a set time.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None,
                          print_blob=True, database=None)
settings.register_profile("dev", max_examples=300, deadline=None)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI")
                                                                  else "dev"))

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class InternetAccessBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that tries to connect anywhere but this machine's loopback."""

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise InternetAccessBlocked(f"test tried to reach {address!r}")
        return _real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise InternetAccessBlocked(f"test tried to reach {address!r}")
        return _real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the migrated PostgreSQL templates this process made (tests/migrated.py), if any:
    looked up, not imported, so a run that needed none loads no storage code for this."""
    migrated = sys.modules.get("tests.migrated")
    if migrated is not None:
        migrated.drop_templates()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Skips in one line per reason ("80 skipped: TASKBOT_TEST_DATABASE_URL not set ..."),
    instead of one line per skipped test."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else "?"
        reason = str(reason).removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    if not reasons:
        return
    terminalreporter.section("skips by reason", sep="-")
    for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
        terminalreporter.write_line(f"{count} skipped: {reason}")
    if any("TASKBOT_TEST_DATABASE_URL" in r for r in reasons):
        terminalreporter.write_line(
            "(PostgreSQL cases run when TASKBOT_TEST_DATABASE_URL names a server, e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test; CI sets it.)")
