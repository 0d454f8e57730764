"""Two rules for all user text that reaches the core, whatever the surface.

Numbers: a number is a run of ASCII digits `0-9` and nothing else. `str.isdigit()` accepts
`²`, `¹` and other digit-like characters that `int()` then refuses (a crash), and `int()`
accepts Arabic-Indic digits, so neither is ever used on user text: `ascii_int` is the one
door for a typed number, with its range checked before `int()` sees a long string.

Control characters: C0 (U+0000-U+001F, DEL) and C1 (U+0080-U+009F) characters other than
newline and tab are removed from every piece of free text (`clean`). They would otherwise be
stored and printed raw to terminals (ESC sequences, BEL), and NUL is refused outright by
PostgreSQL. `CleanText` is the pydantic type that applies the rule to a command field, so
commands built by Discord options and Slack/Discord modal fields get it as grammar text does.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

_ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CARRIAGE_RETURN = re.compile(r"\r\n?")

DB_INT_MAX = 2_000_000_000
"""Every integer a user gives fits a 32-bit signed INTEGER column with room to spare."""


def is_ascii_int(text: str) -> bool:
    """True for `0`-`9` runs only (`²`, Arabic-Indic digits, `+1`, `1_000` are not)."""
    return _ASCII_DIGITS.fullmatch(text) is not None


def ascii_int(text: str, low: int = 0, high: int = DB_INT_MAX) -> int | None:
    """`text` read as a number in `low..high`, or None when it is not one (never raises)."""
    if not is_ascii_int(text) or len(text.lstrip("0")) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


NONE_WORDS = frozenset({"none", "clear"})
"""Typed as a field's whole value (`description:none`, `project:none`, `due:none`, a form
field), these clear that field, on every surface."""


def means_none(text: str | None) -> bool:
    """`none` / `clear` (any case, surrounding space ignored): the user clears the field."""
    return text is not None and text.strip().lower() in NONE_WORDS


def clean(text: str) -> str:
    """Drop control characters except newline and tab; a carriage return becomes a newline."""
    return _CONTROLS.sub("", _CARRIAGE_RETURN.sub("\n", text))


def _clean_any(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


CleanText = Annotated[str, BeforeValidator(_clean_any)]
"""A free-text field of a core command: control characters removed before any check."""

Count = Annotated[int, Field(ge=0, le=DB_INT_MAX)]
"""A non-negative integer a user gave (ids, numbers): never past a 32-bit column."""

Positive = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
"""A task number, a reminder id, a page: 1 and up, never past a 32-bit column."""


def _clean_deep(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_clean_deep(v) for v in value)
    return value


def _in_range(value: Any) -> None:
    if isinstance(value, (tuple, list)):
        for item in value:
            _in_range(item)
    elif isinstance(value, int) and not isinstance(value, bool):
        if value > DB_INT_MAX:
            raise PydanticCustomError("less_than_equal", "Input should be at most {le}",
                                      {"le": DB_INT_MAX})
        if value < -DB_INT_MAX:
            raise PydanticCustomError("greater_than_equal", "Input should be at least {ge}",
                                      {"ge": -DB_INT_MAX})


class CommandModel(BaseModel):
    """The base of every core command: frozen, no unknown fields, control characters removed
    from every string (also inside tuples) and no integer past a 32-bit column, whichever
    surface built it. Fields add their own tighter bounds (`Positive`, `Field(le=...)`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        return _clean_deep(value)

    @field_validator("*", mode="after")
    @classmethod
    def _fits_a_column(cls, value: Any) -> Any:
        _in_range(value)
        return value
