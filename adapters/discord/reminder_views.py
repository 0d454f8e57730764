"""Reminder DMs' persistent buttons: Snooze 1 h, Tomorrow morning, Done.

Like the task cards' buttons (`adapters.discord.views`) they are `DynamicItem`s whose state
(guild, reminder id, choice) lives in the stable custom_id, registered at start-up, so a
reminder sent before a restart still answers. A click runs the scheduler's core command
(`SnoozeReminder` / `ReminderDone`) as the clicking user: the core refuses a reminder that
is not theirs. The DM is then edited in place: the outcome is appended ("Snoozed until …",
"Reminder done.") and the buttons go. A refusal is answered privately and leaves the DM as
it was. A double click is harmless: snoozing again moves the time, Done again is Done."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

import discord

from adapters.discord.bridge import bridge_of, context
from adapters.discord.dm_gate import gate_dm
from adapters.discord.ids import (
    REMINDER_DONE_TEMPLATE,
    SNOOZE_TEMPLATE,
    ReminderRef,
    reminder_done_id,
    snooze_id,
)
from adapters.discord.limits import CONTENT_MAX, clip
from adapters.discord.render import render
from core.results import Info
from core.scheduling.commands import ReminderDone, SnoozeChoice, SnoozeReminder
from core.text import DB_INT_MAX

SNOOZE_LABELS: dict[str, tuple[str, str]] = {
    "1h": ("Snooze 1 h", "⏰"),
    "tomorrow": ("Tomorrow morning", "🌅"),
}
ACTION_CHOICES = {"snooze_1h": "1h", "snooze_tomorrow": "tomorrow"}
DONE_MARK, SNOOZED_MARK = "✅", "⏰"
MAX_REMINDER_ID = DB_INT_MAX  # the core's bound for every id: nothing past it is stored


class ReminderSnooze(discord.ui.DynamicItem[discord.ui.Button[Any]], template=SNOOZE_TEMPLATE):
    def __init__(self, ref: ReminderRef, choice: SnoozeChoice) -> None:
        label, emoji = SNOOZE_LABELS[choice]
        super().__init__(discord.ui.Button(label=label, emoji=emoji,
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=snooze_id(ref, choice)))
        self.ref = ref
        self.choice: SnoozeChoice = choice

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> ReminderSnooze:
        choice: SnoozeChoice = "tomorrow" if match["choice"] == "tomorrow" else "1h"
        return cls(ReminderRef(match["guild"], int(match["reminder"])), choice)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await gate_dm(interaction, self.ref.guild_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        choice = self.choice
        await reminder_action(interaction, self.ref, lambda rid: SnoozeReminder(
            reminder_id=rid, choice=choice))


class ReminderDoneButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                         template=REMINDER_DONE_TEMPLATE):
    def __init__(self, ref: ReminderRef) -> None:
        super().__init__(discord.ui.Button(label="Done", emoji=DONE_MARK,
                                           style=discord.ButtonStyle.success,
                                           custom_id=reminder_done_id(ref)))
        self.ref = ref

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> ReminderDoneButton:
        return cls(ReminderRef(match["guild"], int(match["reminder"])))

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await gate_dm(interaction, self.ref.guild_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await reminder_action(interaction, self.ref,
                              lambda rid: ReminderDone(reminder_id=rid))


def reminder_view(guild_id: str, reminder_id: int,
                  actions: tuple[str, ...]) -> discord.ui.View | None:
    """The persistent view of a reminder DM (None when it offers no known action)."""
    ref = ReminderRef(guild_id, reminder_id)
    view = discord.ui.View(timeout=None)
    for action in actions:
        choice = ACTION_CHOICES.get(action)
        if choice == "1h":
            view.add_item(ReminderSnooze(ref, "1h"))
        elif choice == "tomorrow":
            view.add_item(ReminderSnooze(ref, "tomorrow"))
        elif action == "done":
            view.add_item(ReminderDoneButton(ref))
    return view if view.children else None


def settled_content(content: str | None, outcome: str) -> str:
    """The DM's text with the outcome as its last line (replacing an earlier outcome, so
    clicking again does not pile lines up)."""
    lines = (content or "").splitlines()
    if len(lines) > 1 and lines[-1].startswith((DONE_MARK + " ", SNOOZED_MARK + " ")):
        lines.pop()
    mark = SNOOZED_MARK if outcome.startswith("Snoozed") else DONE_MARK
    status = f"{mark} {outcome}"
    head = "\n".join(lines)
    return clip(head, CONTENT_MAX - len(status) - 1) + "\n" + status if head else status


async def reminder_action(interaction: discord.Interaction[Any], ref: ReminderRef,
                          build: Callable[[int], SnoozeReminder | ReminderDone]) -> None:
    """`build` makes the command once the id is known to be in range."""
    bridge = bridge_of(interaction)
    if interaction.guild_id is not None and str(interaction.guild_id) != ref.guild_id:
        await bridge.refuse(interaction, "That reminder belongs to another server.")
        return
    if ref.reminder_id > MAX_REMINDER_ID:  # an id no reminder can have: never reaches the DB
        await bridge.refuse(interaction, "That reminder doesn't exist.")
        return
    ctx = context(interaction, ref.guild_id)
    job = asyncio.ensure_future(bridge.call(ctx, build(ref.reminder_id)))
    result = await bridge.wait(interaction, job, update=True)
    if not isinstance(result, Info):  # an ErrorReply: refused, the DM stays as it was
        await bridge.tell(interaction, render(result))
        return
    message = interaction.message
    await bridge.answer_or_announce(interaction, ctx, result, lambda: bridge.update_message(
        interaction, view=None, content=settled_content(
            message.content if message else None, result.message)))
