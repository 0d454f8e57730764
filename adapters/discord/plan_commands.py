"""The project layer's typed commands on Discord (issue 15): `/project milestone`, `due`,
`baseline`, `forecast`, `whatif`, `decide`, `decisions`, and `log` (in `/task` when it has
a free slot, else in `/project`: `/task` holds at most 25 subcommands). Options map onto
the same core commands the text grammar builds, checked by
the grammar's own helpers (`core.grammar.plan`), so a bad duration reads the same on every
surface. Milestone and estimate options of `/task add|edit` are in `commands.py`.

Written as methods of holder groups and moved into `/project` and `/task` by `add_to`, as
`schedule_commands` does (discord.py collects a class group's children from its own body)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord.bridge import Bridge
from adapters.discord.mapping import blank, task_numbers
from core import commands_plan as cp
from core.errors import UserError
from core.grammar import plan as grammar
from core.grammar.usage import describe

Interaction = discord.Interaction[Any]
Choice = app_commands.Choice
Number = app_commands.Range[int, 1, 999_999_999]
ProjectName = app_commands.Range[str, 1, 80]
Name = app_commands.Range[str, 1, cp.NAME_MAX]

MILESTONE_ACTIONS = [Choice(name="create or re-date (needs due:)", value="set"),
                     Choice(name="mark it reached", value="done"),
                     Choice(name="drop it", value="drop"),
                     Choice(name="rename it (needs new_name:)", value="rename")]


def milestone(project: str, name: str, action: str = "set", due: str | None = None,
              new_name: str | None = None) -> cp.SetMilestone:
    name = grammar.milestone_value(name)
    if action == "rename":
        if not blank(new_name):
            raise UserError("Give the new name: new_name:GA.")
        return cp.SetMilestone(project=project, name=name, action="rename",
                               new_name=grammar.milestone_value(new_name or ""))
    if action in ("done", "drop"):
        return cp.SetMilestone(project=project, name=name,
                               action="done" if action == "done" else "drop")
    if action != "set":  # a forged payload: Discord offers only the choices
        raise UserError(f"“{action[:20]}” is not something a milestone can do.")
    if not blank(due):
        raise UserError("When is it due? Give due: (a date, or none).")
    return cp.SetMilestone(project=project, name=name,
                           due="none" if (due or "").strip().lower() in grammar.CLEAR
                           else (due or "").strip())


def what_if(project: str, number: int, longer: str | None, due: str | None) -> cp.WhatIf:
    if bool(blank(longer)) == bool(blank(due)):
        raise UserError("Say what changes, one thing: longer: (2d) or due: (a date).")
    if blank(longer):
        return cp.WhatIf(project=project, number=number,
                         slip=grammar.duration_text((longer or "").lstrip("+")))
    return cp.WhatIf(project=project, number=number, due=(due or "").strip())


def log_time(number: int, spent: str, note: str | None) -> cp.LogTime:
    return cp.LogTime(number=number, duration=grammar.duration_text(spent), note=blank(note))


class _Plan(app_commands.Group, name="plan", description="moved into /project"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="milestone", description=describe("project milestone"))
    @app_commands.describe(name="The milestone", due="When: fri, 2026-12-11; none clears it",
                           action="What to do (default: create or re-date)",
                           new_name="The new name (with action rename)")
    @app_commands.choices(action=MILESTONE_ACTIONS)
    @app_commands.autocomplete(project=ac.projects)
    async def milestone(self, i: Interaction, project: ProjectName, name: Name,
                        due: app_commands.Range[str, 1, 100] | None = None,
                        action: Choice[str] | None = None,
                        new_name: Name | None = None) -> None:
        await self.bridge.handle(i, lambda: milestone(
            project, name, action.value if action else "set", due, new_name))

    @app_commands.command(name="due", description=describe("project due"))
    @app_commands.describe(when="The target date: 2026-12-15, fri; empty clears it")
    @app_commands.autocomplete(project=ac.projects)
    async def due(self, i: Interaction, project: ProjectName,
                  when: app_commands.Range[str, 1, 100] | None = None) -> None:
        await self.bridge.handle(i, lambda: cp.SetProjectDue(
            project=project, due=None if not blank(when) or (when or "").strip().lower()
            in grammar.CLEAR else (when or "").strip()))

    @app_commands.command(name="baseline", description=describe("project baseline"))
    @app_commands.autocomplete(project=ac.projects)
    async def baseline(self, i: Interaction, project: ProjectName) -> None:
        await self.bridge.handle(i, lambda: cp.TakeBaseline(project=project))

    @app_commands.command(name="forecast", description=describe("project forecast"))
    @app_commands.describe(public="Post it to the channel instead of only to you")
    @app_commands.autocomplete(project=ac.projects)
    async def forecast(self, i: Interaction, project: ProjectName, public: bool = False) -> None:
        await self.bridge.handle(i, lambda: cp.ShowForecast(project=project), public=public)

    @app_commands.command(name="whatif", description=describe("project whatif"))
    @app_commands.describe(number="The task", longer="It takes this much longer: 2d, 4h",
                           due="Or it is due then: fri, 2026-12-11")
    @app_commands.autocomplete(project=ac.projects)
    @app_commands.autocomplete(number=ac.task_numbers)
    async def whatif(self, i: Interaction, project: ProjectName, number: Number,
                     longer: app_commands.Range[str, 1, 40] | None = None,
                     due: app_commands.Range[str, 1, 100] | None = None) -> None:
        await self.bridge.handle(i, lambda: what_if(project, number, longer, due))

    @app_commands.command(name="decide", description=describe("project decide"))
    @app_commands.describe(text="What was decided, and why", tasks="Tasks it touches: #12, #14")
    @app_commands.autocomplete(project=ac.projects)
    async def decide(self, i: Interaction, project: ProjectName,
                     text: app_commands.Range[str, 1, cp.TEXT_MAX],
                     tasks: app_commands.Range[str, 1, 200] | None = None) -> None:
        await self.bridge.handle(i, lambda: cp.Decide(project=project, text=text,
                                                      tasks=task_numbers(tasks)))

    @app_commands.command(name="decisions", description=describe("project decisions"))
    @app_commands.autocomplete(project=ac.projects)
    async def decisions(self, i: Interaction, project: ProjectName,
                        page: app_commands.Range[int, 1, 10_000] = 1) -> None:
        await self.bridge.handle(i, lambda: cp.ListDecisions(project=project, page=page))


class _TaskLog(app_commands.Group, name="tasklog", description="moved into /task"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="log", description=describe("task log"))
    @app_commands.describe(spent="Time spent: 30m, 1.5h, 1d", note="What you did (optional)")
    @app_commands.autocomplete(number=ac.task_numbers)
    async def log(self, i: Interaction, number: Number,
                  spent: app_commands.Range[str, 1, 40],
                  note: app_commands.Range[str, 1, 200] | None = None) -> None:
        await self.bridge.handle(i, lambda: log_time(number, spent, note))


def _move(holder: app_commands.Group, into: app_commands.Group) -> None:
    for command in list(holder.commands):
        holder.remove_command(command.name)
        into.add_command(command)


SUBCOMMANDS_MAX = 25


def add_to(project: app_commands.Group, task: app_commands.Group, bridge: Bridge) -> None:
    """Move the project layer's subcommands into `/project`, and `log` into `/task` when
    `/task` has a free slot (Discord allows 25), else into `/project` (`/project log`)."""
    _move(_Plan(bridge), project)
    _move(_TaskLog(bridge), task if len(task.commands) < SUBCOMMANDS_MAX else project)
