"""`/notify set mode:<immediate|hourly|daily> [time:HH:MM]` and `/notify show`: the text
grammar's `/task notify ...` as a top-level group (`/task` has no free slot). Answers are
private: they are about the caller's own DMs."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord.bridge import Bridge
from core.attention.commands import SetNotify, ShowNotify
from core.errors import UserError
from core.scheduling.timecalc import parse_clock

Interaction = discord.Interaction[Any]
Choice = app_commands.Choice
ModeName = Literal["immediate", "hourly", "daily"]

MODES = [Choice(name="immediate: each one as it happens", value="immediate"),
         Choice(name="hourly: one summary every hour, in working hours", value="hourly"),
         Choice(name="daily: one summary a day", value="daily")]


def set_command(mode: str, time: str | None) -> SetNotify:
    """The command for `/notify set` (a time goes with daily only, as in the text grammar)."""
    if mode not in ("immediate", "hourly", "daily"):
        raise UserError("Pick immediate, hourly or daily from the list.")
    chosen: ModeName = "daily" if mode == "daily" else (
        "hourly" if mode == "hourly" else "immediate")
    if time is None or not time.strip():
        return SetNotify(mode=chosen)
    if chosen != "daily":
        raise UserError("A time goes with daily only: /notify set mode:daily time:16:00.")
    try:
        at = parse_clock(time)
    except ValueError:
        raise UserError(f"“{time.strip()[:40]}” is not a time of day; write it like "
                        "16:00.") from None
    return SetNotify(mode="daily", at=at)


@app_commands.guild_only()
class NotifyCommands(app_commands.Group, name="notify",
                     description="How your non-urgent DMs arrive: at once, hourly or daily"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="set", description="Get non-urgent DMs at once, or as one "
                                                  "summary an hour or a day")
    @app_commands.describe(mode="immediate, hourly or daily",
                           time="daily only: when, like 16:00 (default: the start of "
                                "your working day)")
    @app_commands.choices(mode=MODES)
    async def set_(self, i: Interaction, mode: Choice[str],
                   time: app_commands.Range[str, 1, 10] | None = None) -> None:
        await self.bridge.handle(i, lambda: set_command(mode.value, time))

    @app_commands.command(name="show", description="What you get at once, what is batched, "
                                                   "and when the next summary comes")
    async def show(self, i: Interaction) -> None:
        await self.bridge.handle(i, ShowNotify)


def add_to(tree: app_commands.CommandTree[Any], bridge: Bridge) -> None:
    tree.add_command(NotifyCommands(bridge))
