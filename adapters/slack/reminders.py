"""Reminder DMs: "Snooze 1 h", "Tomorrow morning" and "Done", for reminders about a task and
free-text ones alike.

The buttons carry the reminder id (`<id>:1h`, `<id>:tomorrow`, `<id>`): that is all a
click needs, with or without a task. A click acks at once, runs `SnoozeReminder` /
`ReminderDone` as the clicker (the core refuses a reminder that is not theirs), then
rewrites the DM in place: the same message without the buttons, plus a line saying what
happened. A refusal goes to the clicker only and leaves the buttons.

Each DM is one firing of one reminder, so a message is acted on once: the first click on
it wins and later clicks on the same message (a double click, a click that raced the
update) are dropped, in this process. The core's snooze is safe to repeat anyway: it only
moves the reminder's next time, and the reminder fires once per firing."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import SECTION_TEXT, Block, actions, button, context, section
from adapters.slack.escape import esc, truncate
from adapters.slack.render import render
from adapters.slack.runtime import SlackRuntime, log, message_where, replace_message, reply, team_of
from core.bus import ErrorReply
from core.notifications import Kind, Notification
from core.results import Info
from core.scheduling.commands import ReminderDone, SnoozeChoice, SnoozeReminder

SNOOZE_1H = "reminder_snooze_1h"
SNOOZE_TOMORROW = "reminder_snooze_tomorrow"
DONE = "reminder_done"
ACTIONS_BLOCK = "reminder_actions"
"""block_id prefix of the buttons block (`reminder_actions:<id>`): what a click removes."""

_CHOICES: dict[str, SnoozeChoice] = {SNOOZE_1H: "1h", SNOOZE_TOMORROW: "tomorrow"}
_ICON = {SNOOZE_1H: ":zzz:", SNOOZE_TOMORROW: ":zzz:", DONE: ":white_check_mark:"}


def reminder_id_of(note: Notification) -> int | None:
    """The reminder a REMINDER notification is about (None for any other notification)."""
    if note.kind is not Kind.REMINDER:
        return None
    raw = note.extra.get("reminder_id")
    try:
        return int(raw) if raw is not None and not isinstance(raw, bool) else None
    except (TypeError, ValueError):
        return None


def reminder_buttons(reminder_id: int) -> Block:
    """The three buttons. Action ids differ (Slack wants them unique within a block)."""
    rid = str(reminder_id)
    return actions([button("Snooze 1 h", SNOOZE_1H, f"{rid}:1h"),
                    button("Tomorrow morning", SNOOZE_TOMORROW, f"{rid}:tomorrow"),
                    button("Done", DONE, rid, style="primary")],
                   block_id=f"{ACTIONS_BLOCK}:{rid}")


def command_for(action: dict[str, Any]) -> SnoozeReminder | ReminderDone:
    """The core command of a click. Raises ValueError for a value we did not write."""
    action_id = str(action.get("action_id", ""))
    rid, _, choice = str(action.get("value", "")).partition(":")
    reminder_id = int(rid)
    if action_id == DONE and not choice:
        return ReminderDone(reminder_id=reminder_id)
    expected = _CHOICES.get(action_id)
    if expected is None or choice != expected:
        raise ValueError(f"not a reminder action: {action_id}={action.get('value')!r}")
    return SnoozeReminder(reminder_id=reminder_id, choice=expected)


def settled_blocks(shown: list[Block] | None, outcome: str) -> list[Block]:
    """The DM after a click: what it showed (as Slack echoes it in the payload, already
    escaped), minus the reminder's buttons, plus the `outcome` line (already escaped)."""
    kept = [b for b in shown or [] if not (
        b.get("type") == "actions" and str(b.get("block_id", "")).startswith(ACTIONS_BLOCK))]
    return [*kept[:49], context(truncate(outcome, SECTION_TEXT))]


class ClickOnce:
    """Remembers the messages already acted on (bounded: the oldest are forgotten)."""

    def __init__(self, size: int = 10_000) -> None:
        self._seen: OrderedDict[tuple[str, str, str], None] = OrderedDict()
        self._size = size

    def claim(self, key: tuple[str, str, str]) -> bool:
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True

    def release(self, key: tuple[str, str, str]) -> None:
        self._seen.pop(key, None)


def register(app: AsyncApp, runtime: SlackRuntime) -> None:
    once = ClickOnce()

    @app.action(re.compile(f"^({SNOOZE_1H}|{SNOOZE_TOMORROW}|{DONE})$"))
    async def on_reminder(ack: Any, body: dict[str, Any], action: dict[str, Any],
                          client: AsyncWebClient, respond: Any, context: Any) -> None:
        await ack()
        try:
            command = command_for(action)
        except ValueError:
            log.warning("unreadable reminder action %r", action)
            return
        team, user = team_of(body, context), str(body["user"]["id"])
        channel, ts = message_where(body)
        key = (team, str(channel), str(ts))
        if ts and not once.claim(key):
            log.info("reminder message %s already handled; click dropped", key)
            return
        ctx = await runtime.context(client, team, user, channel)
        result = await runtime.execute(ctx, command)
        if isinstance(result, ErrorReply):
            once.release(key)
            refusal = render(result)
            refusal.ephemeral, refusal.card_in_channel = True, False
            await reply(respond if body.get("response_url") else None, client, refusal,
                        channel, user)
            return
        outcome = result.message if isinstance(result, Info) else "Done."
        line = f"{_ICON[str(action.get('action_id'))]} {esc(outcome)}"
        message = body.get("message") or {}
        shown = message.get("blocks") or (  # Slack echoes our message, already escaped
            [section(str(message["text"]))] if message.get("text") else None)
        await replace_message(client, body, respond, esc(outcome), settled_blocks(shown, line))

