"""`/project template save|list|show|delete|apply`: project templates on Discord, as a
subcommand group of `/project` (added by `add_to`, so adapters/discord/commands.py only
calls it). Options are typed; `apply` is the text grammar's `/project new <name>
from:<template> start:<when> ... <role>:@user`, with the roles as one text option
(`dev:@ana qa:@bob`, or user mentions `dev:<@123>`) read by the core's grammar."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord.bridge import Bridge, bridge_of, context
from adapters.discord.limits import CHOICE_NAME_MAX, CHOICES_MAX, clip
from adapters.discord.mapping import Person
from core.errors import UserError
from core.grammar.templates import parse_roles
from core.grammar.values import due, project_name
from core.templates import commands as tc
from core.templates.results import TemplateList

Interaction = discord.Interaction[Any]
Name = app_commands.Range[str, 1, 80]


async def templates(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Template names that match what is typed (none when the core is slow)."""
    try:
        bridge = bridge_of(interaction)
        result = await asyncio.wait_for(bridge.call(context(interaction), tc.ListTemplates()),
                                        bridge.time_left(interaction, ac.BUDGET))
    except (TimeoutError, UserError):
        return []
    if not isinstance(result, TemplateList):
        return []
    needle = str(current or "").strip().casefold()
    names = [t.name for t in result.templates if needle in t.name.casefold()]
    return [app_commands.Choice(name=clip(n, CHOICE_NAME_MAX), value=n[:100])
            for n in names[:CHOICES_MAX]]


def _owner(user: discord.User | discord.Member | None) -> Person | None:
    if user is None:
        return None
    if not isinstance(user, discord.User | discord.Member):
        raise UserError("I couldn't find that person; pick them again from the list.")
    return Person(user.id, user.display_name)


def apply_command(name: str, template: str, start: str, roles: str | None,
                  owner: Person | None, channel_id: int | None) -> tc.ApplyTemplate:
    return tc.ApplyTemplate(name=project_name(name), template=template,
                            start=due(start) or start, owner=owner.ref() if owner else None,
                            roles=parse_roles(roles) if roles else (),
                            channel_id=str(channel_id) if channel_id else None)


class TemplateCommands(app_commands.Group, name="template",
                       description="Project templates: save, list, show, delete, apply"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="save", description="Save a project's tasks as a template")
    @app_commands.describe(name="The template's name", project="The project to copy",
                           roles="Roles for people, else their names: dev:@ana qa:@bob")
    @app_commands.autocomplete(project=ac.projects)
    async def save(self, i: Interaction, name: Name, project: Name,
                   roles: app_commands.Range[str, 1, 1000] | None = None) -> None:
        await self.bridge.handle(i, lambda: tc.SaveTemplate(
            name=name, project=project, roles=parse_roles(roles) if roles else ()))

    @app_commands.command(name="list", description="List the templates")
    async def list_(self, i: Interaction) -> None:
        await self.bridge.handle(i, lambda: tc.ListTemplates())

    @app_commands.command(name="show", description="Show a template's roles and tasks")
    @app_commands.autocomplete(name=templates)
    async def show(self, i: Interaction, name: Name) -> None:
        await self.bridge.handle(i, lambda: tc.ShowTemplate(name=name))

    @app_commands.command(name="delete", description="Delete a template")
    @app_commands.autocomplete(name=templates)
    async def delete(self, i: Interaction, name: Name) -> None:
        await self.bridge.handle(i, lambda: tc.DeleteTemplate(name=name))

    @app_commands.command(name="apply",
                          description="Start a new project from a template (one DM per person)")
    @app_commands.describe(name="The new project's name", template="The template",
                           start="When it starts: mon, 2026-12-01, tomorrow",
                           roles="Who takes each role: dev:@ana qa:@bob",
                           owner="The project's owner (default: you)")
    @app_commands.autocomplete(template=templates)
    async def apply(self, i: Interaction, name: Name, template: Name,
                    start: app_commands.Range[str, 1, 100],
                    roles: app_commands.Range[str, 1, 1000] | None = None,
                    owner: discord.User | None = None) -> None:
        await self.bridge.handle(i, lambda: apply_command(
            name, template, start, roles, _owner(owner), i.channel_id))


def add_to(project: app_commands.Group, bridge: Bridge) -> None:
    """Add `/project template ...` to the `/project` group."""
    project.add_command(TemplateCommands(bridge))
