"""Reminder DMs: three buttons carrying the reminder id, for free-text and task reminders,
every user string escaped; clicks decode to the core's commands or are rejected; a settled
DM loses its buttons; a message is acted on once."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from adapters.slack import blocks as bk
from adapters.slack import reminders as rm
from adapters.slack.cards import DONE as TASK_DONE
from adapters.slack.cards import SNOOZE as TASK_SNOOZE
from adapters.slack.cards import START
from adapters.slack.notification_render import render_notification
from core.model import Priority, Status
from core.notifications import Kind, Notification
from core.results import MemberView, TaskView
from core.scheduling.commands import ReminderDone, SnoozeReminder

NASTY = "<!channel> <@U123> <https://x.example|y> & <!here>"
LIVE = ("<!channel>", "<!here>", "<@U123>", "<https://x")


def _note(text: str = f"Reminder: {NASTY}", task: TaskView | None = None,
          **extra: Any) -> Notification:
    return Notification(kind=Kind.REMINDER, platform="slack", workspace_id="T1",
                        user_id="U0ANA", text=text, task=task, tz="Europe/Lisbon",
                        extra={"reminder_id": 7, "actions": ["snooze_1h", "snooze_tomorrow",
                                                             "done"], **extra})


def _task() -> TaskView:
    return TaskView(number=12, title=NASTY, status=Status.OPEN, priority=Priority.NORMAL,
                    assignee=MemberView(user_id="U0ANA", display_name="<!everyone> ana"),
                    due_at=dt.datetime(2026, 3, 3, 17, 0, tzinfo=dt.UTC))


def _elements(blocks: list[bk.Block]) -> list[dict[str, Any]]:
    return [el for b in blocks if b["type"] == "actions" for el in b["elements"]]


def _assert_inert(dumped: str) -> None:
    for live in LIVE:
        assert live not in dumped, live


def test_free_text_reminder_has_three_buttons_with_the_reminder_id() -> None:
    msg = render_notification(_note())
    dumped = json.dumps(msg.blocks)
    _assert_inert(dumped)
    _assert_inert(msg.text)
    assert "&lt;!channel&gt;" in dumped and "&amp;" in dumped
    buttons = _elements(msg.blocks)
    assert [(b["text"]["text"], b["action_id"], b["value"]) for b in buttons] == [
        ("Snooze 1 h", rm.SNOOZE_1H, "7:1h"),
        ("Tomorrow morning", rm.SNOOZE_TOMORROW, "7:tomorrow"),
        ("Done", rm.DONE, "7")]
    assert msg.blocks[-1]["block_id"] == "reminder_actions:7"
    assert len({b["action_id"] for b in buttons}) == len(buttons)  # unique in the block


def test_task_reminder_keeps_the_card_above_and_only_the_reminder_buttons() -> None:
    msg = render_notification(_note("Reminder: #12 x", task=_task()))
    _assert_inert(json.dumps(msg.blocks))
    ids = [b.get("block_id") for b in msg.blocks]
    assert ids.index("task:12") < ids.index("reminder_actions:7") == len(ids) - 1
    assert {el["action_id"] for el in _elements(msg.blocks)} == {
        rm.SNOOZE_1H, rm.SNOOZE_TOMORROW, rm.DONE}  # no second "Done" that means the task
    assert "accessory" not in msg.blocks[ids.index("task:12")]


def test_reminder_id_survives_a_json_round_trip_and_other_notes_are_unchanged() -> None:
    assert rm.reminder_id_of(_note(reminder_id="7")) == 7
    assert rm.reminder_id_of(_note(reminder_id=None)) is None
    assert rm.reminder_id_of(_note(reminder_id="seven")) is None
    no_id = render_notification(_note(task=_task(), reminder_id=None))  # the old task-menu DM
    assert {TASK_DONE, TASK_SNOOZE} <= {el["action_id"] for el in _elements(no_id.blocks)}
    unblocked = Notification(kind=Kind.UNBLOCKED, platform="slack", workspace_id="T1",
                             user_id="U0BO", text="#12 is unblocked", task=_task(),
                             extra={"reminder_id": 7})
    ids = {el["action_id"] for el in _elements(render_notification(unblocked).blocks)}
    assert {START, TASK_SNOOZE} <= ids and rm.DONE not in ids


def test_long_reminder_text_stays_within_one_message_with_its_buttons() -> None:
    msg = render_notification(_note("\n".join([NASTY * 20] * 300)))
    assert len(msg.blocks) <= bk.MESSAGE_BLOCKS
    assert msg.blocks[-1]["block_id"] == "reminder_actions:7"
    assert all(len(b["text"]["text"]) <= bk.SECTION_TEXT for b in msg.blocks
               if b["type"] == "section")


@pytest.mark.parametrize(("action_id", "value", "command"), [
    (rm.SNOOZE_1H, "7:1h", SnoozeReminder(reminder_id=7, choice="1h")),
    (rm.SNOOZE_TOMORROW, "7:tomorrow", SnoozeReminder(reminder_id=7, choice="tomorrow")),
    (rm.DONE, "7", ReminderDone(reminder_id=7)),
])
def test_clicks_decode_to_core_commands(action_id: str, value: str, command: Any) -> None:
    assert rm.command_for({"action_id": action_id, "value": value}) == command


@pytest.mark.parametrize(("action_id", "value"), [
    (rm.SNOOZE_1H, "7:tomorrow"), (rm.SNOOZE_1H, "7"), (rm.SNOOZE_TOMORROW, "x:tomorrow"),
    (rm.DONE, "7:1h"), (rm.DONE, ""), ("task_done", "7"),
])
def test_values_we_did_not_write_are_rejected(action_id: str, value: str) -> None:
    with pytest.raises(ValueError):
        rm.command_for({"action_id": action_id, "value": value})


def test_a_settled_dm_keeps_its_content_and_loses_its_buttons() -> None:
    shown = render_notification(_note("Reminder: #12 x", task=_task())).blocks
    settled = rm.settled_blocks(shown, ":zzz: Snoozed until Tue 03 Mar 10:05")
    assert [b for b in settled if b["type"] == "actions"] == []
    assert settled[:-1] == shown[:-1]
    assert settled[-1]["elements"][0]["text"] == ":zzz: Snoozed until Tue 03 Mar 10:05"
    assert rm.settled_blocks(None, "Done") == [bk.context("Done")]
    assert len(rm.settled_blocks([bk.section("x")] * 80, "Done")) == bk.MESSAGE_BLOCKS


def test_a_message_is_claimed_once_until_released() -> None:
    once = rm.ClickOnce(size=2)
    key = ("T1", "D0ANA", "1.1")
    assert once.claim(key) and not once.claim(key)
    once.release(key)
    assert once.claim(key)
    assert once.claim(("T1", "D0ANA", "2.2")) and once.claim(("T1", "D0ANA", "3.3"))
    assert once.claim(key)  # the oldest was forgotten: memory stays bounded
