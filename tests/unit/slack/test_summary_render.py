"""A summary DM as Block Kit: a header with the count, one escaped line per note, inside
Block Kit's limits, and a fallback text that pings nobody."""

from __future__ import annotations

import json

from adapters.slack.blocks import MESSAGE_BLOCKS, SECTION_TEXT
from adapters.slack.notification_render import render_notification
from tests.unit.attention.summaries import NASTY, summary


def test_header_lines_and_a_hint() -> None:
    msg = render_notification(summary(3))
    assert msg.blocks[0] == {"type": "header", "text": {
        "type": "plain_text", "text": "🔔 3 updates on your tasks", "emoji": True}}
    lines = msg.blocks[1]["text"]["text"].splitlines()
    assert lines[0] == ":inbox_tray: ana assigned you #1 Task 1"
    assert lines[1] == ":pencil2: ana assigned you #2 Task 2"
    assert msg.blocks[-1]["type"] == "context"
    assert not msg.ephemeral


def test_user_text_is_escaped_everywhere() -> None:
    msg = render_notification(summary(2, title=NASTY))
    dumped = json.dumps({"text": msg.text, "blocks": msg.blocks})
    for raw in ("<!channel>", "<@U0ANA>", "<https://x.io|click>"):
        assert raw not in dumped
    assert "&lt;!channel&gt;" in dumped


def test_a_long_batch_stays_within_block_kit() -> None:
    msg = render_notification(summary(400, title="x" * 500))
    assert len(msg.blocks) <= MESSAGE_BLOCKS
    assert all(len(b["text"]["text"]) <= SECTION_TEXT for b in msg.blocks
               if b["type"] == "section")
    assert "… and 375 more" in json.dumps(msg.blocks, ensure_ascii=False)
