"""A result that is a file: the bytes and a name. Each surface posts it natively (the
console writes it and prints its path; Slack and Discord upload it)."""

from __future__ import annotations

from core.results import Result


class FileResult(Result):
    filename: str
    content: bytes
    media_type: str
    message: str
    """One line for the reply that carries the file ("launch: 12 tasks, JSON")."""

    @property
    def text(self) -> str:
        return self.message
