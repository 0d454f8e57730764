"""A free-text reminder over real HTTP and a controlled clock: `/task remind me ...` at
Monday 10:00; a scheduler tick at Tuesday 09:00 DMs it with Snooze 1 h, Tomorrow morning
and Done; Snooze 1 h (clicked twice) rewrites the DM without buttons and the tick an hour
later sends it once more; someone else's click is refused privately; Done ends it."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

from adapters.slack import reminders
from core.ports import FixedClock
from tests.e2e.fakes.slack_api import Call
from tests.e2e.slack import payloads
from tests.e2e.slack.harness import SlackWorld, slack_world

MONDAY_10 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)  # Europe/Lisbon is UTC in March
TUESDAY_9 = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def _dms(w: SlackWorld) -> list[Call]:
    return w.fake.calls("chat.postMessage", where=lambda c: c.params.get("channel") == "U0ANA")


def _buttons(call: Call) -> dict[str, str]:
    return {el["action_id"]: el["value"] for b in call.blocks() if b["type"] == "actions"
            for el in b["elements"]}


async def _click(w: SlackWorld, user: str, dm: Call, action_id: str,
                 response_url: str) -> None:
    action = payloads.button(action_id, _buttons(dm)[action_id])
    body = payloads.block_actions(user, action, channel=dm.response["channel"],
                                  message_ts=dm.response["ts"], response_url=response_url,
                                  message_blocks=dm.blocks())
    assert (await w.post(body)).status == 200


def _no_buttons(call: Call) -> bool:
    return not [b for b in call.blocks() if b["type"] == "actions"]


async def story(w: SlackWorld, clock: FixedClock) -> None:
    assert (await w.slash("remind me call the bank tomorrow 9am")).status == 200
    [confirm] = await w.fake.await_for("response_url")
    assert "call the bank" in confirm.dumped() and "09:00" in confirm.dumped()
    assert "(reminder 1; /task reminders list shows yours)" in confirm.dumped()

    await w.tick(TUESDAY_9 - MINUTE)
    assert _dms(w) == []
    stats = await w.tick(TUESDAY_9)
    assert stats.reminders == 1
    [dm] = _dms(w)
    assert dm.response["channel"] == "D0ANA"  # a DM channel, as Slack answers
    assert "Reminder: call the bank" in dm.dumped()
    buttons = _buttons(dm)
    assert set(buttons) == {reminders.SNOOZE_1H, reminders.SNOOZE_TOMORROW, reminders.DONE}
    rid = buttons[reminders.DONE]
    assert f"(id {rid}: /task remind snooze {rid} or done {rid})" in dm.dumped()
    assert buttons[reminders.SNOOZE_1H] == f"{rid}:1h"
    assert buttons[reminders.SNOOZE_TOMORROW] == f"{rid}:tomorrow"

    # Snooze 1 h at 09:05, clicked twice: one update, in place, without the buttons
    clock.set(TUESDAY_9 + 5 * MINUTE)
    await _click(w, "U0ANA", dm, reminders.SNOOZE_1H, w.fake.response_url("snooze"))
    await _click(w, "U0ANA", dm, reminders.SNOOZE_1H, w.fake.response_url("snooze2"))
    [update] = await w.fake.await_for("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (dm.response["channel"],
                                                               dm.response["ts"])
    assert "Snoozed until Tue 03 Mar 10:05" in update.dumped()
    assert "Reminder: call the bank" in update.dumped()
    assert _no_buttons(update)
    await w.settle()
    assert len(w.fake.calls("chat.update")) == 1
    assert len(w.fake.calls("response_url")) == 1  # the slash reply only: no refusal

    # the tick an hour later sends it again, once
    await w.tick(TUESDAY_9 + 64 * MINUTE)
    assert len(_dms(w)) == 1
    await w.tick(TUESDAY_9 + 65 * MINUTE)
    await w.tick(TUESDAY_9 + 66 * MINUTE)
    assert len(_dms(w)) == 2
    again = _dms(w)[1]
    assert _buttons(again) == buttons and again.response["ts"] != dm.response["ts"]

    # bo cannot close ana's reminder (a forged click): refused to bo only, buttons stay
    await _click(w, "U0BO", again, reminders.DONE, w.fake.response_url("bo"))
    [refusal] = await w.fake.await_for("response_url",
                                       where=lambda c: "no reminder" in c.dumped())
    assert refusal.params.get("response_type") == "ephemeral"
    assert len(w.fake.calls("chat.update")) == 1

    # Done: the DM says so, and nothing more comes
    clock.set(TUESDAY_9 + 70 * MINUTE)
    await _click(w, "U0ANA", again, reminders.DONE, w.fake.response_url("done"))
    updates = await w.fake.await_for("chat.update", 2)
    assert updates[1].params["ts"] == again.response["ts"]
    assert "Reminder done" in updates[1].dumped()
    assert _no_buttons(updates[1])
    for later in (dt.timedelta(hours=2), dt.timedelta(days=1), dt.timedelta(days=8)):
        await w.tick(TUESDAY_9 + later)
    assert len(_dms(w)) == 2


def _run(tmp_path: Path, scenario: Callable[[SlackWorld, FixedClock], Awaitable[None]]) -> None:
    async def main() -> None:
        clock = FixedClock(MONDAY_10)
        async with slack_world(tmp_path, clock=clock) as w:
            await scenario(w, clock)

    asyncio.run(main())


def test_free_text_reminder_snooze_then_done(tmp_path: Path) -> None:
    _run(tmp_path, story)


async def task_story(w: SlackWorld, clock: FixedClock) -> None:
    await w.slash("add Pay the invoice due:friday")
    await w.fake.await_for("chat.postMessage")  # the card: #1 exists (commands run after ack)
    await w.slash("remind #1 tomorrow 9am")
    [confirm] = await w.fake.await_for("response_url")
    assert "remind you about #1" in confirm.dumped(), confirm.dumped()
    await w.tick(TUESDAY_9)
    [dm] = _dms(w)
    ids = [b.get("block_id") for b in dm.blocks()]
    assert ids.index("task:1") < ids.index(f"{reminders.ACTIONS_BLOCK}:1")  # the card above
    assert "Pay the invoice" in dm.dumped()

    clock.set(TUESDAY_9 + 2 * MINUTE)
    await _click(w, "U0ANA", dm, reminders.SNOOZE_TOMORROW, w.fake.response_url("t"))
    [update] = await w.fake.await_for("chat.update")
    assert "Snoozed until Wed 04 Mar 09:00" in update.dumped()
    assert "task:1" in [b.get("block_id") for b in update.blocks()]  # the card stays
    assert _no_buttons(update)

    await w.tick(TUESDAY_9 + dt.timedelta(days=1) - MINUTE)
    assert len(_dms(w)) == 1
    await w.tick(TUESDAY_9 + dt.timedelta(days=1))
    assert len(_dms(w)) == 2


def test_task_reminder_snoozed_to_tomorrow_morning(tmp_path: Path) -> None:
    _run(tmp_path, task_story)
