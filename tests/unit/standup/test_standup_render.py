"""Check-in messages within each platform's limits, with user text escaped: a report for
a big team fits one Slack message and one Discord message; the questions DM carries its
Answer button on both."""

from __future__ import annotations

import json

from adapters.discord.limits import CONTENT_MAX, EMBED_TOTAL_MAX, embed_size
from adapters.discord.notification_render import render_notification as discord_render
from adapters.discord.standup_views import standup_view, thread_reference
from adapters.slack.blocks import MESSAGE_BLOCKS, SECTION_TEXT
from adapters.slack.notification_render import render_notification as slack_render
from adapters.slack.notifier import thread_of
from adapters.slack.standup import ANSWER, read_value
from core.notifications import Kind, Notification


def _report(people: int) -> Notification:
    lines = ["Check-in report, Mon 02 Mar:"]
    for i in range(people):
        lines += [f"person{i}:", "  What did you finish? " + "shipped <!channel> *it* " * 20,
                  "  What's next? more"]
    return Notification(kind=Kind.STANDUP, platform="slack", workspace_id="T1",
                        channel_id="C1", text="\n".join(lines), extra={"standup": "report"})


def test_a_long_report_fits_one_slack_message_escaped() -> None:
    msg = slack_render(_report(200))
    assert len(msg.blocks) <= MESSAGE_BLOCKS
    assert all(len(b.get("text", {}).get("text", "")) <= SECTION_TEXT for b in msg.blocks)
    dumped = json.dumps(msg.blocks)
    assert "<!channel>" not in dumped and "&lt;!channel&gt;" in dumped


def test_a_long_report_fits_one_discord_message() -> None:
    reply = discord_render(_report(200).model_copy(update={"platform": "discord"}))
    assert reply.content is not None and len(reply.content) <= CONTENT_MAX
    assert reply.content.startswith("Check-in report")
    assert reply.embeds and sum(embed_size(e) for e in reply.embeds) <= EMBED_TOTAL_MAX
    short = discord_render(_report(1).model_copy(update={"platform": "discord",
                                                         "text": "Report\nana: *hi*"}))
    assert short.content == "Report\nana: \\*hi\\*" and short.embeds == []


def _ask(platform: str, workspace: str, channel: str) -> Notification:
    return Notification(kind=Kind.STANDUP, platform=platform, workspace_id=workspace,
                        user_id="U1", text="Check-in for #general", extra={
                            "standup": "ask", "channel_id": channel,
                            "questions": ["Done?", "Next?"], "prefill": ["#1 Spec", ""]})


def test_the_questions_dm_has_an_answer_button() -> None:
    msg = slack_render(_ask("slack", "T1", "C1"))
    [button] = [el for b in msg.blocks if b["type"] == "actions" for el in b["elements"]]
    assert button["action_id"] == ANSWER
    assert read_value(button["value"]) == ("C1", ["Done?", "Next?"], ["#1 Spec", ""])
    view = standup_view(_ask("discord", "123", "456"))
    assert view is not None
    assert [getattr(c, "custom_id", "") for c in view.children] == ["taskbot:standup:123:456"]
    assert standup_view(_ask("discord", "123", "not-a-channel")) is None


def test_late_answers_name_the_report_they_reply_to() -> None:
    late = Notification(kind=Kind.STANDUP, platform="slack", workspace_id="T1",
                        channel_id="C1", text="Added", extra={"thread_ref": "C1:1700.1"})
    assert thread_of(late) == ("C1", "1700.1")
    assert thread_of(late.model_copy(update={"extra": {}})) is None
    ref = thread_reference(late.model_copy(update={"extra": {"thread_ref": "11/22"}}))
    assert ref is not None and (ref.channel_id, ref.message_id) == (11, 22)
    assert thread_reference(late) is None  # a Slack reference means nothing on Discord
