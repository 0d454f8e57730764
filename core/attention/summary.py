"""One DM for many held notes: the neutral summary each adapter renders natively.

`extra["items"]` lists the notes, oldest first, as plain data (kind, text, task number and
title, actor): user text stays raw here; each renderer escapes it. `extra["count"]` is how
many there were; at most `ITEMS_MAX` are listed (the rest are counted)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.attention.model import RELEASED
from core.notifications import Kind, Notification

ITEMS_MAX = 25


def _item(note: Notification) -> dict[str, Any]:
    task = note.task
    return {"kind": note.kind.value, "text": note.text,
            "number": task.number if task is not None else None,
            "title": task.title if task is not None else None,
            "actor": note.actor_name}


def released(note: Notification) -> Notification:
    return note.model_copy(update={"extra": {**note.extra, RELEASED: True}})


def headline(count: int, actors: Sequence[str], batch: bool) -> str:
    what = f"{count} update{'s' if count != 1 else ''}"
    if not batch and len(actors) == 1:
        return f"{what} from {actors[0]}"
    return f"{what} on your tasks" if batch else f"{what} in a burst"


def summary_of(notes: Sequence[Notification], batch: bool, key: str) -> Notification:
    """The one DM for `notes` (all to the same person, oldest first). A single note of a
    burst goes out as it was; a batch is always a summary, so it reads as one."""
    first = notes[0]
    if len(notes) == 1 and not batch:
        return released(first).model_copy(update={"dedupe_key": key})
    actors = list(dict.fromkeys(n.actor_name for n in notes if n.actor_name))
    items = [_item(n) for n in notes[:ITEMS_MAX]]
    text = headline(len(notes), actors, batch)
    lines = [f"- {i['text']}" for i in items]
    if len(notes) > ITEMS_MAX:
        lines.append(f"- ... and {len(notes) - ITEMS_MAX} more")
    fallback = next((n.fallback_channel_id for n in reversed(notes) if n.fallback_channel_id),
                    None)
    return Notification(
        kind=Kind.SUMMARY, platform=first.platform, workspace_id=first.workspace_id,
        user_id=first.user_id, fallback_channel_id=fallback, text=text + ":\n" + "\n".join(lines),
        actor_name=actors[0] if len(actors) == 1 else None,
        actor_user_id=first.actor_user_id if len(actors) == 1 else None,
        extra={RELEASED: True, "items": items, "count": len(notes), "batch": batch,
               "headline": text, "display_name": first.extra.get("display_name")},
        dedupe_key=key, tz=first.tz)
