"""Talking to a bus as the console does, for the project layer's integration tests: one
workspace, one person (ana), a fixed clock on Mon 30 Nov 2026 08:00 UTC."""

from __future__ import annotations

import datetime as dt

from core import commands as c
from core.bus import CommandBus, ErrorReply

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
ANA = c.Context(platform="console", workspace_id="w", user_id="ana", display_name="ana")


def say(bus: CommandBus, command: str, text: str) -> str:
    """The reply's message to `/command text`; a refusal fails the test."""
    result = bus.run_text(ANA, command, text)
    assert not isinstance(result, ErrorReply), result
    return str(getattr(result, "message", ""))
