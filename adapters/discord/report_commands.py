"""Report commands on Discord: `/project report` and `/project chart` (moved into the
`/project` group by `add_to`, as the scheduler's commands are moved into `/task`) and the
top-level `/stats` (`/task` has no slot left). Typed options: the period as a choice or a
from/to pair of dates, the chart kind as a choice, a weekday choice for the weekly report.
The core reads the period and refuses bad dates with the usual one-line answer."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord import autocomplete as ac
from adapters.discord.bridge import Bridge, bridge_of
from adapters.discord.mapping import Person
from core import commands_reports as r
from core.errors import UserError
from core.grammar.usage import describe
from core.scheduling.model import DAY_NAMES
from core.scheduling.timecalc import parse_clock

Interaction = discord.Interaction[Any]
Choice = app_commands.Choice
ProjectName = app_commands.Range[str, 1, 100]
DateText = app_commands.Range[str, 10, 10]

PERIODS = [Choice(name=f"{which} {kind}", value=f"{'' if which == 'this' else 'last '}{kind}")
           for which in ("this", "last") for kind in ("week", "month", "quarter")]
KINDS = [Choice(name=name, value=value) for name, value in (
    ("burn-up (scope and done)", "burnup"), ("cumulative flow", "flow"),
    ("lead time scatter", "leadtime"), ("workload per person", "load"),
    ("timeline", "timeline"), ("dependency graph", "graph"))]
WEEKDAYS = [Choice(name=n, value=n[:3].lower()) for n in (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")]


def period_text(period: Choice[str] | None, start: str | None, end: str | None) -> str:
    """The core's period words from the options: from/to (both), else the choice."""
    if (start is None) != (end is None):
        raise UserError("Give both from and to (2026-03-01 and 2026-03-31), or a period.")
    if start is not None and end is not None:
        return f"from:{start} to:{end}"
    return period.value if period is not None else ""


def report_command(name: str, period: Choice[str] | None, start: str | None, end: str | None,
                   every: Choice[str] | None, at: str | None, zone: str | None,
                   off: bool) -> Any:
    if off:
        return r.ProjectReportOff(name=name)
    if every is not None or at is not None:
        if every is None or at is None:
            raise UserError("A weekly report needs both every (the day) and at (like 09:00).")
        try:
            clock = parse_clock(at)
        except ValueError:
            raise UserError(f"'{at[:20]}' is not a time of day; write it like 09:00.") from None
        if every.value not in DAY_NAMES:
            raise UserError("Pick the day from the list.")
        return r.ProjectReportEvery(name=name, weekday=DAY_NAMES.index(every.value), at=clock,
                                    tz=zone)
    return r.ProjectReport(name=name, period=period_text(period, start, end) or "week")


class _Reports(app_commands.Group, name="reports", description="moved into /project"):
    def __init__(self, bridge: Bridge) -> None:
        super().__init__()
        self.bridge = bridge

    @app_commands.command(name="report", description=describe("project report"))
    @app_commands.describe(name="The project", period="Which period (default: this week)",
                           from_="Or from this date (2026-03-01)", to="to this date",
                           every="Post the report of the week before, every this day",
                           at="at this time (09:00)", zone="Time zone (default: the server's)",
                           off="Turn the weekly report off", public="Post it to the channel")
    @app_commands.rename(from_="from")
    @app_commands.choices(period=PERIODS, every=WEEKDAYS)
    @app_commands.autocomplete(name=ac.projects, zone=ac.time_zones)
    async def report(self, i: Interaction, name: ProjectName,
                     period: Choice[str] | None = None, from_: DateText | None = None,
                     to: DateText | None = None, every: Choice[str] | None = None,
                     at: app_commands.Range[str, 1, 10] | None = None,
                     zone: app_commands.Range[str, 1, 64] | None = None, off: bool = False,
                     public: bool = False) -> None:
        await self.bridge.handle(i, lambda: report_command(name, period, from_, to, every, at,
                                                           zone, off),
                                 public=public or every is not None or off)

    @app_commands.command(name="chart", description=describe("project chart"))
    @app_commands.describe(name="The project", kind="Which chart", period="Which period",
                           from_="Or from this date (2026-03-01)", to="to this date")
    @app_commands.rename(from_="from")
    @app_commands.choices(kind=KINDS, period=PERIODS)
    @app_commands.autocomplete(name=ac.projects)
    async def chart(self, i: Interaction, name: ProjectName, kind: Choice[str],
                    period: Choice[str] | None = None, from_: DateText | None = None,
                    to: DateText | None = None) -> None:
        def build() -> r.ProjectChart:
            if kind.value not in r.CHART_KINDS:
                raise UserError(f"Unknown chart: use one of {', '.join(r.CHART_KINDS)}.")
            return r.ProjectChart(name=name, kind=kind.value,  # type: ignore[arg-type]
                                  period=period_text(period, from_, to))
        await self.bridge.handle(i, build, public=True)


@app_commands.guild_only()
@app_commands.command(name="stats", description=describe("task stats"))
@app_commands.describe(user="Whose numbers (default: yours)", period="Which period",
                       from_="Or from this date (2026-03-01)", to="to this date")
@app_commands.rename(from_="from")
@app_commands.choices(period=PERIODS)
async def stats(i: Interaction, user: discord.User | None = None,
                period: Choice[str] | None = None, from_: DateText | None = None,
                to: DateText | None = None) -> None:
    def build() -> r.TaskStats:
        who = None
        if user is not None:
            if not isinstance(user, discord.User | discord.Member):
                raise UserError("I couldn't find that person; pick them again from the list.")
            who = Person(user.id, user.display_name).ref()
        return r.TaskStats(person=who, period=period_text(period, from_, to) or "week")
    await bridge_of(i).handle(i, build)


def add_to(project: app_commands.Group, tree: app_commands.CommandTree[Any],
           bridge: Bridge) -> None:
    """Move `report` and `chart` into `/project`; add `/stats` to the tree."""
    holder = _Reports(bridge)
    for command in list(holder.commands):
        holder.remove_command(command.name)
        project.add_command(command)
    tree.add_command(stats)
