"""Embeds for the report results (registered on `adapters.discord.render.render`): a report
as one embed of fields with a chart button; a chart as an embed showing the attached PNG
(`attachment://<filename>`), its alt text as the description; an export (`FileResult`) as
its line with the file attached."""

from __future__ import annotations

import discord

from adapters.discord.limits import EmbedBuilder
from adapters.discord.render import Reply, _replies, esc, render
from core.results_reports import ChartPosted, ReportView
from core.results_transfer import FileResult


@render.register
def _(result: ReportView) -> list[Reply]:
    builder = EmbedBuilder(result.title, discord.Colour.blurple())
    builder.describe([esc(result.headline), *(esc(n) for n in result.notes)])
    for label, value in result.figures:
        builder.field(label, esc(value), inline=len(value) < 40)
    replies = _replies(builder.build(), ephemeral=result.ephemeral)
    replies[-1].chart = result.offer
    return replies


@render.register
def _(result: ChartPosted) -> list[Reply]:
    embed = discord.Embed(title=result.title[:256], colour=discord.Colour.blurple(),
                          description=esc(result.alt)[:4096])
    if result.file is None:
        embed.set_footer(text="Charts are not drawn on this server.")
        return [Reply(embeds=[embed], ephemeral=result.ephemeral)]
    embed.set_image(url=f"attachment://{result.file.filename}")
    return [Reply(embeds=[embed], ephemeral=result.ephemeral, files=[result.file])]


@render.register
def _(result: FileResult) -> list[Reply]:
    """`/project export`: the line, with the CSV or JSON attached to the same reply."""
    return [Reply(content=esc(result.message), ephemeral=result.ephemeral, files=[result.file])]
