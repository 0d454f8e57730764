"""Files the bot answers with (`/project export`): the console writes them to a directory
and answers with the path (a chat surface would upload them instead)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from core.results import Info
from core.results_transfer import FileResult


def default_dir() -> Path:
    return Path(tempfile.gettempdir()) / "taskbot-files"


def save(result: FileResult, directory: Path) -> Info:
    """Write the file (a name already taken gets a -2, -3 ... suffix) and say where."""
    directory.mkdir(parents=True, exist_ok=True)
    name = Path(result.filename).name or "export"
    path = directory / name
    n = 1
    while path.exists():
        n += 1
        path = directory / f"{Path(name).stem}-{n}{Path(name).suffix}"
    path.write_bytes(result.content)
    return Info(message=f"{result.message} Saved to {path}", viewer_tz=result.viewer_tz)
