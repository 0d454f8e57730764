"""A summary DM (`Kind.SUMMARY`: held non-urgent notes as one message, `core.attention`)
-> Block Kit: a header with the count, the notes as one line each (icon, the escaped
sentence), packed into sections within Block Kit's limits, and a context line saying how
to change the setting. Every piece of user text is escaped: no title pings anyone."""

from __future__ import annotations

from adapters.slack.blocks import (
    MESSAGE_BLOCKS,
    MESSAGE_TEXT,
    Block,
    cap,
    context,
    header,
    split_sections,
)
from adapters.slack.escape import esc, truncate
from adapters.slack.render import SlackMessage
from core.attention.items import summary_count, summary_headline, summary_items
from core.notifications import Kind, Notification

ICONS = {Kind.ASSIGNED: ":inbox_tray:", Kind.COMMENTED: ":speech_balloon:",
         Kind.COMPLETED: ":white_check_mark:", Kind.CHANGED: ":pencil2:",
         Kind.DELETED: ":wastebasket:"}


def render_summary(note: Notification) -> SlackMessage:
    headline = summary_headline(note)
    items = summary_items(note)
    lines = [f"{ICONS.get(i.kind, '•') if i.kind else '•'} {esc(i.text)}" for i in items]
    more = summary_count(note) - len(items)
    if more > 0:
        lines.append(f"_… and {more} more_")
    blocks: list[Block] = [header(f"🔔 {headline}"), *split_sections(lines)]
    blocks = cap(blocks, MESSAGE_BLOCKS - 1, "_…cut to fit one message._")
    blocks.append(context("Change how these arrive: `/task notify show`"))
    return SlackMessage(text=truncate(esc(note.text), MESSAGE_TEXT) or "taskbot",
                        blocks=blocks, ephemeral=False)
