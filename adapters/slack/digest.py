"""The standup digest as Block Kit: a header, one block of lines per person, projects,
risks, who is away. Lines are packed into sections (3000 characters each) so a large team
still fits in one message; every name and title is escaped."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from adapters.slack.blocks import (
    MESSAGE_BLOCKS,
    Block,
    cap,
    context,
    divider,
    header,
    split_sections,
)
from adapters.slack.escape import esc, person, slack_date
from core.results import TaskRefView
from core.scheduling.digest_compose import DigestReport, PersonDigest
from core.scheduling.digest_render import EMPTY_DAY

_LABELS = (("finished", ":white_check_mark: finished"), ("in_progress", ":large_blue_circle: "
           "in progress"), ("due_today", ":calendar: due today"), ("overdue", ":warning: "
           "overdue"), ("unblocked", ":unlock: newly unblocked"))


def _ref(t: TaskRefView, tz: str, *, owner: bool = False, due: bool = False) -> str:
    text = f"*#{t.number}* {esc(t.title)}"
    if owner and t.assignee is not None:
        text += f" ({person(t.assignee)})"
    if due and t.due_at is not None:
        text += f" (due {slack_date(t.due_at, tz)})"
    return text


def _person_lines(p: PersonDigest, tz: str) -> list[str]:
    lines = [f"*{person(p.member, 'Unassigned')}*"]
    for key, label in _LABELS:
        items: tuple[TaskRefView, ...] = getattr(p, key)
        if items:
            lines.append(f"   {label}: " + "; ".join(_ref(t, tz, due=key == "overdue")
                                                     for t in items))
    for b in p.blocked:
        by = ", ".join(_ref(x, tz, owner=True) for x in b.blockers)
        lines.append(f"   :no_entry: blocked: {_ref(b.task, tz)} by {by}")
    return lines


def digest_report(extra: dict[str, Any]) -> DigestReport | None:
    raw = extra.get("digest")
    if not isinstance(raw, dict):
        return None
    try:
        return DigestReport.model_validate(raw)
    except ValidationError:
        return None


def digest_blocks(report: DigestReport) -> list[Block]:
    tz = report.tz
    blocks: list[Block] = [header(f"Standup digest for {report.local_date:%A %d %B %Y}")]
    if report.empty:
        blocks.extend(split_sections([EMPTY_DAY]))
    lines: list[str] = []
    for p in report.people:
        lines.extend(_person_lines(p, tz))
    if lines:
        blocks.extend(split_sections(lines))
    extra: list[str] = []
    if report.projects:
        extra.append("*Projects*")
        extra.extend(f"• {esc(p.name)}: {p.done}/{p.total} done ({p.percent}%), {p.open} open"
                     + (f", {p.overdue} overdue" if p.overdue else "")
                     for p in report.projects)
    if report.risks:
        extra.append("*:rotating_light: Risks*")
        extra.extend(f"• {_ref(r.task, tz, due=True)} waits for {_ref(r.blocker, tz, owner=True)}"
                     + (", which is overdue" if r.reason == "overdue"
                        else ", which is due after it")
                     for r in report.risks)
    if report.milestones_at_risk:
        extra.append("*:triangular_flag_on_post: Milestones at risk*")
        extra.extend(f"• {esc(m)}" for m in report.milestones_at_risk)
    if extra:
        blocks.append(divider())
        blocks.extend(split_sections(extra))
    if report.away:
        blocks.append(context("Away: " + ", ".join(
            f"{person(a.member)} (until {slack_date(a.until, tz)})" for a in report.away)))
    return cap(blocks, MESSAGE_BLOCKS, "_…the rest did not fit; `/task list all` has it._")
