"""Plain-text lines of the bulk results (the console, and every surface's fallback text).
Imported by `core.results_bulk`, so whoever can hold these results can render them."""

from __future__ import annotations

from core.render_text import ref_line, render
from core.results_bulk import BulkDone, BulkPreview


def preview_lines(result: BulkPreview, *, with_confirm: bool = True) -> list[str]:
    lines = [result.headline, *("  " + ref_line(t) for t in result.shown)]
    if result.more:
        lines.append(f"  … and {result.more} more")
    if with_confirm:
        lines.append(f"To do it: {result.text_confirm}")
    return lines


@render.register
def _(result: BulkPreview) -> list[str]:
    return preview_lines(result)


@render.register
def _(result: BulkDone) -> list[str]:
    return [result.message]
