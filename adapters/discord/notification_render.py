"""Outbox notifications -> Discord messages (the DM or channel post, who it may mention,
a reminder's buttons), as pure functions. Slack's counterpart is
`adapters.slack.notification_render`; results (answers to commands) are `render.py`."""

from __future__ import annotations

import discord

from adapters.discord.limits import CONTENT_MAX, clip, pack_embeds
from adapters.discord.render import Reply, esc, task_embeds
from adapters.discord.standup_render import standup_reply
from adapters.discord.summary_render import render_summary
from core.notifications import Kind, Notification, reminder_hint

NOTE_ICONS = {
    Kind.ASSIGNED: "📌", Kind.UNBLOCKED: "🔓", Kind.COMMENTED: "💬", Kind.COMPLETED: "✅",
    Kind.DELETED: "🗑️",
    Kind.DUE_SOON: "⏰", Kind.OVERDUE: "⏰", Kind.ESCALATION: "🚨", Kind.REMINDER: "🔔",
    Kind.DIGEST: "🗒️", Kind.CHANNEL_FALLBACK: "📨", Kind.PLAN_WARNING: "⚠️", Kind.MILESTONE: "🚩",
    Kind.CHANGED: "✏️",
}


def render_notification(note: Notification) -> Reply:
    """A DM or channel post for an outbox notification. For the channel fallback of a DM the
    content starts with a mention of that one person (see `notification_mentions`)."""
    if note.kind is Kind.STANDUP:  # a check-in DM, report or late answer
        return standup_reply(note)
    if note.kind is Kind.SUMMARY:
        return render_summary(note)
    prefix = NOTE_ICONS.get(note.kind, "")
    text = f"{prefix} {esc(note.text)}{reminder_hint(note)}".strip()
    mention = note.extra.get("mention_user_id") if note.kind is Kind.CHANNEL_FALLBACK else None
    if mention:
        text = f"<@{mention}> {text}"
    embeds = task_embeds(note.task) if note.task is not None else []
    messages = pack_embeds(embeds)
    reply = Reply(content=clip(text, CONTENT_MAX), embeds=messages[0] if messages else [],
                  ephemeral=False, card=note.task)
    if note.kind is Kind.DELETED:  # the task is gone: its card shows, without buttons
        reply.card = None
    reminder = reminder_of(note)
    if reminder is not None:  # the task embed stays; Snooze / Done replace the card buttons
        reply.card = None
        reply.reminder_id, reply.reminder_actions = reminder
    return reply


REMINDER_ACTIONS = ("snooze_1h", "snooze_tomorrow", "done")


def reminder_of(note: Notification) -> tuple[int, tuple[str, ...]] | None:
    """A reminder DM's (reminder id, actions) from the scheduler's `extra`; None for any
    other notification or a malformed id (then it goes out without buttons)."""
    if note.kind is not Kind.REMINDER or not note.is_dm:
        return None
    raw = note.extra.get("reminder_id")
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    if not (str(raw).isascii() and str(raw).isdigit() and len(str(raw)) <= 18):
        return None
    actions = note.extra.get("actions")
    known = tuple(a for a in actions if a in REMINDER_ACTIONS) if isinstance(
        actions, list | tuple) else REMINDER_ACTIONS
    return int(raw), known


def notification_mentions(note: Notification) -> discord.AllowedMentions:
    """Nobody, except the one person a channel fallback is for."""
    mention = note.extra.get("mention_user_id") if note.kind is Kind.CHANNEL_FALLBACK else None
    if mention and str(mention).isdigit():
        return discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                       users=[discord.Object(int(mention))])
    return discord.AllowedMentions.none()
