"""One task as the filter language and the urgency score see it: plain values, loaded by the
caller (a storage query, an import, a test) and never touched by I/O here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.filters import fold
from core.filters.query import Person
from core.model import Priority, Status


@dataclass(frozen=True, kw_only=True)
class TaskFacts:
    """One task as the filter language sees it."""

    number: int
    title: str
    created: dt.datetime
    updated: dt.datetime
    status: Status = Status.OPEN
    priority: Priority = Priority.NORMAL
    assignee: Person | None = None
    project: str | None = None
    milestone: str | None = None
    due: dt.datetime | None = None
    done_at: dt.datetime | None = None
    blocked: bool = False  # it has an open blocker
    waiting: bool = False
    description: str = ""
    comments: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()  # texts of the project decisions that name it
    waits_on_it: int = 0  # open tasks blocked by it, transitively (for urgency)
    critical: bool = False  # on the project's critical path (for urgency)
    _words: tuple[tuple[str, ...], ...] | None = field(default=None, compare=False, repr=False)

    @property
    def active(self) -> bool:
        return self.status.is_active

    def is_blocked(self) -> bool:
        return self.active and self.blocked

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.active and self.due is not None and self.due < now

    def text_words(self) -> tuple[tuple[str, ...], ...]:
        """The folded words of the title, the description, each comment and each decision
        (computed once)."""
        if self._words is None:
            texts = (self.title, self.description, *self.comments, *self.decisions)
            found = tuple(fold.words(t) for t in texts)
            object.__setattr__(self, "_words", found)
        return self._words  # type: ignore[return-value]
