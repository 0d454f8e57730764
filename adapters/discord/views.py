"""Task cards' persistent components: Start, Done, Assign to me, and a select for more.

They are `DynamicItem`s: the state (guild, task number) lives in the stable custom_id, so a
click works after any restart once the client has called `add_dynamic_items(...)` at
start-up. A click runs the core command as the clicking user (the core checks the
permission), then edits the card to the task's current state. Clicking Done twice is
harmless: the core refuses completing a done task, the user is told so privately, and the
card is refreshed."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord

from adapters.discord.bridge import Bridge, bridge_of, context
from adapters.discord.dm_gate import gate_dm
from adapters.discord.ids import BUTTON_TEMPLATE, MORE_TEMPLATE, CardRef, button_id, more_id
from adapters.discord.modals import open_edit_modal
from adapters.discord.render import Reply, render, task_embeds, text_replies
from core import commands as c
from core.bus import ErrorReply
from core.model import Status
from core.results import Result, TaskChanged, TaskDetails, TaskView

BUTTONS = {
    "start": ("Start", discord.ButtonStyle.primary, "▶️"),
    "done": ("Done", discord.ButtonStyle.success, "✅"),
    "take": ("Assign to me", discord.ButtonStyle.secondary, "🙋"),
}
MORE_OPTIONS = (
    ("show", "Show details and history", "🔎"),
    ("edit", "Edit…", "✏️"),
    ("drop", "Drop", "🗑️"),
    ("reopen", "Reopen", "↩️"),
)


class CardButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=BUTTON_TEMPLATE):
    def __init__(self, action: str, card: CardRef, *, disabled: bool = False) -> None:
        label, style, emoji = BUTTONS[action]
        super().__init__(discord.ui.Button(label=label, style=style, emoji=emoji,
                                           custom_id=button_id(action, card),
                                           disabled=disabled))
        self.action = action
        self.card = card

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> CardButton:
        return cls(match["action"], CardRef(match["guild"], int(match["number"])))

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await gate_dm(interaction, self.card.guild_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        command = c.BY_NUMBER[self.action](number=self.card.number)  # an action of BUTTONS
        await card_action(interaction, self.card, command)


class CardMore(discord.ui.DynamicItem[discord.ui.Select[Any]], template=MORE_TEMPLATE):
    def __init__(self, card: CardRef) -> None:
        options = [discord.SelectOption(label=label, value=value, emoji=emoji)
                   for value, label, emoji in MORE_OPTIONS]
        super().__init__(discord.ui.Select(custom_id=more_id(card), placeholder="More…",
                                           options=options, min_values=1, max_values=1))
        self.card = card

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> CardMore:
        return cls(CardRef(match["guild"], int(match["number"])))

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await gate_dm(interaction, self.card.guild_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        choice = self.item.values[0] if self.item.values else "show"
        number = self.card.number
        card = self.card
        if choice == "edit":
            async def edit_card(i: discord.Interaction[Any], command: Any) -> None:
                await card_action(i, card, command)

            await open_edit_modal(interaction, card.guild_id, number, card_hook=edit_card)
            return
        if choice == "show":
            bridge = bridge_of(interaction)
            await bridge.handle(interaction, lambda: c.ShowTask(number=number),
                                guild_id=self.card.guild_id)
            return
        if choice not in ("drop", "reopen"):
            await bridge_of(interaction).refuse(interaction, "That choice isn't on this card.")
            return
        command: Any = c.DropTask(number=number) if choice == "drop" else c.ReopenTask(
            number=number)
        await card_action(interaction, self.card, command)


def card_view(task: TaskView, guild_id: str) -> discord.ui.View:
    """The persistent view sent with a task card."""
    card = CardRef(guild_id, task.number)
    view = discord.ui.View(timeout=None)
    active = task.status.is_active
    view.add_item(CardButton("start", card, disabled=task.status is not Status.OPEN))
    view.add_item(CardButton("done", card, disabled=not active))
    view.add_item(CardButton("take", card, disabled=not active))
    view.add_item(CardMore(card))
    return view


def view_factory(reply: Reply, guild_id: str) -> discord.ui.View | None:
    if reply.card is None or not guild_id.isdigit() or guild_id == "0":
        return None
    return card_view(reply.card, guild_id)


async def card_action(interaction: discord.Interaction[Any], card: CardRef,
                      command: Any) -> None:
    """Run a card's command, edit the card to the task's state, and tell the clicker the
    outcome privately (what was done, or why not)."""
    bridge = bridge_of(interaction)
    if interaction.guild_id is not None and str(interaction.guild_id) != card.guild_id:
        await bridge.refuse(interaction, "That card belongs to another server.")
        return
    ctx = context(interaction, card.guild_id)
    job = asyncio.ensure_future(bridge.call(ctx, command))
    result = await bridge.wait(interaction, job, update=True)

    async def answer() -> bool:
        task = await _current_task(bridge, ctx, result, card.number)
        if task is not None:
            await bridge.update_message(interaction, embeds=task_embeds(task),
                                        view=card_view(task, card.guild_id))
        note = _note(result)
        return await bridge.tell(interaction, note) if note else True

    await bridge.answer_or_announce(interaction, ctx, result, answer)


async def _current_task(bridge: Bridge, ctx: c.Context, result: Result,
                        number: int) -> TaskView | None:
    if isinstance(result, TaskChanged):
        return result.task
    shown = await bridge.call(ctx, c.ShowTask(number=number))
    return shown.task if isinstance(shown, TaskDetails) else None


def _note(result: Result) -> list[Reply]:
    if isinstance(result, ErrorReply):
        return render(result)
    if isinstance(result, TaskChanged):
        return text_replies(result.message)
    return []
