"""The scheduler's and membership's `/task` subcommands: remind, digest, away, reminders,
escalate, admin deliveries, role, dms. Typed options (choices for fixed words, a user picker,
autocomplete for task numbers, projects and zones) built into core commands by
`schedule_mapping`. Answers are private, except a digest set up or turned off, which the
channel sees.

They are written as methods of a holder group (so they read like `commands.TaskCommands`)
and moved into `/task` by `add_to`: discord.py collects a class group's children from its
own class body only, and `/task` keeps within Discord's 25 subcommands (17 + 8 = 25:
a new one must go into a nested group such as `admin`)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord import schedule_mapping as sm
from adapters.discord.bridge import Bridge
from adapters.discord.mapping import Person
from core import commands as c
from core.errors import UserError
from core.grammar.usage import describe

Interaction = discord.Interaction[Any]
Choice = app_commands.Choice
Number = app_commands.Range[int, 1, 999_999_999]

DIGEST_ACTIONS = [Choice(name="set up here (needs at:)", value="here"),
                  Choice(name="show a preview now", value="show"),
                  Choice(name="turn off in this channel", value="off")]
DUE_SOON = [Choice(name="off", value="off"),
            Choice(name="the working day before", value="day")]


class _Scheduling(app_commands.Group, name="scheduling", description="moved into /task"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="remind", description=describe("task remind"))
    @app_commands.describe(when="tomorrow 10am, in 2 hours, fri, 2026-12-01 14:30",
                           task="The task to remind you of", text="Or what to remind you of")
    @app_commands.autocomplete(task=ac.task_numbers)
    async def remind(self, i: Interaction, when: app_commands.Range[str, 1, 100],
                     task: Number | None = None,
                     text: app_commands.Range[str, 1, sm.REMINDER_TEXT_MAX] | None = None
                     ) -> None:
        await self.bridge.handle(i, lambda: sm.remind(when=when, task=task, text=text))

    @app_commands.command(name="digest", description=describe("task digest"))
    @app_commands.describe(action="Set it up, preview it, or turn it off",
                           at="Time of day, like 09:00", zone="Time zone (default: the server's)",
                           frequency="Which days (default: weekdays)",
                           days="Or particular days: mon,wed,fri")
    @app_commands.choices(action=DIGEST_ACTIONS)
    @app_commands.autocomplete(zone=ac.time_zones)
    async def digest(self, i: Interaction, action: Choice[str],
                     at: app_commands.Range[str, 1, 10] | None = None,
                     zone: app_commands.Range[str, 1, 64] | None = None,
                     frequency: sm.Frequency | None = None,
                     days: app_commands.Range[str, 1, 60] | None = None) -> None:
        chosen: sm.DigestAction = ("here" if action.value == "here"
                                   else "off" if action.value == "off" else "show")
        await self.bridge.handle(i, lambda: sm.digest(
            action=chosen, at=at, zone=zone, frequency=frequency, days=days),
            public=chosen != "show")

    @app_commands.command(name="away", description=describe("task away"))
    @app_commands.describe(until="When you are back: mon, 2026-12-01; empty: you're back now")
    async def away(self, i: Interaction,
                   until: app_commands.Range[str, 1, 100] | None = None) -> None:
        await self.bridge.handle(i, lambda: sm.away(until))

    @app_commands.command(name="reminders", description=describe("task reminders"))
    @app_commands.describe(due_soon="The due-soon DM: off, or the working day before",
                           hours_before="Or the due-soon DM this many hours before",
                           hours="Your working hours, like 09:00-18:00",
                           days="Your working days, like mon-fri or mon,tue,thu")
    @app_commands.choices(due_soon=DUE_SOON)
    @app_commands.describe(show_list="List your reminders with their ids instead")
    @app_commands.rename(show_list="list")
    async def reminders(self, i: Interaction, due_soon: Choice[str] | None = None,
                        hours_before: app_commands.Range[int, 1, 336] | None = None,
                        hours: app_commands.Range[str, 1, 20] | None = None,
                        days: app_commands.Range[str, 1, 60] | None = None,
                        show_list: bool = False) -> None:
        soon: sm.DueSoon | None = (None if due_soon is None
                                   else "off" if due_soon.value == "off" else "day")
        await self.bridge.handle(i, lambda: sm.reminders(
            due_soon=soon, hours_before=hours_before, hours=hours, days=days,
            show_list=show_list))

    @app_commands.command(name="escalate", description=describe("task escalate"))
    @app_commands.describe(project="The project", after="After this many working days overdue")
    @app_commands.autocomplete(project=ac.projects)
    async def escalate(self, i: Interaction, project: app_commands.Range[str, 1, 80],
                       after: app_commands.Range[int, 1, 60]) -> None:
        await self.bridge.handle(i, lambda: sm.escalate(project, after))

    @app_commands.command(name="role", description=describe("task role"))
    @app_commands.describe(user="Who", role="Managers and admins may edit any task")
    async def role(self, i: Interaction, user: discord.User, role: sm.RoleName) -> None:
        await self.bridge.handle(i, lambda: sm.role(_picked(user), role))

    @app_commands.command(name="dms", description=describe("task dms"))
    async def dms(self, i: Interaction) -> None:
        await self.bridge.handle(i, lambda: c.DmsOn())

    admin = app_commands.Group(name="admin", description="For admins")

    @admin.command(name="deliveries",
                   description="What the bot delivered, what waits, what failed")
    @app_commands.describe(state="Only deliveries in this state")
    async def deliveries(self, i: Interaction, state: sm.DeliveryState | None = None) -> None:
        await self.bridge.handle(i, lambda: sm.deliveries(state))


@app_commands.guild_only()
class RepeatCommands(app_commands.Group, name="repeat",
                     description="Recurring tasks: set, change or stop a task's repeat rule"):
    """`/task every #N <rule>|off` of the text grammar. `/task` has no free slot (25 of 25),
    so it is a top-level group of its own."""

    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="set", description="Make a task repeat, or change how")
    @app_commands.describe(task="The task", rule="daily, weekdays, weekly, monthly, "
                                                 "every 2 weeks, mon,thu, 0 9 * * 1-5")
    @app_commands.autocomplete(task=ac.task_numbers)
    async def set_(self, i: Interaction, task: Number,
                   rule: app_commands.Range[str, 1, 100]) -> None:
        await self.bridge.handle(i, lambda: sm.every(task, rule))

    @app_commands.command(name="off", description="Stop a task repeating (the series ends)")
    @app_commands.describe(task="The task (any occurrence of the series)")
    @app_commands.autocomplete(task=ac.task_numbers)
    async def off(self, i: Interaction, task: Number) -> None:
        await self.bridge.handle(i, lambda: sm.every(task, None))


def add_to(task: app_commands.Group, bridge: Bridge) -> None:
    """Move the subcommands into `task` (bound to their holder, which keeps the bridge)."""
    holder = _Scheduling(bridge)
    for command in list(holder.commands):
        holder.remove_command(command.name)
        task.add_command(command)


def _picked(user: discord.User | discord.Member) -> Person:
    """A user option Discord resolved (a bare id from a forged payload is refused)."""
    if not isinstance(user, discord.User | discord.Member):
        raise UserError("I couldn't find that person; pick them again from the list.")
    return Person(user.id, user.display_name)
