"""`/standup` on Discord: a top-level group (here, join, leave, skip, show, off, answer),
so check-ins take none of `/task`'s slots. Options build the same core commands as the
text grammar (core.grammar.standup reads clock times, zones, days and questions).
Setting a check-in up or switching it off is answered in the channel; the rest privately."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord.bridge import Bridge
from core.dates import parse_tz
from core.errors import UserError
from core.grammar.schedule import days_of
from core.grammar.spec import Args
from core.grammar.standup import parse_skip, read_clock, read_questions
from core.grammar.usage import describe
from core.standup import commands as st
from core.standup.model import ANSWER_MAX

Interaction = discord.Interaction[Any]
Answer = app_commands.Range[str, 1, ANSWER_MAX]


def here_command(at: str, zone: str | None, days: str | None, report: str | None,
         questions: str | None) -> st.SetStandup:
    return st.SetStandup(at=read_clock(at, "the questions"),
                         tz=parse_tz(zone) if zone else None,
                         days=days_of(days) if days else None,
                         report_at=read_clock(report, "the report") if report else None,
                         questions=read_questions(questions) if questions else None)


def answer_command(*answers: str | None) -> st.StandupAnswer:
    given = [a for a in answers]
    while given and given[-1] is None:
        given.pop()
    if not given:
        raise UserError("Give at least one answer.")
    return st.StandupAnswer(answers=tuple(a or "" for a in given))


@app_commands.guild_only()
class StandupCommands(app_commands.Group, name="standup",
                      description="Async standup check-ins in this channel"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="here", description=describe("standup here"))
    @app_commands.describe(at="Questions at this time, in each person's own zone: 09:30",
                           zone="The channel's time zone, for the report",
                           days="weekdays, daily or mon,wed,fri (default: weekdays)",
                           report="Report time, like 10:30 (default: an hour later)",
                           questions="Up to 5, separated by |: Done?|Next?|Blocked?")
    @app_commands.autocomplete(zone=ac.time_zones)
    async def here(self, i: Interaction, at: app_commands.Range[str, 1, 10],
                   zone: app_commands.Range[str, 1, 64] | None = None,
                   days: app_commands.Range[str, 1, 60] | None = None,
                   report: app_commands.Range[str, 1, 10] | None = None,
                   questions: app_commands.Range[str, 1, 800] | None = None) -> None:
        await self.bridge.handle(i, lambda: here_command(at, zone, days, report, questions),
                                 public=True)

    @app_commands.command(name="join", description=describe("standup join"))
    async def join(self, i: Interaction) -> None:
        await self.bridge.handle(i, st.StandupJoin)

    @app_commands.command(name="leave", description=describe("standup leave"))
    async def leave(self, i: Interaction) -> None:
        await self.bridge.handle(i, st.StandupLeave)

    @app_commands.command(name="skip", description=describe("standup skip"))
    @app_commands.describe(until="Skip through this day: fri, 2026-12-01 (default: today); "
                                 "off to stop skipping")
    async def skip(self, i: Interaction,
                   until: app_commands.Range[str, 1, 100] | None = None) -> None:
        await self.bridge.handle(i, lambda: parse_skip(Args.of(f"until {until}"))
                                 if until else st.StandupSkip())

    @app_commands.command(name="show", description=describe("standup show"))
    async def show(self, i: Interaction) -> None:
        await self.bridge.handle(i, st.StandupShow)

    @app_commands.command(name="off", description=describe("standup off"))
    async def off(self, i: Interaction) -> None:
        await self.bridge.handle(i, st.StandupOff, public=True)

    @app_commands.command(name="answer",
                          description=describe("standup answer", "(one option per question)"))
    @app_commands.describe(first="Answer to the first question", second="To the second",
                           third="To the third", fourth="To the fourth", fifth="To the fifth")
    async def answer(self, i: Interaction, first: Answer, second: Answer | None = None,
                     third: Answer | None = None, fourth: Answer | None = None,
                     fifth: Answer | None = None) -> None:
        await self.bridge.handle(i, lambda: answer_command(first, second, third, fourth, fifth))
