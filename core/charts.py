"""Text charts for chat: bars drawn with block characters, shown in a monospace block by
every renderer (console, Slack, Discord), so a manager sees progress, the status mix and
who carries the open work at a glance, without an image upload."""

from __future__ import annotations

from core.results import ProjectStatusReport

FULL, EMPTY = "█", "░"
BAR_WIDTH = 20
LABEL_WIDTH = 12
STATUS_ORDER = ("open", "in_progress", "done", "dropped")


def bar(value: int, total: int, width: int = BAR_WIDTH) -> str:
    """`value` out of `total` as a bar of `width` cells (empty when total is 0)."""
    share = min(max(value, 0), total) / total if total > 0 else 0.0
    filled = round(width * share)
    return FULL * filled + EMPTY * (width - filled)


def _label(text: str) -> str:
    return (text[:LABEL_WIDTH - 1] + "…") if len(text) > LABEL_WIDTH else text.ljust(LABEL_WIDTH)


def status_chart(report: ProjectStatusReport) -> list[str]:
    """One bar per status, against all of the project's tasks."""
    whole = sum(report.counts.values())
    known = [s for s in STATUS_ORDER if s in report.counts]
    others = sorted(s for s in report.counts if s not in STATUS_ORDER)
    return [f"{_label(s.replace('_', ' '))} {bar(report.counts[s], whole)} {report.counts[s]}"
            for s in known + others]


def load_chart(report: ProjectStatusReport, rows: int = 10) -> list[str]:
    """Open tasks per person (busiest first), against the busiest person's load."""
    top = max((m.open_count for m in report.load), default=0)
    lines = []
    for m in report.load[:rows]:
        name = f"@{m.member.display_name}" if m.member else "unassigned"
        late = f" ({m.overdue_count} overdue)" if m.overdue_count else ""
        lines.append(f"{_label(name)} {bar(m.open_count, top)} {m.open_count}{late}")
    if len(report.load) > rows:
        lines.append(f"… and {len(report.load) - rows} more")
    return lines
