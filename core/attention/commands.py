"""`/task notify ...` commands: frozen pydantic models like `core.commands`, built by
`core.grammar.notify` and by Discord's `/notify` options."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from core.text import CommandModel


class SetNotify(CommandModel):
    """`/task notify immediate|hourly|daily [at HH:MM]` (`at` only with daily)."""

    mode: Literal["immediate", "hourly", "daily"]
    at: dt.time | None = None


class ShowNotify(CommandModel):
    """`/task notify show`: what you get and when."""
