"""Plain-text rendering of template results (the console's format, and the fallback text of
Slack and Discord), registered on `core.render_text.render`."""

from __future__ import annotations

from core.render_text import render, when
from core.templates.document import TemplateDocument, TemplateTask
from core.templates.results import TemplateDetails, TemplateList

SHOW_TASKS_MAX = 60
"""Tasks listed by `/project template show`; the rest are counted (export shows all)."""


def task_facts(task: TemplateTask) -> list[str]:
    """`high`, `role dev`, `due day 3`, `estimate 1.5d`, `milestone beta`, `after spec`."""
    facts = [task.priority.value] if task.priority.value != "normal" else []
    if task.role:
        facts.append(f"role {task.role}")
    if task.due_offset is not None:
        facts.append(f"due day {task.due_offset}")
    if task.estimate:
        facts.append(f"estimate {task.estimate}")
    if task.milestone:
        facts.append(f"milestone {task.milestone}")
    if task.depends_on:
        facts.append("after " + ", ".join(task.depends_on))
    return facts


def document_lines(doc: TemplateDocument) -> list[str]:
    lines = []
    if doc.description:
        lines.append(f"  {doc.description}")
    if doc.roles:
        lines.append("  roles: " + ", ".join(
            r.name + (f" ({r.description})" if r.description else "") for r in doc.roles))
    if doc.milestones:
        lines.append("  milestones: " + ", ".join(f"{m.name} (day {m.offset})"
                                                  for m in doc.milestones))
    lines.append(f"  tasks ({len(doc.tasks)}; due dates in working days from the start):")
    for task in doc.tasks[:SHOW_TASKS_MAX]:
        facts = task_facts(task)
        lines.append(f"    {task.key}: {task.title}" + (f" · {' · '.join(facts)}"
                                                        if facts else ""))
    if len(doc.tasks) > SHOW_TASKS_MAX:
        lines.append(f"    and {len(doc.tasks) - SHOW_TASKS_MAX} more (taskbot template "
                     "export shows them all)")
    return lines


@render.register
def _(result: TemplateList) -> list[str]:
    if not result.templates:
        return ["No templates yet. `/project template save <name> from:<project>` saves one; "
                "`taskbot template import FILE` loads one."]
    lines = ["Templates:"]
    for t in result.templates:
        roles = f"; roles {', '.join(t.roles)}" if t.roles else ""
        lines.append(f"  {t.name}: {t.tasks} task{'s' if t.tasks != 1 else ''}{roles}"
                     + (f" · {t.description}" if t.description else ""))
    return lines


@render.register
def _(result: TemplateDetails) -> list[str]:
    saved = f" (saved {when(result.updated_at, result.viewer_tz)})" if result.updated_at \
        else ""
    return [f"Template {result.document.name}{saved}", *document_lines(result.document)]
