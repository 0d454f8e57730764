"""The chart button under a report or a project status: a `DynamicItem` whose custom_id
holds the chart kind, the guild and the project name (`taskbot:chart:<kind>:<guild>:<name>`,
under Discord's 100 characters; a name too long for it gets no button), so it works after
a restart. A click posts the chart into the channel as an attachment."""

from __future__ import annotations

import re
from typing import Any

import discord

from adapters.discord.bridge import ViewFactory, bridge_of
from adapters.discord.dm_gate import gate_dm
from adapters.discord.render import Reply
from core.commands_reports import CHART_KINDS, ChartKind, ProjectChart
from core.results_reports import ChartOffer

CUSTOM_ID_MAX = 100
CHART_TEMPLATE = (r"taskbot:chart:(?P<kind>" + "|".join(CHART_KINDS)
                  + r"):(?P<guild>\d{1,20}):(?P<project>.{1,80})")


def chart_id(kind: str, guild_id: str, project: str) -> str | None:
    custom_id = f"taskbot:chart:{kind}:{guild_id}:{project}"
    return custom_id if len(custom_id) <= CUSTOM_ID_MAX and kind in CHART_KINDS else None


class ChartButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CHART_TEMPLATE):
    def __init__(self, kind: str, guild_id: str, project: str, label: str = "Chart") -> None:
        custom_id = chart_id(kind, guild_id, project) or f"taskbot:chart:{kind}:{guild_id}:?"
        super().__init__(discord.ui.Button(label=label, style=discord.ButtonStyle.secondary,
                                           emoji="📈", custom_id=custom_id))
        self.kind, self.guild_id, self.project = kind, guild_id, project

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /
                             ) -> ChartButton:
        return cls(match["kind"], match["guild"], match["project"])

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await gate_dm(interaction, self.guild_id)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        kind: ChartKind = self.kind  # type: ignore[assignment]  # the template's choices
        await bridge_of(interaction).handle(
            interaction, lambda: ProjectChart(name=self.project, kind=kind), public=True,
            guild_id=self.guild_id)


def chart_view(offer: ChartOffer, guild_id: str) -> discord.ui.View | None:
    if not guild_id.isdigit() or chart_id(offer.kind, guild_id, offer.project) is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(ChartButton(offer.kind, guild_id, offer.project, offer.label))
    return view


def with_charts(inner: ViewFactory | None) -> ViewFactory:
    """The bridge's view factory, with a chart button for replies that offer one."""
    def factory(reply: Reply, guild_id: str) -> discord.ui.View | None:
        if reply.chart is not None:
            return chart_view(reply.chart, guild_id)
        return inner(reply, guild_id) if inner is not None else None
    return factory
