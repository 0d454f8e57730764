"""Modals that create and edit tasks. Field values go through the same mapping as options;
an invalid field is answered with a private, specific error (Discord cannot re-open a modal
from a modal submit, so the message names the field and what it accepts)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from pydantic import ValidationError

from adapters.discord import mapping
from adapters.discord.bridge import FORM_PREFIX, bridge_of, context
from adapters.discord.dm_gate import gate_dm
from adapters.discord.limits import clip
from adapters.discord.options_guard import clean
from adapters.discord.render import render, text_replies
from core import commands as c
from core.errors import UserError, invalid_input
from core.grammar.values import priority as read_priority
from core.model import DESCRIPTION_MAX, TITLE_MAX
from core.results import TaskDetails, TaskView

CardHook = Callable[[discord.Interaction[Any], Any], Awaitable[None]]
MODAL_TITLE_MAX = 45
ECHO_MAX = 1500  # what a refusal quotes back of a form (one message)
SHOW_TIMEOUT = 2.0  # a modal can't be deferred: answered before answers.LAST_CALL


def _priority(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return read_priority(text).value
    except UserError as err:
        raise UserError(f"Priority: {err.reason}") from None


class TaskModal(discord.ui.Modal):
    """Create (`number` None) or edit task `number`. `source_link`: the message it came
    from (the "Create task from message" context menu)."""

    def __init__(self, *, guild_id: str | None = None, number: int | None = None,
                 task: TaskView | None = None, title_text: str = "",
                 description: str = "", source_link: str | None = None,
                 card_hook: CardHook | None = None) -> None:
        heading = "New task" if number is None else f"Edit #{number}"
        super().__init__(title=clip(heading, MODAL_TITLE_MAX), timeout=900,
                         custom_id=FORM_PREFIX + os.urandom(8).hex())
        self.guild_id = guild_id
        self.number = number
        self.source_link = source_link
        self.card_hook = card_hook
        self.task_title: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Title", max_length=TITLE_MAX, required=number is None,
            default=clip(task.title if task else title_text, TITLE_MAX) or None)
        self.description: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Description", style=discord.TextStyle.paragraph, required=False,
            max_length=DESCRIPTION_MAX,
            default=clip((task.description or "") if task else description,
                         DESCRIPTION_MAX) or None)
        self.priority: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Priority (low, normal, high, urgent)", required=False, max_length=20,
            default=task.priority.value if task else None)
        self.project: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Project", required=False, max_length=80,
            default=(task.project or None) if task else None)
        self.add_item(self.task_title)
        self.add_item(self.description)
        if number is None:
            self.due: discord.ui.TextInput[Any] | None = discord.ui.TextInput(
                label="Due (tomorrow, fri 5pm, 2026-12-01)", required=False, max_length=60)
            self.add_item(self.due)
        else:
            self.due = None
        self.add_item(self.priority)
        self.add_item(self.project)

    def command(self) -> Any:
        title = field_value(self.task_title, "Title")
        description = field_value(self.description, "Description")
        project = field_value(self.project, "Project")
        prio = _priority(field_value(self.priority, "Priority"))
        if self.number is None:
            if not title.strip():
                raise UserError("Title: a task needs a title.")
            return mapping.add_task(
                title=title, description=description,
                due=field_value(self.due, "Due") if self.due else None, priority=prio,
                project=project, source_link=self.source_link)
        return mapping.edit_task(self.number, title=title, priority=prio, project=project,
                                 description=description)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if self.guild_id is None:
            return True
        return await gate_dm(interaction, self.guild_id)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        bridge = bridge_of(interaction)
        if not bridge.take_form(self.custom_id, interaction.id):
            await bridge.refuse(interaction, "That form was already sent; open it again to "
                                             "change something else.")
            return
        if self.card_hook is not None and interaction.message is not None:
            # Opened from a card: the card itself shows the edit.
            try:
                command = self.command()
            except UserError as err:
                await bridge.refuse(interaction, err.reason)
                return
            except ValidationError as err:  # a field the command model refuses: say which
                await bridge.refuse(interaction, invalid_input(err).reason)
                return
            await self.card_hook(interaction, command)
            return
        public = self.number is None and interaction.guild_id is not None
        await bridge.handle(interaction, self.command, public=public, guild_id=self.guild_id)

    async def on_error(self, interaction: discord.Interaction[Any],  # type: ignore[override]
                       error: Exception) -> None:
        await bridge_of(interaction).send(interaction, text_replies(
            "⚠️ Something went wrong on my side; nothing was changed."))


def field_value(field: discord.ui.TextInput[Any], name: str) -> str:
    """A submitted field without control characters, refused (quoted clipped, in one
    reply) when longer than the field allows: Discord enforces `max_length`, a forged or
    replayed submit need not."""
    value = clean(field.value or "")
    most = field.max_length
    if most is not None and len(value) > most:
        raise UserError(f"{name}: “{clip(' '.join(value.split()), 40)}” is too long "
                        f"({len(value):,} characters; at most {most}).")
    return value


async def open_edit_modal(interaction: discord.Interaction[Any], guild_id: str,
                          number: int, card_hook: CardHook | None = None) -> None:
    """Show the edit modal pre-filled with the task. A modal must be the first answer to
    the interaction, so the lookup gets a bounded wait instead of a defer. `card_hook`
    runs the edit when the form was opened from a task card (to update that card)."""
    bridge = bridge_of(interaction)
    ctx = context(interaction, guild_id)
    try:
        shown = await asyncio.wait_for(bridge.call(ctx, c.ShowTask(number=number)),
                                       bridge.time_left(interaction, SHOW_TIMEOUT))
    except TimeoutError:
        await bridge.refuse(interaction, "That took too long; try `/task edit` again.")
        return
    if not isinstance(shown, TaskDetails):
        await bridge.send(interaction, render(shown))
        return
    await bridge.open_form(interaction, TaskModal(guild_id=guild_id, number=number,
                                                  task=shown.task, card_hook=card_hook))


def submitted_text(data: dict[str, Any]) -> list[str]:
    """The values typed into a submitted form (modal submit `data.components`)."""
    values: list[str] = []
    for comp in data.get("components", []):
        inner = comp.get("components") or ([comp["component"]] if "component" in comp else [])
        values += [str(c["value"]) for c in inner if c.get("value")]
    return values


async def answer_stale_form(interaction: discord.Interaction[Any]) -> bool:
    """Answer the submit of a form this process did not open (it restarted meanwhile),
    giving the user back what they typed. False when the form is known (handled normally)."""
    data: dict[str, Any] = dict(interaction.data or {})
    custom_id = str(data.get("custom_id", ""))
    bridge = bridge_of(interaction)
    if not custom_id.startswith(FORM_PREFIX):
        await bridge.refuse(interaction, "That form isn't one of mine, so I did nothing.")
        return True
    if bridge.sent_by_another(custom_id, interaction.id):
        await bridge.refuse(interaction, "That form was already sent; open it again to "
                                         "change something else.")
        return True
    if bridge.knows_form(custom_id):
        return False
    typed = clip(clean("\n".join(submitted_text(data))), ECHO_MAX)
    text = "⚠️ That form was opened before I restarted, so I couldn't use it. Please open it "
    text += "again." + (f" What you typed:\n{typed}" if typed else "")
    await bridge.send(interaction, text_replies(text))
    return True


def message_modal(message: discord.Message) -> TaskModal:
    """The "Create task from message" modal: title from the first line, the whole message as
    the description, and a jump link kept in `AddTask.source_link`."""
    link = mapping.jump_link(message.guild.id if message.guild else None,
                             message.channel.id, message.id)
    return TaskModal(title_text=mapping.title_from_message(message.content),
                     description=message.content, source_link=link)
