"""Check-ins on Discord: the questions DM's persistent "Answer" button and the form it
opens (one text field per question, at most five as Discord allows, pre-filled from the
person's task activity), and the reply reference that adds a late answer to the report.

The button's custom_id carries the guild and the check-in's channel
(`taskbot:standup:<guild>:<channel>`): a DM sent before a restart still answers. A click
asks the core for the form (`StandupForm`, a bounded wait: a modal must be the first
answer), then shows it; the submit runs `StandupAnswer` as the clicking user."""

from __future__ import annotations

import asyncio
import os
import re
from typing import Any

import discord

from adapters.discord.bridge import FORM_PREFIX, bridge_of, context
from adapters.discord.dm_gate import gate_dm
from adapters.discord.limits import clip
from adapters.discord.modals import SHOW_TIMEOUT, field_value
from adapters.discord.render import render, text_replies
from core.notifications import Kind, Notification
from core.standup.commands import StandupAnswer, StandupForm
from core.standup.model import ANSWER_MAX, MAX_QUESTIONS
from core.standup.results import StandupFormView

ANSWER_TEMPLATE = r"taskbot:standup:(?P<guild>\d{1,20}):(?P<channel>\d{1,20})"
LABEL_MAX = 45  # a text input's label
TITLE = "Check-in"


def answer_id(guild_id: str, channel_id: str) -> str:
    return f"taskbot:standup:{guild_id}:{channel_id}"


class StandupModal(discord.ui.Modal):
    def __init__(self, guild_id: str, channel_id: str, questions: tuple[str, ...],
                 prefill: tuple[str, ...]) -> None:
        super().__init__(title=TITLE, timeout=900, custom_id=FORM_PREFIX + os.urandom(8).hex())
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.fields: list[discord.ui.TextInput[Any]] = []
        for i, q in enumerate(questions[:MAX_QUESTIONS]):
            start = prefill[i] if i < len(prefill) else ""
            field: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=clip(q, LABEL_MAX), style=discord.TextStyle.paragraph, required=False,
                max_length=ANSWER_MAX, default=clip(start, ANSWER_MAX) or None)
            self.fields.append(field)
            self.add_item(field)

    def command(self) -> StandupAnswer:
        answers = tuple(field_value(f, f"Answer {i}") for i, f in enumerate(self.fields, 1))
        return StandupAnswer(answers=answers, channel_id=self.channel_id)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await gate_dm(interaction, self.guild_id)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        bridge = bridge_of(interaction)
        if not bridge.take_form(self.custom_id, interaction.id):
            await bridge.refuse(interaction, "That form was already sent.")
            return
        await bridge.handle(interaction, self.command, guild_id=self.guild_id)

    async def on_error(self, interaction: discord.Interaction[Any],  # type: ignore[override]
                       error: Exception) -> None:
        await bridge_of(interaction).send(interaction, text_replies(
            "⚠️ Something went wrong on my side; nothing was changed."))


class StandupAnswerButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                          template=ANSWER_TEMPLATE):
    def __init__(self, guild_id: str, channel_id: str) -> None:
        super().__init__(discord.ui.Button(label="Answer", emoji="📝",
                                           style=discord.ButtonStyle.primary,
                                           custom_id=answer_id(guild_id, channel_id)))
        self.guild_id = guild_id
        self.channel_id = channel_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> StandupAnswerButton:
        return cls(match["guild"], match["channel"])

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await gate_dm(interaction, self.guild_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bridge = bridge_of(interaction)
        ctx = context(interaction, self.guild_id)
        try:
            shown = await asyncio.wait_for(
                bridge.call(ctx, StandupForm(channel_id=self.channel_id)),
                bridge.time_left(interaction, SHOW_TIMEOUT))
        except TimeoutError:
            await bridge.refuse(interaction, "That took too long; try again, or use "
                                             "`/standup answer`.")
            return
        if not isinstance(shown, StandupFormView):
            await bridge.send(interaction, render(shown))
            return
        await bridge.open_form(interaction, StandupModal(self.guild_id, self.channel_id,
                                                         shown.questions, shown.prefill))


def standup_view(note: Notification) -> discord.ui.View | None:
    """The Answer button of a questions DM; None for anything else."""
    channel = str(note.extra.get("channel_id") or "")
    if (note.kind is not Kind.STANDUP or note.extra.get("standup") != "ask"
            or not note.workspace_id.isdigit() or not channel.isdigit()):
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(StandupAnswerButton(note.workspace_id, channel))
    return view


def thread_reference(note: Notification) -> discord.MessageReference | None:
    """A late answer replies to the report (`extra["thread_ref"]`: `channel/message`)."""
    channel, sep, message = str(note.extra.get("thread_ref") or "").partition("/")
    if not (sep and channel.isdigit() and message.isdigit()):
        return None
    return discord.MessageReference(message_id=int(message), channel_id=int(channel),
                                    fail_if_not_exists=False)
