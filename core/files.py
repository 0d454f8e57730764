"""A file the bot posts (a chart PNG now; CSV and JSON exports later): its bytes, name,
type, title and alt text, carried by a result or an outbox notification. Each chat adapter
posts it natively (Slack's external upload, a Discord attachment, a console file).

The bytes are kept base64-encoded so the value survives the outbox's JSON column as is.
Charts are painted by a `Painter` the composition root installs (`use_painter`): core
imports no matplotlib, and without a painter a chart command answers in text only."""

from __future__ import annotations

import base64
import binascii
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class FilePayload(BaseModel):
    model_config = ConfigDict(frozen=True)

    filename: str = Field(min_length=1, max_length=120)
    mime: str
    title: str
    alt: str = ""
    data_b64: str

    @classmethod
    def of(cls, data: bytes, filename: str, mime: str, title: str, alt: str = "") -> FilePayload:
        return cls(filename=filename, mime=mime, title=title, alt=alt,
                   data_b64=base64.b64encode(data).decode("ascii"))

    @property
    def data(self) -> bytes:
        try:
            return base64.b64decode(self.data_b64, validate=True)
        except (binascii.Error, ValueError):
            return b""

    @property
    def size(self) -> int:
        return len(self.data_b64) * 3 // 4


def slug(name: str) -> str:
    """A file-name-safe form of a user's name for a thing: ASCII letters, digits, dashes."""
    kept = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name.lower())
    return "-".join(part for part in kept.split("-") if part)[:40] or "file"


class Painter(Protocol):
    def png(self, chart: object) -> bytes:
        """The chart value (core.reports.charts / plan_charts) as PNG bytes."""
        ...


class _Slot:
    painter: Painter | None = None


def use_painter(painter: Painter | None) -> None:
    """Install the chart painter (the composition root does, once, at start-up)."""
    _Slot.painter = painter


def paint(chart: object, filename: str, title: str, alt: str) -> FilePayload | None:
    """The chart as a PNG file, or None when no painter is installed."""
    painter = _Slot.painter
    if painter is None:
        return None
    return FilePayload.of(painter.png(chart), filename, "image/png", title, alt)
