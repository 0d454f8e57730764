"""The typed, immutable query that a filter text such as
`project:launch +blocked @ana due<fri "release notes" sort:due page:2` reads to.

A `Query` keeps what the user typed, term by term (AND between terms; a term with several
values, `project:a,b`, is an OR inside the term), plus the once-only parts: who, sort, page.
Dates are already resolved (against the `now` and time zone given to the parser) to windows
of UTC instants, so an evaluator or a SQL translation needs no clock and no zone.

`str(query)` is the canonical text: parsing it again with the same `now` and zone gives an
equal query. The defaults that apply when a part is missing (`mine`, `status:open`) are not
stored; `Query.effective_who` and `Query.default_open` say what they are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from core.model import Priority

Op = Literal[":", "<", "<=", ">", ">="]
"""`:` (also typed `=`) is "in" (a day, a window, or one of a list); the others compare."""
DateField = Literal["due", "created", "updated", "done"]
StatusWord = Literal["open", "in-progress", "blocked", "overdue", "done", "dropped"]
FlagName = Literal["blocked", "overdue", "waiting"]
SortKey = Literal["urgency", "due", "priority", "created", "updated"]
WhoKind = Literal["mine", "all", "unassigned", "people"]

STATUS_WORDS: tuple[StatusWord, ...] = ("open", "in-progress", "blocked", "overdue", "done",
                                         "dropped")
FLAG_NAMES: tuple[FlagName, ...] = ("blocked", "overdue", "waiting")
SORT_KEYS: tuple[SortKey, ...] = ("urgency", "due", "priority", "created", "updated")
DATE_FIELDS: tuple[DateField, ...] = ("due", "created", "updated", "done")

_BARE = re.compile(r"[^\W_][\w'.]*", re.UNICODE)


@dataclass(frozen=True)
class Person:
    """`@ana` (a name) or `<@U123>` (a platform id). A task's assignee matches when the ids
    are equal, or when the names are equal ignoring case."""

    user_id: str | None = None
    name: str | None = None

    def __str__(self) -> str:
        if self.user_id is not None:
            return f"<@{self.user_id}>"
        return f"@{self.name}"


@dataclass(frozen=True)
class Who:
    kind: WhoKind
    people: tuple[Person, ...] = ()

    def __str__(self) -> str:
        if self.kind == "people":
            return ",".join(str(p) for p in self.people)
        return self.kind


@dataclass(frozen=True)
class Window:
    """The instants `start <= t < end` (aware UTC): a local day, a week, or one instant
    (one microsecond long, from a text with a time of day such as `"fri 5pm"`)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class ProjectTerm:
    names: tuple[str, ...]

    def __str__(self) -> str:
        return "project:" + ",".join(_quoted_value(n) for n in self.names)


@dataclass(frozen=True)
class MilestoneTerm:
    names: tuple[str, ...]

    def __str__(self) -> str:
        return "milestone:" + ",".join(_quoted_value(n) for n in self.names)


@dataclass(frozen=True)
class StatusTerm:
    states: tuple[StatusWord, ...]

    def __str__(self) -> str:
        return "status:" + ",".join(self.states)


@dataclass(frozen=True)
class FlagTerm:
    """`+blocked` (present) / `-blocked` (absent); also overdue and waiting."""

    flag: FlagName
    present: bool

    def __str__(self) -> str:
        return ("+" if self.present else "-") + self.flag


@dataclass(frozen=True)
class PriorityTerm:
    """`priority:high,urgent` (op `:`, one of), `priority>=high` (one level, compared)."""

    op: Op
    levels: tuple[Priority, ...]

    def __str__(self) -> str:
        return "priority" + self.op + ",".join(p.value for p in self.levels)


@dataclass(frozen=True)
class DateTerm:
    """`due<fri`, `created>2026-11-01`, `due:this-week`, `due:none` (window None).
    `text` is the date as typed (spaces collapsed), kept for the canonical form."""

    field: DateField
    op: Op
    text: str
    window: Window | None

    def __str__(self) -> str:
        return self.field + self.op + _quoted_value(self.text)

    @property
    def bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(low, high): the term holds for a time t when `low <= t < high` (None: unbounded
        that side). `due:none` has no bounds: it holds when there is no time at all."""
        w = self.window
        if w is None:
            return None, None
        return {":": (w.start, w.end), "<": (None, w.start), "<=": (None, w.end),
                ">": (w.end, None), ">=": (w.start, None)}[self.op]


@dataclass(frozen=True)
class TextTerm:
    """A word or a "quoted phrase": its folded words (`core.filters.fold`) must appear
    consecutively in the title, the description or a comment, each a whole word except the
    last, which may be the start of one. A word with punctuation (`e-mail`) is a phrase."""

    text: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        if _BARE.fullmatch(self.text) and self.text.lower() not in _RESERVED:
            return self.text
        return f'"{_escaped(self.text)}"'


@dataclass(frozen=True)
class Sort:
    """`sort:due` is the natural order of the key (urgency, priority: highest first; due:
    soonest first; created, updated: newest first); `sort:due-` reverses it. Tasks without
    the value (no due date) come last either way; ties go by task number."""

    key: SortKey
    reverse: bool = False

    def __str__(self) -> str:
        return f"sort:{self.key}{'-' if self.reverse else ''}"


Term = ProjectTerm | MilestoneTerm | StatusTerm | FlagTerm | PriorityTerm | DateTerm | TextTerm


@dataclass(frozen=True)
class Query:
    who: Who | None = None
    terms: tuple[Term, ...] = ()
    sort: Sort | None = None
    page: int = 1

    @property
    def effective_who(self) -> Who:
        """Mine, unless the query names a project or a milestone (then everyone's work in
        it), as `/task list` always did."""
        if self.who is not None:
            return self.who
        scoped = any(isinstance(t, (ProjectTerm, MilestoneTerm)) for t in self.terms)
        return Who("all") if scoped else Who("mine")

    @property
    def default_open(self) -> bool:
        """True when only active tasks are wanted because nothing names a status: no
        `status:` term and no `done` date term."""
        return not any(isinstance(t, StatusTerm) or (isinstance(t, DateTerm)
                                                     and t.field == "done")
                       for t in self.terms)

    def text_terms(self) -> tuple[TextTerm, ...]:
        return tuple(t for t in self.terms if isinstance(t, TextTerm))

    def __str__(self) -> str:
        parts = [str(self.who)] if self.who is not None else []
        parts += [str(t) for t in self.terms]
        if self.sort is not None:
            parts.append(str(self.sort))
        if self.page != 1:
            parts.append(f"page:{self.page}")
        return " ".join(parts)


_RESERVED = frozenset({"mine", "me", "my", "all", "everyone", "team", "unassigned", "nobody",
                       "none"})


def _quoted_value(text: str) -> str:
    """A value that reads back as itself: quoted when it has a space or a comma."""
    text = _escaped(text)
    return f'"{text}"' if (not text or any(c.isspace() or c in ",<>=:" for c in text)) \
        else text


def _escaped(text: str) -> str:
    """Slack's escapes are decoded from every token, so text holding one literally is
    written escaped (`&amp;lt;` reads back as `&lt;`)."""
    if any(e in text for e in ("&lt;", "&gt;", "&amp;")):
        return text.replace("&", "&amp;")
    return text
