"""Delivers outbox notifications for the console workspace by printing them with their
destination tag, as soon as the delivery worker sends them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from adapters.console.files import file_line
from core.notifications import Notification
from core.ports import DeliveryOutcome, DeliveryStatus
from core.render_text import render_note

Write = Callable[[str], None]


def tagged(tag: str, lines: list[str]) -> str:
    """One message: the destination tag on its first line, the rest below it."""
    first, *rest = lines or [""]
    return "\n".join([f"{tag} {first}", *rest])


def channel_tag(channel_id: str) -> str:
    return f"[#{channel_id.lstrip('#')}]"


class ConsoleNotifier:
    """Implements `core.ports.Notifier` for the console platform."""

    platform = "console"

    def __init__(self, write: Write, default_tz: str = "UTC",
                 files_dir: Path = Path("taskbot-files")) -> None:
        self._write = write
        self._files_dir = files_dir
        self._default_tz = default_tz
        self._ids = itertools.count(1)

    async def deliver(self, note: Notification) -> DeliveryOutcome:
        tz = note.tz or self._default_tz
        if note.user_id is not None:
            tag = f"[DM @{note.user_id}]"
        elif note.channel_id is not None:
            tag = channel_tag(note.channel_id)
            if note.extra.get("thread_ref"):  # a reply in a report's thread (check-ins)
                tag = f"{tag[:-1]} thread]"
        else:
            return DeliveryOutcome(DeliveryStatus.FAILED, error="no destination")
        lines = render_note(note, tz)
        if note.file is not None:
            lines.append(file_line(self._files_dir, note.file))
        self._write(tagged(tag, lines))
        return DeliveryOutcome(DeliveryStatus.SENT, message_ref=f"console-{next(self._ids)}")
