"""Outbox notifications -> Slack Block Kit messages (the sentence, the task card and its
buttons, a reminder's Snooze / Done), as pure functions. Discord's counterpart is
`adapters.discord.notification_render`; results (answers to commands) are `render.py`."""

from __future__ import annotations

from adapters.slack.blocks import MESSAGE_BLOCKS, MESSAGE_TEXT, Block, cap, split_sections
from adapters.slack.cards import card_buttons, task_card
from adapters.slack.digest import digest_blocks, digest_report
from adapters.slack.escape import esc, truncate
from adapters.slack.reminders import reminder_buttons, reminder_id_of
from adapters.slack.render import SlackMessage
from adapters.slack.standup import answer_blocks
from adapters.slack.summary_render import render_summary
from core.notifications import Kind, Notification, reminder_hint

_SNOOZABLE = {Kind.UNBLOCKED, Kind.REMINDER, Kind.DUE_SOON, Kind.OVERDUE}
_ICON = {Kind.ASSIGNED: ":inbox_tray:", Kind.UNBLOCKED: ":unlock:",
         Kind.COMMENTED: ":speech_balloon:",
         Kind.COMPLETED: ":white_check_mark:", Kind.DELETED: ":wastebasket:",
         Kind.DUE_SOON: ":hourglass_flowing_sand:",
         Kind.OVERDUE: ":warning:", Kind.ESCALATION: ":rotating_light:",
         Kind.REMINDER: ":alarm_clock:", Kind.DIGEST: ":sunrise:",
         Kind.CHANNEL_FALLBACK: ":mega:", Kind.PLAN_WARNING: ":warning:",
         Kind.MILESTONE: ":triangular_flag_on_post:", Kind.CHANGED: ":pencil2:"}


def render_notification(note: Notification) -> SlackMessage:
    """A notification as Block Kit: the sentence, then the task card. An unblock or
    due-date DM puts Start / Done and a Snooze menu first in line; a personal reminder
    (about a task or not) ends with its own Snooze 1 h / Tomorrow morning / Done."""
    if note.kind is Kind.SUMMARY:
        return render_summary(note)
    tz = note.tz or "UTC"
    text = esc(note.text)
    report = digest_report(note.extra) if note.kind is Kind.DIGEST else None
    if report is not None:
        return SlackMessage(text=truncate(text, MESSAGE_TEXT) or "digest",
                            blocks=digest_blocks(report), ephemeral=False)
    icon = _ICON.get(note.kind, "")
    hint = esc(reminder_hint(note))
    blocks: list[Block] = split_sections([f"{icon} {line}{hint}".strip() if i == 0 else line
                                          for i, line in enumerate(text.splitlines() or [""])])
    reminder_id = reminder_id_of(note)
    if reminder_id is not None:  # the task card (no buttons of its own), then the reminder's
        if note.task is not None:
            blocks.extend(task_card(note.task, tz, buttons=False))
        blocks = [*cap(blocks, MESSAGE_BLOCKS - 1, "_…cut to fit one message._"),
                  reminder_buttons(reminder_id)]
    elif note.task is not None and note.kind is Kind.DELETED:  # gone: nothing to click
        blocks.extend(task_card(note.task, tz, buttons=False))
    elif note.task is not None:
        card = task_card(note.task, tz, buttons=True)
        if note.kind in _SNOOZABLE and note.task.status.is_active:
            card[-1] = card_buttons(note.task, snooze=True)
        blocks.extend(card)
    answer = answer_blocks(note)  # a check-in's Answer button (none for other notes)
    if answer:
        blocks = [*cap(blocks, MESSAGE_BLOCKS - 1, "_…cut to fit one message._"), *answer]
    return SlackMessage(text=truncate(text, MESSAGE_TEXT) or "taskbot",
                        blocks=cap(blocks, MESSAGE_BLOCKS, "_…cut to fit one message._"),
                        ephemeral=False)
