"""The urgency score of `/task next`: what to do first, and why.

A task's urgency is the sum of these parts (the coefficients are Taskwarrior's where it has
one; the bigger the number, the sooner the task comes):

- priority: urgent 9, high 6, normal 2, low 0.
- due date: 12 x a factor that grows as the due date nears: 0.2 when it is 14 days away or
  more, rising in a straight line to 1.0 when it is 7 days overdue or more (0.2 + 0.8 x
  (14 - days left) / 21); 0 without a due date. Due in a day scores 8.3, due now 8.8,
  a week overdue 12.
- what waits on it: 3 for each open task blocked by it, directly or through other open
  tasks, up to 12 (four or more); 3 more when it is on the project's critical path.
- in progress: 4 (finish what was started).
- age: 2 x its age in years, at most 2 (a task a year old or older).
- blocked: -5 (`/task next` leaves blocked tasks out anyway).

Ties break deterministically: the higher score first, then the sooner due date (tasks
without one after), then the lower task number. Each ranked task carries a short reason
from its biggest parts, at most three: "blocks 4 · due tomorrow".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.filters.facts import TaskFacts
from core.filters.windows import zone
from core.model import Priority, Status

PRIORITY_POINTS = {Priority.URGENT: 9.0, Priority.HIGH: 6.0, Priority.NORMAL: 2.0,
                   Priority.LOW: 0.0}
DUE_POINTS = 12.0
DUE_FAR_DAYS, DUE_LATE_DAYS = 14.0, 7.0
DUE_FAR_FACTOR = 0.2
WAIT_POINTS, WAIT_MAX = 3.0, 12.0
CRITICAL_POINTS = 3.0
IN_PROGRESS_POINTS = 4.0
AGE_POINTS, AGE_FULL_DAYS = 2.0, 365.0
BLOCKED_POINTS = -5.0
NEXT_LIMIT = 5
_DAY = 86_400.0


@dataclass(frozen=True)
class Score:
    total: float
    parts: tuple[tuple[str, float], ...]  # (part name, points), the non-zero ones


@dataclass(frozen=True)
class Ranked:
    number: int
    score: float  # rounded to 2 decimals, as shown
    why: str


def due_factor(due: dt.datetime, now: dt.datetime) -> float:
    days_left = (due - now).total_seconds() / _DAY
    if days_left >= DUE_FAR_DAYS:
        return DUE_FAR_FACTOR
    if days_left <= -DUE_LATE_DAYS:
        return 1.0
    span = DUE_FAR_DAYS + DUE_LATE_DAYS
    return DUE_FAR_FACTOR + (1.0 - DUE_FAR_FACTOR) * (DUE_FAR_DAYS - days_left) / span


def score(task: TaskFacts, now: dt.datetime) -> Score:
    age_days = max(0.0, (now - task.created).total_seconds() / _DAY)
    parts = (
        ("priority", PRIORITY_POINTS[task.priority]),
        ("due", DUE_POINTS * due_factor(task.due, now) if task.due is not None else 0.0),
        ("waits", min(WAIT_MAX, WAIT_POINTS * max(0, task.waits_on_it))),
        ("critical", CRITICAL_POINTS if task.critical else 0.0),
        ("in progress", IN_PROGRESS_POINTS if task.status is Status.IN_PROGRESS else 0.0),
        ("age", AGE_POINTS * min(1.0, age_days / AGE_FULL_DAYS)),
        ("blocked", BLOCKED_POINTS if task.is_blocked() else 0.0),
    )
    kept = tuple((name, points) for name, points in parts if points)
    return Score(sum(points for _, points in kept), kept)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _due_words(due: dt.datetime, now: dt.datetime, tz: str) -> str | None:
    where = zone(tz)
    days = (due.astimezone(where).date() - now.astimezone(where).date()).days
    if due < now:
        return "overdue" if days >= 0 else "overdue " + _plural(-days, "day")
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due in {days} days" if days < DUE_FAR_DAYS else None


def _reason(name: str, task: TaskFacts, now: dt.datetime, tz: str) -> str | None:
    if name == "priority":
        return {Priority.URGENT: "urgent", Priority.HIGH: "high priority"}.get(task.priority)
    if name == "due" and task.due is not None:
        return _due_words(task.due, now, tz)
    if name == "waits":
        return f"blocks {task.waits_on_it}"
    if name == "critical":
        return "critical path"
    if name == "age":
        days = int((now - task.created).total_seconds() // _DAY)
        return f"open {days} days" if days >= 30 else None
    return name  # in progress, blocked


def why(task: TaskFacts, found: Score, now: dt.datetime, tz: str = "UTC") -> str:
    """The biggest parts in words, at most three ("blocks 4 · due tomorrow")."""
    biggest = sorted(found.parts, key=lambda part: -abs(part[1]))  # stable: formula order
    words = [w for name, _ in biggest if (w := _reason(name, task, now, tz)) is not None]
    return " · ".join(words[:3]) or f"{task.priority.value} priority"


def rank_key(task: TaskFacts, found: Score) -> tuple[float, bool, dt.datetime, int]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return (-round(found.total, 9), task.due is None, task.due or far, task.number)


def rank(tasks: Iterable[TaskFacts], now: dt.datetime, tz: str = "UTC",
         limit: int | None = None) -> list[Ranked]:
    """The tasks, most urgent first, each with its score and reason."""
    scored = [(task, score(task, now)) for task in tasks]
    scored.sort(key=lambda pair: rank_key(*pair))
    chosen = scored if limit is None else scored[:limit]
    return [Ranked(t.number, round(s.total, 2), why(t, s, now, tz)) for t, s in chosen]


def next_tasks(tasks: Iterable[TaskFacts], now: dt.datetime, tz: str = "UTC",
               limit: int = NEXT_LIMIT) -> list[Ranked]:
    """`/task next`: the top open, unblocked tasks (the caller picks whose, and the project)."""
    return rank((t for t in tasks if t.active and not t.is_blocked()), now, tz, limit)


def waiting_on(blocks: Mapping[int, Iterable[int]], active: Iterable[int]) -> dict[int, int]:
    """For each active task, how many active tasks wait on it: those it blocks, directly or
    through other active tasks (a closed task's dependency is satisfied, so waiting stops
    there). `blocks` maps a task number to the numbers of the tasks it blocks."""
    alive = set(active)
    counts: dict[int, int] = {}
    for start in alive:
        seen: set[int] = set()
        stack = [n for n in blocks.get(start, ()) if n in alive]
        while stack:
            current = stack.pop()
            if current in seen or current == start:
                continue
            seen.add(current)
            stack.extend(n for n in blocks.get(current, ()) if n in alive and n not in seen)
        counts[start] = len(seen)
    return counts
