"""A summary DM (`Kind.SUMMARY`: held non-urgent notes as one message, `core.attention`)
-> one Discord embed: the count as its title, one line per note (icon, the escaped
sentence) as its description, clipped to Discord's limits. It mentions nobody
(`notification_mentions` allows none for it)."""

from __future__ import annotations

import discord

from adapters.discord.limits import (
    CONTENT_MAX,
    EMBED_DESCRIPTION_MAX,
    EMBED_TITLE_MAX,
    clip,
)
from adapters.discord.render import Reply, esc
from core.attention.items import summary_count, summary_headline, summary_items
from core.notifications import Kind, Notification

ICONS = {Kind.ASSIGNED: "📌", Kind.COMMENTED: "💬", Kind.COMPLETED: "✅", Kind.CHANGED: "✏️",
         Kind.DELETED: "🗑️"}
COLOUR = 0x5865F2


def render_summary(note: Notification) -> Reply:
    headline = summary_headline(note)
    items = summary_items(note)
    lines = [f"{ICONS.get(i.kind, '•') if i.kind else '•'} {esc(i.text)}" for i in items]
    more = summary_count(note) - len(items)
    if more > 0:
        lines.append(f"… and {more} more")
    embed = discord.Embed(title=clip(headline, EMBED_TITLE_MAX),
                          description=clip("\n".join(lines), EMBED_DESCRIPTION_MAX),
                          colour=COLOUR)
    embed.set_footer(text="Change how these arrive: /notify show")
    return Reply(content=clip(f"🔔 {esc(headline)}", CONTENT_MAX), embeds=[embed],
                 ephemeral=False)
