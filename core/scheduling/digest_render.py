"""A digest as plain text (the console, notification `text`, fallbacks), and splitting
long text into messages within a platform's limit on line boundaries."""

from __future__ import annotations

import datetime as dt

from core.results import TaskRefView
from core.scheduling.digest_compose import DigestReport, PersonDigest
from core.scheduling.timecalc import local

EMPTY_DAY = "Nothing to report today: no work finished, due, overdue or blocked."


def _ref(t: TaskRefView, tz: str, *, owner: bool = False, due: bool = False) -> str:
    text = f"#{t.number} {t.title}"
    if owner and t.assignee is not None:
        text += f" (@{t.assignee.display_name})"
    if due and t.due_at is not None:
        text += f" (due {local(t.due_at, tz):%a %d %b %H:%M})"
    return text


def _person(p: PersonDigest, tz: str) -> list[str]:
    name = f"@{p.member.display_name}" if p.member else "Unassigned"
    lines = [f"{name}:"]
    for label, items, due in (("finished", p.finished, False),
                              ("in progress", p.in_progress, False),
                              ("due today", p.due_today, False), ("overdue", p.overdue, True),
                              ("newly unblocked", p.unblocked, False)):
        if items:
            lines.append(f"  {label}: " + "; ".join(_ref(t, tz, due=due) for t in items))
    for b in p.blocked:
        by = ", ".join(_ref(x, tz, owner=True) for x in b.blockers)
        lines.append(f"  blocked: {_ref(b.task, tz)} by {by}")
    return lines


def digest_text(report: DigestReport) -> str:
    tz = report.tz
    head = f"Standup digest for {report.local_date:%A %d %B %Y}"
    lines = [head]
    if report.empty:
        lines.append(EMPTY_DAY)
    for person in report.people:
        lines.extend(_person(person, tz))
    if report.projects:
        lines.append("Projects:")
        lines.extend(f"  {p.name}: {p.done}/{p.total} done ({p.percent}%), {p.open} open"
                     + (f", {p.overdue} overdue" if p.overdue else "")
                     for p in report.projects)
    if report.risks:
        lines.append("Risks:")
        lines.extend(
            f"  {_ref(r.task, tz, due=True)} waits for {_ref(r.blocker, tz, owner=True)}, "
            + r.because
            for r in report.risks)
    if report.milestones_at_risk:
        lines.append("Milestones at risk:")
        lines.extend(f"  {m}" for m in report.milestones_at_risk)
    if report.away:
        lines.append("Away: " + ", ".join(
            f"@{a.member.display_name} (until {local(a.until, tz):%a %d %b})"
            for a in report.away))
    return "\n".join(lines)


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible (a line longer
    than the limit is cut inside)."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current)
    return chunks


def when_text(instant: dt.datetime, tz: str) -> str:
    return f"{local(instant, tz):%a %d %b %H:%M} ({tz})"
