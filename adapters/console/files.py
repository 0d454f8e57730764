"""The console posts a file by writing it under the files directory and printing its path
(`[#general] file: taskbot-files/burnup-launch-2026-03-02.png (Burn-up: ...)`)."""

from __future__ import annotations

from pathlib import Path

from core.files import FilePayload


def save(directory: Path, file: FilePayload) -> Path:
    """Write the file; a name already taken gets -2, -3, ... (earlier files are kept)."""
    directory.mkdir(parents=True, exist_ok=True)
    name = Path(file.filename).name or "file"
    stem, suffix = Path(name).stem, Path(name).suffix
    path, n = directory / name, 1
    while path.exists():
        n += 1
        path = directory / f"{stem}-{n}{suffix}"
    path.write_bytes(file.data)
    return path


def file_line(directory: Path, file: FilePayload) -> str:
    return f"file: {save(directory, file)} ({file.title}; alt: {file.alt})"
