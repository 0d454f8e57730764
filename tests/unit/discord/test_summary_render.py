"""A summary DM as a Discord embed: the count as its title, one escaped line per note,
clipped to Discord's limits, mentioning nobody."""

from __future__ import annotations

from adapters.discord.limits import CONTENT_MAX, EMBED_DESCRIPTION_MAX
from adapters.discord.notification_render import notification_mentions, render_notification
from tests.unit.attention.summaries import NASTY, summary


def test_an_embed_with_the_count_and_one_line_per_note() -> None:
    reply = render_notification(summary(3))
    assert reply.content == "🔔 3 updates on your tasks"
    (embed,) = reply.embeds
    assert embed.title == "3 updates on your tasks"
    lines = (embed.description or "").splitlines()
    assert len(lines) == 3 and lines[0].startswith("📌 ana assigned you")
    assert lines[1].startswith("✏️ ana")
    assert reply.card is None and not reply.ephemeral


def test_markdown_is_escaped_and_nobody_is_mentioned() -> None:
    note = summary(2, title=NASTY)
    reply = render_notification(note)
    description = reply.embeds[0].description or ""
    assert "**bold**" not in description and "\\*\\*bold\\*\\*" in description
    mentions = notification_mentions(note)
    assert mentions.everyone is False and mentions.users is False and mentions.roles is False


def test_a_long_batch_stays_within_discords_limits() -> None:
    reply = render_notification(summary(400, title="y" * 900))
    assert len(reply.content or "") <= CONTENT_MAX
    assert len(reply.embeds[0].description or "") <= EMBED_DESCRIPTION_MAX
