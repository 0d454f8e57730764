"""`/project export` on Discord (added to the `/project` group by `add_to`, in its own
module like the report commands): the project by name with autocomplete, the format as a
choice. The answer is ephemeral, with the CSV or JSON attached to it
(adapters/discord/render_reports.py)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord.bridge import Bridge
from core.commands_transfer import ExportFormat, ExportProject
from core.grammar.usage import describe

Interaction = discord.Interaction[Any]
Choice = app_commands.Choice
FORMATS = [Choice(name="JSON (tasks with their history)", value="json"),
           Choice(name="CSV (one row per task)", value="csv")]


class _Export(app_commands.Group, name="exports", description="moved into /project"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="export", description=describe("project export"))
    @app_commands.describe(name="The project", format="File format (default: JSON)")
    @app_commands.choices(format=FORMATS)
    @app_commands.autocomplete(name=ac.projects)
    async def export(self, i: Interaction, name: app_commands.Range[str, 1, 100],
                     format: Choice[str] | None = None) -> None:
        chosen: ExportFormat = "csv" if format is not None and format.value == "csv" else "json"
        await self.bridge.handle(i, lambda: ExportProject(name=name, format=chosen))


def add_to(project: app_commands.Group, bridge: Bridge) -> None:
    """Move `export` into `/project`."""
    holder = _Export(bridge)
    for command in list(holder.commands):
        holder.remove_command(command.name)
        project.add_command(command)
