"""Notifications: what the bot tells people outside the reply to a command.

Handlers emit them in the same unit of work as the change; storage writes them to the
outbox table in that transaction; a delivery worker sends them through each platform's
notifier. The `text` is a neutral plain-text sentence (no markup, user text raw): each
adapter escapes it and may add native decoration from the structured fields."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from core.results import TaskView


class Kind(StrEnum):
    ASSIGNED = "assigned"
    UNBLOCKED = "unblocked"
    COMMENTED = "commented"
    COMPLETED = "completed"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    REMINDER = "reminder"
    DIGEST = "digest"
    CHANNEL_FALLBACK = "channel_fallback"
    REPLY = "reply"  # a command's answer that could not be given in place (chat adapters)


class Notification(BaseModel):
    """One message to one person (DM) or one channel. Exactly one of `user_id` and
    `channel_id` is the destination; for a DM `channel_id` may name the fallback channel
    (the project's home channel) used when the person cannot be DMed."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    platform: str
    workspace_id: str
    text: str
    user_id: str | None = None
    channel_id: str | None = None
    fallback_channel_id: str | None = None
    task: TaskView | None = None
    actor_name: str | None = None
    extra: dict[str, Any] = {}
    dedupe_key: str | None = None
    not_before: dt.datetime | None = None
    tz: str | None = None  # the recipient's time zone, for renderers that print times

    @property
    def is_dm(self) -> bool:
        return self.user_id is not None
