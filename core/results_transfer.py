"""A result that is a file (`/project export`): one line for the reply and the file itself
as the generic `core.files.FilePayload`, so every surface posts it the way it posts a
chart: the console writes it and prints its path, Slack uploads it (files_upload_v2; the
answer is ephemeral, so into the asker's DM, see adapters/slack/files.py), Discord
attaches it to the (ephemeral) interaction reply."""

from __future__ import annotations

from core.files import FilePayload
from core.results import Result


class FileResult(Result):
    message: str
    """One line for the reply that carries the file ("launch: 12 tasks as JSON.")."""
    file: FilePayload

    @property
    def text(self) -> str:
        return self.message
