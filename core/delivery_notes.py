"""What the delivery worker says about rows and to whom (kept apart from the worker so it
stays small): the `last_error` markers it reads back, a row's destination (the unit of
ordering). The channel message that replaces a DM someone cannot receive is
`core.notifications.fallback_note`."""

from __future__ import annotations

from core.notifications import Notification

WAITING = "waiting"
"""Prefix of `last_error` on a row put back untried (behind an earlier row of its
destination, or while its workspace is on hold): such rows come back as soon as the
platform recovers (`OutboxStore.retry_now`)."""
UNREACHABLE_MARK = "unreachable:"
"""Prefix of `last_error` on a DM row whose recipient cannot be DMed: deliver its fallback."""

Destination = tuple[str, str, str]


def destination_of(note: Notification) -> Destination:
    """Rows to the same destination keep their order: one channel, or one person's DMs."""
    target = f"u:{note.user_id}" if note.user_id is not None else f"c:{note.channel_id}"
    return (note.platform, note.workspace_id, target)
