"""`/bulk done|drop|assign|due|edit|handover`: bulk changes on Discord (the `/task` group is
full), and the preview's Confirm button.

The `tasks` option takes task numbers (`#3,#5`) or filter text (`project:launch +overdue`);
the command is built directly (no slash text). A filter or a handover answers with a
preview; its Confirm button holds the command for exactly the task numbers shown, so a
later change in what matches never widens the action. The button lives as long as the
interaction token (15 minutes, in this process); after that, `confirm:` with the code the
preview shows does the same from any replica."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord.bridge import Bridge, bridge_of, context
from adapters.discord.limits import CONTENT_MAX, pack_lines
from adapters.discord.mapping import Person
from adapters.discord.render import Reply, esc, ref_line, render
from core import commands as c
from core.commands_bulk import BulkChange, BulkVerb, Handover
from core.errors import UserError
from core.grammar import parse
from core.grammar.tokens import is_ref_list, task_numbers
from core.results_bulk import BulkDone, BulkPreview

Interaction = discord.Interaction[Any]
Tasks = app_commands.Range[str, 1, 200]
When = app_commands.Range[str, 1, 100]
Code = app_commands.Range[str, 1, 20]
PriorityChoice = Literal["low", "normal", "high", "urgent"]
CONFIRM_TTL = 14 * 60.0
"""How long a Confirm button answers: inside the 15 minutes its interaction lives."""
TASKS_HELP = "#3,#5,#8 or a filter such as project:launch +overdue"


@dataclass
class ConfirmReply(Reply):
    """A preview's message, with the `/task` text its Confirm button runs."""

    confirm_text: str = ""
    label: str = "Confirm"


@render.register
def _(result: BulkPreview) -> list[Reply]:
    lines = [esc(result.headline), *(ref_line(t) for t in result.shown)]
    if result.more:
        lines.append(f"… and {result.more} more")
    lines.append(f"Or type `{result.text_confirm.replace('`', '')}`")
    chunks = pack_lines(lines, CONTENT_MAX)
    first = ConfirmReply(content=chunks[0], confirm_text=result.button_text,
                         label=result.button_label[:80])
    return [first, *(Reply(content=chunk) for chunk in chunks[1:])]


@render.register
def _(result: BulkDone) -> list[Reply]:
    return [Reply(content=chunk, ephemeral=result.ephemeral)
            for chunk in pack_lines([esc(result.message)], CONTENT_MAX)]


class ConfirmView(discord.ui.View):
    """One Confirm button that runs `text` (exact task numbers) and shows the summary in
    place of the preview."""

    def __init__(self, text: str, label: str, guild_id: str) -> None:
        super().__init__(timeout=CONFIRM_TTL)
        self.text = text
        self.guild_id = guild_id
        button: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label=label, style=discord.ButtonStyle.danger)
        button.callback = self.confirm  # type: ignore[method-assign]
        self.add_item(button)

    async def confirm(self, interaction: Interaction) -> None:
        bridge = bridge_of(interaction)
        try:
            ctx = context(interaction, self.guild_id)
            command = parse("task", self.text)
        except UserError as err:
            await bridge.refuse(interaction, err.reason)
            return
        job = asyncio.ensure_future(bridge.call(ctx, command))
        result = await bridge.wait(interaction, job, update=True)
        replies = render(result)
        self.stop()

        async def answer() -> bool:
            await bridge.update_message(interaction, content=replies[0].content,
                                        embeds=replies[0].embeds, view=None)
            return True

        await bridge.answer_or_announce(interaction, ctx, result, answer)


def _selection(tasks: str) -> dict[str, Any]:
    text = tasks.strip()
    if is_ref_list(text):
        return {"numbers": task_numbers(text)}
    if text.startswith("#"):
        raise UserError(f"Give task numbers like #3,#5 or a filter: {TASKS_HELP}.")
    return {"filter": text}


def _bulk(verb: BulkVerb, tasks: str, confirm: str | None, **change: Any) -> BulkChange:
    return BulkChange(verb=verb, confirm=confirm.strip().lower() if confirm else None,
                      **_selection(tasks), **change)


def _ref(user: discord.User | discord.Member) -> c.UserRef:
    if not isinstance(user, discord.User | discord.Member):
        raise UserError("I couldn't find that person; pick them again from the list.")
    return Person(user.id, user.display_name).ref()


@app_commands.guild_only()
class BulkCommands(app_commands.Group, name="bulk",
                   description="Change many tasks at once (numbers or a filter)"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="done", description="Complete many tasks")
    @app_commands.describe(tasks=TASKS_HELP, confirm="The code a preview showed")
    async def done(self, i: Interaction, tasks: Tasks, confirm: Code | None = None) -> None:
        await self.bridge.handle(i, lambda: _bulk("done", tasks, confirm))

    @app_commands.command(name="drop", description="Drop many tasks")
    @app_commands.describe(tasks=TASKS_HELP, confirm="The code a preview showed")
    async def drop(self, i: Interaction, tasks: Tasks, confirm: Code | None = None) -> None:
        await self.bridge.handle(i, lambda: _bulk("drop", tasks, confirm))

    @app_commands.command(name="assign", description="Give many tasks to someone")
    @app_commands.describe(tasks=TASKS_HELP, to="Who takes them (empty: unassign)",
                           confirm="The code a preview showed")
    async def assign(self, i: Interaction, tasks: Tasks, to: discord.User | None = None,
                     confirm: Code | None = None) -> None:
        await self.bridge.handle(i, lambda: _bulk("assign", tasks, confirm,
                                                  assignee=_ref(to) if to else None))

    @app_commands.command(name="due", description="Set or clear the due date of many tasks")
    @app_commands.describe(tasks=TASKS_HELP, when="fri, next monday 5pm, 2026-12-01, none",
                           confirm="The code a preview showed")
    async def due(self, i: Interaction, tasks: Tasks, when: When,
                  confirm: Code | None = None) -> None:
        await self.bridge.handle(i, lambda: _bulk("due", tasks, confirm, due=when))

    @app_commands.command(name="edit", description="Change the priority or project of many")
    @app_commands.describe(tasks=TASKS_HELP, priority="New priority", project="New project",
                           confirm="The code a preview showed")
    async def edit(self, i: Interaction, tasks: Tasks, priority: PriorityChoice | None = None,
                   project: app_commands.Range[str, 1, 100] | None = None,
                   confirm: Code | None = None) -> None:
        await self.bridge.handle(i, lambda: _bulk("edit", tasks, confirm, priority=priority,
                                                  project=project))

    @app_commands.command(name="handover", description="Give every open task of one person "
                                                       "to another")
    @app_commands.describe(person="Whose open tasks", to="Who takes them over",
                           project="Only this project's", confirm="The code a preview showed")
    async def handover(self, i: Interaction, person: discord.User, to: discord.User,
                       project: app_commands.Range[str, 1, 100] | None = None,
                       confirm: Code | None = None) -> None:
        await self.bridge.handle(i, lambda: Handover(
            source=_ref(person), target=_ref(to), project=project,
            confirm=confirm.strip().lower() if confirm else None))


def add_to(tree: app_commands.CommandTree[Any], bridge: Bridge) -> None:
    """Add `/bulk` to the tree, and the Confirm button to previews (around the bridge's
    own views)."""
    tree.add_command(BulkCommands(bridge))
    if bridge is None:  # a tree built only to be inspected
        return
    cards = bridge.view_factory

    def views(reply: Reply, guild_id: str) -> discord.ui.View | None:
        if isinstance(reply, ConfirmReply) and reply.confirm_text:
            return ConfirmView(reply.confirm_text, reply.label, guild_id)
        return cards(reply, guild_id) if cards else None

    bridge.view_factory = views
