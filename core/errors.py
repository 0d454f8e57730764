"""Errors a user can fix. Adapters show them as a friendly, private reply."""

from __future__ import annotations


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
