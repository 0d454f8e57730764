"""Template results as Discord embeds: the list and one template, user text escaped (and
mentions never parsed: every send uses `AllowedMentions.none()`). Registered on
`adapters.discord.render.render` (imported at its end)."""

from __future__ import annotations

import discord

from adapters.discord.limits import EmbedBuilder
from adapters.discord.render import Reply, _replies, esc, render, stamp
from core.templates.results import TemplateDetails, TemplateList
from core.templates.text import SHOW_TASKS_MAX, task_facts


@render.register
def _(result: TemplateList) -> list[Reply]:
    lines = []
    for t in result.templates:
        roles = f" · roles {esc(', '.join(t.roles))}" if t.roles else ""
        about = f" — {esc(t.description)}" if t.description else ""
        lines.append(f"**{esc(t.name)}** · {t.tasks} task{'s' if t.tasks != 1 else ''}"
                     f"{roles}{about}")
    builder = EmbedBuilder("Templates", discord.Colour.blurple())
    builder.describe(lines or ["No templates yet. `/project template save` saves one."])
    return _replies(builder.build(), ephemeral=result.ephemeral)


@render.register
def _(result: TemplateDetails) -> list[Reply]:
    doc = result.document
    builder = EmbedBuilder(f"Template {esc(doc.name)}", discord.Colour.blurple())
    if doc.description:
        builder.describe([esc(doc.description)])
    if doc.roles:
        builder.section("Roles", [f"`{r.name}`" + (f" ({esc(r.description)})"
                                                   if r.description else "")
                                  for r in doc.roles])
    if doc.milestones:
        builder.section("Milestones", [f"{esc(m.name)} (day {m.offset})"
                                       for m in doc.milestones])
    lines = []
    for task in doc.tasks[:SHOW_TASKS_MAX]:
        bits = " · ".join(esc(f) for f in task_facts(task))
        lines.append(f"`{task.key}` {esc(task.title)}" + (f" · {bits}" if bits else ""))
    if len(doc.tasks) > SHOW_TASKS_MAX:
        lines.append(f"…and {len(doc.tasks) - SHOW_TASKS_MAX} more")
    builder.section(f"Tasks ({len(doc.tasks)}; due in working days from the start)", lines)
    if result.updated_at:
        builder.field("Saved", stamp(result.updated_at))
    return _replies(builder.build(), ephemeral=result.ephemeral)
