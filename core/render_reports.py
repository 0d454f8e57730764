"""Plain-text rendering of the report results (registered on `core.render_text.render`;
imported at the end of that module so every renderer that uses it sees these)."""

from __future__ import annotations

from core.render_text import render
from core.results_reports import ChartPosted, ReportView


def report_lines(result: ReportView) -> list[str]:
    width = max((len(label) for label, _ in result.figures), default=0)
    lines = [result.title, result.headline]
    lines.extend(f"  {label.ljust(width)}  {value}" for label, value in result.figures)
    lines.extend(result.notes)
    if result.offer is not None:
        lines.append(f"Chart: /project chart {result.offer.project} {result.offer.kind}")
    return lines


@render.register
def _(result: ReportView) -> list[str]:
    return report_lines(result)


@render.register
def _(result: ChartPosted) -> list[str]:
    if result.file is None:
        return [result.title, result.alt, "(charts are not drawn on this server)"]
    return [result.title, result.alt]
