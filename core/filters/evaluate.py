"""Which tasks a `Query` selects, and in what order, decided in plain Python over plain task
values. This is the meaning of the filter language; a storage translation (SQL) must select
and order exactly as this does, and is property-tested against it.

Meaning of each part (`now` is the instant of the question, `me` the person asking):
- who: `mine` the tasks assigned to me; `@a,@b` assigned to either; `unassigned` to nobody;
  `all` anyone's. Missing: mine, or everyone's when a project or milestone is named.
- Nothing naming a status (no `status:` and no `done` date term): active tasks only (open or
  in progress).
- `status:` one of: open = active; in-progress; blocked = active with an open blocker;
  overdue = active and due before now; done; dropped.
- `+blocked`/`-blocked` as the status blocked; `+overdue`/`-overdue` as overdue;
  `+waiting`/`-waiting`: the task's waiting flag.
- `project:`/`milestone:` one of the names, ignoring case; a task without one never matches.
- `priority:a,b` one of; `priority>=high` compares low < normal < high < urgent.
- dates: `DateTerm.bounds` (`low <= t < high`); `due:none` no due date (done:none: not
  closed); a task without the date never matches a bounded term.
- text: every text term is found in the title, the description, one comment or one
  project decision that names the task (`fold`).
- order: `Sort`'s rules; with no sort, soonest due first (none last), then highest
  priority, then task number; `sort:urgency` breaks ties by due then number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from core.filters import fold
from core.filters.facts import TaskFacts
from core.filters.query import (
    DateTerm,
    FlagTerm,
    MilestoneTerm,
    Person,
    PriorityTerm,
    ProjectTerm,
    Query,
    Sort,
    StatusTerm,
    StatusWord,
    Term,
    TextTerm,
    Who,
)
from core.filters.urgency import score
from core.model import Status


def same_person(a: Person, b: Person) -> bool:
    if a.user_id is not None and a.user_id == b.user_id:
        return True
    return a.name is not None and b.name is not None and a.name.casefold() == b.name.casefold()


def _who_holds(who: Who, task: TaskFacts, me: Person) -> bool:
    if who.kind == "all":
        return True
    if who.kind == "unassigned":
        return task.assignee is None
    if task.assignee is None:
        return False
    people = (me,) if who.kind == "mine" else who.people
    return any(same_person(task.assignee, p) for p in people)


def _status_holds(state: StatusWord, task: TaskFacts, now: dt.datetime) -> bool:
    return {"open": task.active, "in-progress": task.status is Status.IN_PROGRESS,
            "blocked": task.is_blocked(), "overdue": task.is_overdue(now),
            "done": task.status is Status.DONE, "dropped": task.status is Status.DROPPED}[state]


def _date_of(term: DateTerm, task: TaskFacts) -> dt.datetime | None:
    return {"due": task.due, "created": task.created, "updated": task.updated,
            "done": task.done_at}[term.field]


def _date_holds(term: DateTerm, task: TaskFacts) -> bool:
    value = _date_of(term, task)
    if term.window is None:
        return value is None
    if value is None:
        return False
    low, high = term.bounds
    return (low is None or low <= value) and (high is None or value < high)


def _priority_holds(term: PriorityTerm, task: TaskFacts) -> bool:
    if term.op == ":":
        return task.priority in term.levels
    rank, wanted = task.priority.rank, term.levels[0].rank
    return {"<": rank < wanted, "<=": rank <= wanted, ">": rank > wanted,
            ">=": rank >= wanted}[term.op]


def _names_hold(names: tuple[str, ...], value: str | None) -> bool:
    return value is not None and value.casefold() in {n.casefold() for n in names}


def term_holds(term: Term, task: TaskFacts, now: dt.datetime) -> bool:
    if isinstance(term, ProjectTerm):
        return _names_hold(term.names, task.project)
    if isinstance(term, MilestoneTerm):
        return _names_hold(term.names, task.milestone)
    if isinstance(term, StatusTerm):
        return any(_status_holds(s, task, now) for s in term.states)
    if isinstance(term, FlagTerm):
        value = {"blocked": task.is_blocked(), "overdue": task.is_overdue(now),
                 "waiting": task.waiting}[term.flag]
        return value == term.present
    if isinstance(term, PriorityTerm):
        return _priority_holds(term, task)
    if isinstance(term, DateTerm):
        return _date_holds(term, task)
    return _text_holds(term, task)


def _text_holds(term: TextTerm, task: TaskFacts) -> bool:
    return any(fold.contains(words, term.words) for words in task.text_words())


def matches(query: Query, task: TaskFacts, *, me: Person, now: dt.datetime) -> bool:
    if not _who_holds(query.effective_who, task, me):
        return False
    if query.default_open and not task.active:
        return False
    return all(term_holds(t, task, now) for t in query.terms)


def _by_number(task: TaskFacts) -> int:
    return task.number


def _ordered(tasks: Sequence[TaskFacts], value: Callable[[TaskFacts], Any],
             highest_first: bool) -> list[TaskFacts]:
    """By `value` (None last either way), ties in the incoming order (stable sorts)."""
    having = [t for t in tasks if value(t) is not None]
    missing = [t for t in tasks if value(t) is None]
    return sorted(having, key=value, reverse=highest_first) + missing


def sort_tasks(tasks: Iterable[TaskFacts], sort: Sort | None, *, now: dt.datetime
               ) -> list[TaskFacts]:
    ordered = sorted(tasks, key=_by_number)
    if sort is None:
        ordered = _ordered(ordered, lambda t: -t.priority.rank, highest_first=False)
        return _ordered(ordered, lambda t: t.due, highest_first=False)
    natural_high: dict[str, tuple[Callable[[TaskFacts], Any], bool]] = {
        "due": (lambda t: t.due, False), "priority": (lambda t: t.priority.rank, True),
        "created": (lambda t: t.created, True), "updated": (lambda t: t.updated, True),
    }
    if sort.key == "urgency":
        ordered = _ordered(ordered, lambda t: t.due, highest_first=False)
        return _ordered(ordered, lambda t: score(t, now).total, highest_first=not sort.reverse)
    value, highest_first = natural_high[sort.key]
    return _ordered(ordered, value, highest_first=highest_first != sort.reverse)


def select(query: Query, tasks: Iterable[TaskFacts], *, me: Person, now: dt.datetime,
           page_size: int = 20) -> tuple[list[TaskFacts], int]:
    """The query's page of tasks, in order, and how many match in all (for "21-40 of 57")."""
    chosen = sort_tasks((t for t in tasks if matches(query, t, me=me, now=now)), query.sort,
                        now=now)
    first = (query.page - 1) * page_size
    return chosen[first:first + page_size], len(chosen)
