"""A check-in message on Discord: as plain content when it fits one message's 2000
characters (the DM, a short report, a late answer); a longer report keeps its first line
as the content and the rest in embeds (4096 each, 6000 in all), clipped past that rather
than refused. User text is escaped; nobody is mentioned (`notification_mentions`)."""

from __future__ import annotations

import discord

from adapters.discord.limits import (
    CONTENT_MAX,
    EMBED_DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    clip,
    pack_embeds,
    pack_lines,
)
from adapters.discord.render import Reply, esc
from core.notifications import Notification


def standup_reply(note: Notification) -> Reply:
    text = esc(note.text)
    if len(text) <= CONTENT_MAX:
        return Reply(content=text, ephemeral=False)
    head, _, body = text.partition("\n")
    room = EMBED_TOTAL_MAX - 50
    chunks = []
    for chunk in pack_lines(body.splitlines(), EMBED_DESCRIPTION_MAX):
        piece = clip(chunk, min(EMBED_DESCRIPTION_MAX, room))
        chunks.append(piece)
        room -= len(piece)
        if room <= 0:
            break
    messages = pack_embeds([discord.Embed(description=c) for c in chunks if c])
    return Reply(content=clip(head, CONTENT_MAX), embeds=messages[0] if messages else [],
                 ephemeral=False)
