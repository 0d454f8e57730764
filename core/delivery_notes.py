"""What the delivery worker says about rows and to whom (kept apart from the worker so it
stays small): the `last_error` markers it reads back, a row's destination (the unit of
ordering) and the channel message that replaces a DM someone cannot receive."""

from __future__ import annotations

from core.notifications import Kind, Notification

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


def fallback_note(note: Notification) -> Notification:
    """The channel message that replaces a DM the person cannot receive. Renderers mention
    `extra["mention_user_id"]` (and only that person)."""
    who = str(note.extra.get("display_name") or note.user_id)
    return Notification(
        kind=Kind.CHANNEL_FALLBACK,
        platform=note.platform,
        workspace_id=note.workspace_id,
        channel_id=note.fallback_channel_id,
        text=f"{who}: I couldn't send you this as a direct message (once your DMs are open, "
             f"`/task dms on` brings them back). {note.text}",
        task=note.task,
        actor_name=note.actor_name,
        extra={**note.extra, "mention_user_id": note.user_id,
               "original_kind": note.kind.value},
    )
