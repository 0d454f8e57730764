"""Template results as Block Kit: the list (one line per template) and one template (its
roles, milestones and tasks), with every piece of user text escaped. Registered on
`adapters.slack.render`'s dispatch (imported at its end)."""

from __future__ import annotations

from adapters.slack.blocks import Block, context, header, section, split_sections
from adapters.slack.escape import esc, slack_date
from adapters.slack.render import _blocks
from core.templates.results import TemplateDetails, TemplateList
from core.templates.text import SHOW_TASKS_MAX, task_facts


@_blocks.register
def _(result: TemplateList) -> list[Block]:
    if not result.templates:
        return [section("No templates yet. `/project template save &lt;name&gt; "
                        "from:&lt;project&gt;` saves one.")]
    lines = []
    for t in result.templates:
        roles = f" · roles {esc(', '.join(t.roles))}" if t.roles else ""
        about = f" — {esc(t.description)}" if t.description else ""
        lines.append(f"• *{esc(t.name)}* · {t.tasks} task{'s' if t.tasks != 1 else ''}"
                     f"{roles}{about}")
    return [header("Templates"), *split_sections(lines)]


@_blocks.register
def _(result: TemplateDetails) -> list[Block]:
    doc = result.document
    blocks: list[Block] = [header(f"Template {esc(doc.name)}")]
    if doc.description:
        blocks.append(section(esc(doc.description)))
    facts = []
    if doc.roles:
        facts.append("*Roles:* " + ", ".join(
            f"`{esc(r.name)}`" + (f" ({esc(r.description)})" if r.description else "")
            for r in doc.roles))
    if doc.milestones:
        facts.append("*Milestones:* " + ", ".join(f"{esc(m.name)} (day {m.offset})"
                                                  for m in doc.milestones))
    if facts:
        blocks.extend(split_sections(facts))
    lines = [f"*Tasks* ({len(doc.tasks)}; due dates in working days from the start)"]
    for task in doc.tasks[:SHOW_TASKS_MAX]:
        bits = " · ".join(esc(f) for f in task_facts(task))
        lines.append(f"• `{esc(task.key)}` {esc(task.title)}" + (f" · {bits}" if bits else ""))
    if len(doc.tasks) > SHOW_TASKS_MAX:
        lines.append(f"_…and {len(doc.tasks) - SHOW_TASKS_MAX} more (`taskbot template "
                     "export` shows them all)_")
    blocks.extend(split_sections(lines))
    if result.updated_at:
        blocks.append(context(f"saved {slack_date(result.updated_at, result.viewer_tz)}"))
    return blocks
