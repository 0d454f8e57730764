"""Reminder DMs on Discord: rendering, their persistent buttons' ids, and the edited text."""

from __future__ import annotations

import re

import discord
import pytest

from adapters.discord.ids import (
    BUTTON_TEMPLATE,
    MORE_TEMPLATE,
    REMINDER_DONE_TEMPLATE,
    SNOOZE_TEMPLATE,
    ReminderRef,
    reminder_done_id,
    snooze_id,
)
from adapters.discord.limits import CONTENT_MAX
from adapters.discord.notification_render import notification_mentions, render_notification
from adapters.discord.notifier import notification_view
from adapters.discord.reminder_views import (
    ReminderDoneButton,
    ReminderSnooze,
    reminder_view,
    settled_content,
)
from core.model import Priority, Status
from core.notifications import Kind, Notification
from core.results import MemberView, TaskView

GUILD = "123456789012345678"
ACTIONS = ["snooze_1h", "snooze_tomorrow", "done"]


def reminder(text: str = "Reminder: book the venue", task: TaskView | None = None,
             extra: dict[str, object] | None = None) -> Notification:
    values: dict[str, object] = {"reminder_id": 42, "actions": ACTIONS}
    values.update(extra or {})
    return Notification(kind=Kind.REMINDER, platform="discord", workspace_id=GUILD,
                        user_id="111", text=text, task=task, extra=values)


def buttons(view: discord.ui.View | None) -> list[tuple[str, str]]:
    assert view is not None
    return [(c["label"], c["custom_id"]) for row in view.to_components()
            for c in row["components"]]


def test_free_text_reminder_has_three_buttons_and_pings_nobody() -> None:
    note = reminder("Reminder: call @everyone <@&99>")
    reply = render_notification(note)
    assert reply.content == ("🔔 Reminder: call @everyone <@&99> (id 42: /task remind snooze "
                             "42 or done 42)")
    assert reply.embeds == [] and reply.card is None
    assert (reply.reminder_id, reply.reminder_actions) == (42, tuple(ACTIONS))
    mentions: dict[str, object] = dict(notification_mentions(note).to_dict())
    assert mentions == {"parse": []}
    assert buttons(notification_view(reply, GUILD)) == [
        ("Snooze 1 h", f"taskbot:rsnooze:{GUILD}:42:1h"),
        ("Tomorrow morning", f"taskbot:rsnooze:{GUILD}:42:tomorrow"),
        ("Done", f"taskbot:rdone:{GUILD}:42"),
    ]


def test_task_reminder_keeps_the_embed_but_carries_the_reminder_buttons() -> None:
    task = TaskView(number=7, title="Ship *it*", status=Status.OPEN, priority=Priority.NORMAL,
                    assignee=MemberView(user_id="111", display_name="Ana"))
    reply = render_notification(reminder("Reminder: #7 Ship *it*", task=task))
    assert reply.embeds and reply.embeds[0].title == "#7 Ship \\*it\\*"
    assert reply.card is None  # no Start / Done-the-task buttons next to the reminder's Done
    ids = [cid for _, cid in buttons(notification_view(reply, GUILD))]
    assert ids == [f"taskbot:rsnooze:{GUILD}:42:1h", f"taskbot:rsnooze:{GUILD}:42:tomorrow",
                   f"taskbot:rdone:{GUILD}:42"]


@pytest.mark.parametrize("extra", [{"reminder_id": None}, {"reminder_id": "4x"},
                                   {"reminder_id": True}, {"reminder_id": "²"},
                                   {"reminder_id": "1" * 19}])
def test_a_malformed_reminder_id_sends_the_reminder_without_buttons(
        extra: dict[str, object]) -> None:
    reply = render_notification(reminder(extra=extra))
    assert reply.reminder_id is None
    assert notification_view(reply, GUILD) is None


def test_only_the_offered_actions_become_buttons_and_ids_arrive_as_strings() -> None:
    reply = render_notification(reminder(extra={"reminder_id": "42",
                                                "actions": ["done", "explode"]}))
    assert buttons(notification_view(reply, GUILD)) == [("Done", f"taskbot:rdone:{GUILD}:42")]
    assert reminder_view(GUILD, 42, ()) is None
    # A reminder posted to a channel (no DM) or outside a guild gets no reminder buttons.
    channel = Notification(kind=Kind.REMINDER, platform="discord", workspace_id=GUILD,
                           channel_id="5", text="Standup", extra={"reminder_id": 1})
    assert render_notification(channel).reminder_id is None
    assert notification_view(render_notification(reminder()), "console") is None


def test_reminder_ids_match_only_their_own_templates() -> None:
    ref = ReminderRef(GUILD, 987654321012)
    ids = [snooze_id(ref, "1h"), snooze_id(ref, "tomorrow"), reminder_done_id(ref)]
    assert all(len(i) <= 100 for i in ids)
    assert [bool(re.fullmatch(SNOOZE_TEMPLATE, i)) for i in ids] == [True, True, False]
    assert [bool(re.fullmatch(REMINDER_DONE_TEMPLATE, i)) for i in ids] == [False, False, True]
    assert not any(re.fullmatch(t, i) for t in (BUTTON_TEMPLATE, MORE_TEMPLATE) for i in ids)
    assert ReminderSnooze(ref, "tomorrow").custom_id == ids[1]
    assert ReminderDoneButton(ref).custom_id == ids[2]
    with pytest.raises(ValueError):
        snooze_id(ref, "never")


def test_settled_content_appends_one_outcome_and_stays_inside_the_limit() -> None:
    base = "🔔 Reminder: book the venue"
    snoozed = settled_content(base, "Snoozed until Mon 02 Mar 11:35 (UTC).")
    assert snoozed == base + "\n⏰ Snoozed until Mon 02 Mar 11:35 (UTC)."
    # Clicking again (or Done after a snooze on an old copy) replaces the outcome line.
    assert settled_content(snoozed, "Reminder done.") == base + "\n✅ Reminder done."
    assert settled_content(None, "Reminder done.") == "✅ Reminder done."
    long = settled_content("x" * CONTENT_MAX, "Reminder done.")
    assert len(long) <= CONTENT_MAX and long.endswith("\n✅ Reminder done.")
