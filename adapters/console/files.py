"""The console posts a file by writing it under the files directory and printing its path
(`[#general] file: taskbot-files/burnup-launch-2026-03-02.png (Burn-up: ...)`): a report's
chart, or the export `/project export` answers with (a chat surface uploads them instead)."""

from __future__ import annotations

from pathlib import Path

from core.files import FilePayload
from core.results import Info
from core.results_transfer import FileResult


def _write(directory: Path, filename: str, data: bytes, fallback: str) -> Path:
    """Write the bytes; a name already taken gets -2, -3, ... (earlier files are kept)."""
    directory.mkdir(parents=True, exist_ok=True)
    name = Path(filename).name or fallback
    stem, suffix = Path(name).stem, Path(name).suffix
    path, n = directory / name, 1
    while path.exists():
        n += 1
        path = directory / f"{stem}-{n}{suffix}"
    path.write_bytes(data)
    return path


def save(directory: Path, file: FilePayload) -> Path:
    return _write(directory, file.filename, file.data, "file")


def file_line(directory: Path, file: FilePayload) -> str:
    return f"file: {save(directory, file)} ({file.title}; alt: {file.alt})"


def save_export(result: FileResult, directory: Path) -> Info:
    """An export answered as a file: write it and say where."""
    path = _write(directory, result.file.filename, result.file.data, "export")
    return Info(message=f"{result.message} Saved to {path}", viewer_tz=result.viewer_tz)
