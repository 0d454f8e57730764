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

from core.files import FilePayload
from core.results import TaskView


class Kind(StrEnum):
    ASSIGNED = "assigned"
    UNBLOCKED = "unblocked"
    COMMENTED = "commented"
    COMPLETED = "completed"
    DELETED = "deleted"
    CHANGED = "changed"  # a task of yours changed (due date, title, priority ...)
    SUMMARY = "summary"  # held non-urgent notes as one DM (core.attention)
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    REMINDER = "reminder"
    DIGEST = "digest"
    CHANNEL_FALLBACK = "channel_fallback"
    STANDUP = "standup"  # check-in questions, report, late answer (extra["standup"])
    REPLY = "reply"  # a command's answer that could not be given in place (chat adapters)
    PLAN_WARNING = "plan_warning"  # the project layer's early warnings (core.handlers.plan_warn)
    MILESTONE = "milestone"  # a milestone reached (its project's channel)
    BULK = "bulk"  # several changes for one person from one bulk command, in one message
    REPORT = "report"  # a scheduled project report (text, with its chart as `file`)


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
    actor_user_id: str | None = None
    """Who caused it (the platform's user id): bursts are coalesced per actor."""
    extra: dict[str, Any] = {}
    dedupe_key: str | None = None
    file: FilePayload | None = None  # posted with the message (a report's chart, an export)
    not_before: dt.datetime | None = None
    tz: str | None = None  # the recipient's time zone, for renderers that print times
    actor_tz: str | None = None
    """The zone of whoever caused it (None: the scheduler): a plain-text renderer names
    the zone of the times it prints when the recipient's differs."""

    @property
    def is_dm(self) -> bool:
        return self.user_id is not None


def reminder_hint(note: Notification) -> str:
    """' (id 3: /task remind snooze 3 or done 3)' for a reminder DM, so the id can be
    typed where there are no buttons (the console) or after they are gone; '' otherwise.
    Every renderer appends it to the first line of the DM."""
    raw = note.extra.get("reminder_id") if note.kind is Kind.REMINDER else None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return ""
    rid = str(raw)
    if not (rid.isascii() and rid.isdigit() and len(rid) <= 18):
        return ""
    return f" (id {rid}: /task remind snooze {rid} or done {rid})"


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
