"""Autocomplete for task numbers (open tasks with their titles), project names and time zones.
Discord wants the answer within 3 s and at most 25 choices of at most 100 characters; a slow
core answers with no choices rather than an expired interaction."""

from __future__ import annotations

import asyncio
import functools
import zoneinfo
from typing import Any

import discord
from discord import app_commands

from adapters.discord.bridge import bridge_of, context
from adapters.discord.limits import CHOICE_NAME_MAX, CHOICES_MAX, clip
from core import commands as c
from core.commands import FindOpenTasks
from core.errors import UserError
from core.results import ProjectList, TaskList

BUDGET = 2.0  # from the interaction's arrival, before answers.LAST_CALL


async def _ask(interaction: discord.Interaction[Any], command: Any) -> Any:
    try:
        bridge = bridge_of(interaction)
        return await asyncio.wait_for(bridge.call(context(interaction), command),
                                      bridge.time_left(interaction, BUDGET))
    except (TimeoutError, UserError):
        return None


async def task_numbers(interaction: discord.Interaction[Any], current: str
                       ) -> list[app_commands.Choice[int]]:
    # The focused value is what the user has typed so far: text, even in an integer option.
    result = await _ask(interaction, FindOpenTasks(query=str(current or "")[:100],
                                                   limit=CHOICES_MAX))
    if not isinstance(result, TaskList):
        return []
    return [app_commands.Choice(name=clip(f"#{t.number} {t.title}", CHOICE_NAME_MAX),
                                value=t.number) for t in result.tasks[:CHOICES_MAX]]


def match_projects(result: ProjectList, current: str, archived: bool = False) -> list[str]:
    """Open projects (or, with `archived`, the archived ones) whose name matches."""
    needle = current.strip().casefold()
    names = [p.name for p in result.projects if p.archived == archived]
    starts = [n for n in names if n.casefold().startswith(needle)]
    contains = [n for n in names if needle in n.casefold() and n not in starts]
    return (starts + contains)[:CHOICES_MAX]


async def projects(interaction: discord.Interaction[Any], current: str
                   ) -> list[app_commands.Choice[str]]:
    result = await _ask(interaction, c.ListProjects())
    if not isinstance(result, ProjectList):
        return []
    return [app_commands.Choice(name=clip(n, CHOICE_NAME_MAX), value=n[:100])
            for n in match_projects(result, str(current or ""))]


async def archived_projects(interaction: discord.Interaction[Any], current: str
                            ) -> list[app_commands.Choice[str]]:
    """For `/project unarchive`: the archived projects only."""
    result = await _ask(interaction, c.ListProjects(include_archived=True))
    if not isinstance(result, ProjectList):
        return []
    return [app_commands.Choice(name=clip(n, CHOICE_NAME_MAX), value=n[:100])
            for n in match_projects(result, str(current or ""), archived=True)]


@functools.cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z
                        and not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))))


def match_zones(current: str) -> list[str]:
    needle = current.strip().replace(" ", "_").casefold()
    zones = _zones()
    if not needle:
        return list(zones[:CHOICES_MAX])
    starts = [z for z in zones if z.casefold().startswith(needle)
              or z.split("/")[-1].casefold().startswith(needle)]
    contains = [z for z in zones if needle in z.casefold() and z not in starts]
    return (starts + contains)[:CHOICES_MAX]


async def time_zones(interaction: discord.Interaction[Any], current: str
                     ) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=z, value=z) for z in match_zones(str(current or ""))]
