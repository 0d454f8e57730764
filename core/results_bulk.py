"""Results of bulk changes: the preview that asks for confirmation, and the one summary."""

from __future__ import annotations

from core.results import Result, TaskRefView

PREVIEW_SHOWN = 20
"""How many tasks a preview lists by title (the count and every number are always given)."""


class BulkPreview(Result):
    """"This would close 12 tasks: #3, #5, …". `text_confirm` is the slash text that
    confirms on a text surface (it carries the code of exactly these tasks); `button_text`
    is the `/task` text a Confirm button runs (exactly these task numbers)."""

    action: str  # "close {n}", "reassign {n} to bob", ... ({n}: "12 tasks")
    tasks: tuple[TaskRefView, ...]
    text_confirm: str
    button_text: str
    button_label: str
    changed_since: bool = False
    """The user confirmed a code, but the matching tasks changed since: nothing was done."""

    @property
    def count(self) -> int:
        return len(self.tasks)

    @property
    def refs(self) -> str:
        return ", ".join(f"#{t.number}" for t in self.tasks)

    @property
    def headline(self) -> str:
        plural = "s" if self.count != 1 else ""
        lead = ("The matching tasks changed since you asked, so nothing was done. "
                if self.changed_since else "")
        action = self.action.replace("{n}", f"{self.count} task{plural}")
        return f"{lead}This would {action}: {self.refs}."

    @property
    def shown(self) -> tuple[TaskRefView, ...]:
        return self.tasks[:PREVIEW_SHOWN]

    @property
    def more(self) -> int:
        return max(0, self.count - PREVIEW_SHOWN)


class BulkDone(Result):
    """One summary of a bulk change: what changed, and what needed no change."""

    message: str
    changed: tuple[TaskRefView, ...] = ()
    unchanged: tuple[str, ...] = ()


from core import render_bulk as _render_bulk  # noqa: E402,F401  (registers text renderers)
