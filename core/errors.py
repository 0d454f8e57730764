"""Errors a user can fix. Adapters show them as a friendly, private reply."""

from __future__ import annotations

from pydantic import ValidationError


class UserError(Exception):
    """A one-line reason, plus the usage of the command that failed (when known)."""

    def __init__(self, reason: str, usage: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.usage = usage

    def with_usage(self, usage: str) -> UserError:
        if self.usage is None:
            self.usage = usage
        return self

    def __str__(self) -> str:
        return self.reason if not self.usage else f"{self.reason}\nUsage: {self.usage}"


class NotFound(UserError):
    """The task, project or member named does not exist in this workspace."""


class PermissionDenied(UserError):
    """The actor may not do this to this task or project."""


_FIELD_WORDS = {
    "number": "task number", "after": "task number", "blocks": "task number",
    "on": "task number", "reminder_id": "reminder id", "page": "page number",
    "hours": "number of hours", "days": "number of days", "text": "text", "name": "name",
}


def _field(loc: tuple[int | str, ...]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    last = names[-1] if names else "value"
    return _FIELD_WORDS.get(last, last.replace("_", " "))


def invalid_input(err: ValidationError) -> UserError:
    """A command model refused a value (a number out of range, text too long): a friendly
    one-line refusal naming the field, for every surface (grammar, Discord options, forms)."""
    first = err.errors()[0]
    what = _field(tuple(first.get("loc", ())))
    limits = first.get("ctx") or {}
    kind = first.get("type", "")
    if kind in ("less_than_equal", "less_than"):
        limit = limits.get("le", limits.get("lt"))
        return UserError(f"That {what} is too big; the most is {limit}.")
    if kind in ("greater_than_equal", "greater_than"):
        limit = limits.get("ge", limits.get("gt"))
        return UserError(f"That {what} is too small; the least is {limit}.")
    if kind == "string_too_long":
        return UserError(f"That {what} is too long; the most is {limits.get('max_length')} "
                         "characters.")
    if kind in ("string_too_short", "too_short"):
        return UserError(f"The {what} is empty; give one.")
    if kind.startswith("int_"):
        return UserError(f"The {what} must be a whole number, like 12.")
    message = " ".join(str(first.get("msg", "is not valid")).split())[:80]
    return UserError(f"I couldn't use that {what}: {message}.")
