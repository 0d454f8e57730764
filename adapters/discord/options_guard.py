"""Options are checked before a handler sees them, so nothing unbounded reaches `int()`, the
core or the database, and a refusal costs one private reply.

Discord itself enforces the `min_value` / `max_value` / `max_length` a command declares,
but a replayed, forged or out-of-date payload need not: this re-checks every value option
against the parameter it fills. Integers must be integers within the parameter's range
(every integer option declares one; the core's `DB_INT_MAX` otherwise), strings within its
length (`STRING_MAX` otherwise), users must be snowflakes. Control characters are removed
from strings by the core's own rule (`core.text.clean`: autocomplete input never becomes a
command, so it is cleaned here). A refusal quotes the value clipped."""

from __future__ import annotations

import re
from typing import Any

from discord import AppCommandOptionType
from discord.app_commands import Command

from adapters.discord.limits import clip
from core.text import DB_INT_MAX, clean

__all__ = ["STRING_MAX", "check", "clean"]

STRING_MAX = 200
SNOWFLAKE = re.compile(r"\d{1,20}")
QUOTE_MAX = 40


def _quote(value: Any) -> str:
    return "“" + clip(" ".join(str(value).split()), QUOTE_MAX) + "”"


def check(command: Command[Any, ..., Any], options: list[Any], *,
          autocomplete: bool = False) -> str | None:
    """Clean the string values of `options` in place; the reason to refuse, or None.
    An autocomplete's values are only cleaned, the focused one clipped (it is what the user
    is still typing; Discord caps it at 100 characters)."""
    params = {p.display_name: p for p in command.parameters}
    for option in options:
        if not isinstance(option, dict):
            return "I couldn't read that command's options."
        name = str(option.get("name", ""))
        param = params.get(name)
        value = option.get("value")
        if param is None:
            continue  # discord.py decides what an unknown option means
        if isinstance(value, str):
            value = option["value"] = clean(value)
        if autocomplete:  # partial input: cleaned and clipped, never refused
            if option.get("focused"):
                option["value"] = str(value)[:100] if value is not None else ""
            continue
        reason = _check_value(param.type, name, value, param.min_value, param.max_value)
        if reason:
            return reason
        allowed = [choice.value for choice in param.choices]
        if allowed and value not in allowed:
            return (f"{name}: {_quote(value)} is not one of "
                    f"{', '.join(str(a) for a in allowed)}.")
    return None


def _check_value(kind: AppCommandOptionType, name: str, value: Any,
                 low: float | None, high: float | None) -> str | None:
    if kind is AppCommandOptionType.integer:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{name}: {_quote(value)} is not a whole number."
        lo, hi = int(low if low is not None else -DB_INT_MAX), int(
            high if high is not None else DB_INT_MAX)
        if not lo <= value <= hi:
            shown = _quote(value) if len(str(value)) <= QUOTE_MAX else "that number"
            return f"{name}: {shown} is out of range; use {lo} to {hi}."
    elif kind is AppCommandOptionType.string:
        if not isinstance(value, str):
            return f"{name}: {_quote(value)} is not text."
        most = int(high) if high is not None else STRING_MAX
        if len(value) > most:
            return (f"{name}: {_quote(value)} is too long ({len(value):,} characters; at "
                    f"most {most}).")
    elif kind in (AppCommandOptionType.user, AppCommandOptionType.mentionable) and not (
            isinstance(value, str) and SNOWFLAKE.fullmatch(value)):
        return f"{name}: {_quote(value)} is not a person; pick one from the list."
    return None
