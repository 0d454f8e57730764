"""The filter language in SQL: a `core.filters.query.Query` becomes a WHERE clause and an
ORDER BY over `tasks` that select and order exactly as `core.filters.evaluate` does (the
property tests in tests/integration/test_filter_sql.py check it on SQLite and PostgreSQL).

- who: `mine` is the asker's member id; `@a,@b` are resolved to member ids first (by
  platform id, or by name ignoring case), so every who-term is `assignee_id IN (...)` and
  reads the (tenant, assignee) indexes.
- the active condition is the literal `ACTIVE_SQL` of `orm.py`, so SQLite can use the
  partial indexes; blocked is `open_blocker_count > 0`; overdue `due_sort < now`.
- dates: `low <= column < high` (`DateTerm.bounds`); `due:none` is `due_at IS NULL`.
- text: each term is "the title, the description or one comment holds the phrase". When
  the query names whose tasks (mine, people) or a project, the few hundred tasks those
  select are checked one by one (`search_sql.phrase_in_task`: a LIKE over the task's folded
  texts); otherwise the full-text index answers (`search_sql.phrase_task_ids`), since a
  common word may be in tens of thousands of tasks. Both mean the same.
- `milestone:` the project layer's milestones (`plan_milestones`, per project) by name
  ignoring case, in any project; a task's milestone is its `plan_tasks.milestone_id`.
- `+waiting` (Taskwarrior's "hidden until its wait date"): taskbot has no wait dates yet,
  so no task is waiting: `+waiting` selects nothing, `-waiting` everything (as the core
  evaluator does with `waiting=False` facts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, false, or_, select, text, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from adapters.storage._sql import MEMBERS, PROJECTS, TASKS
from adapters.storage.orm import ACTIVE_SQL, BLOCKED_SQL, PRIORITY_ORDER
from adapters.storage.plan_tables import MILESTONES, PLAN_TASKS
from adapters.storage.repositories import name_key
from adapters.storage.search_sql import phrase_in_task, phrase_task_ids
from core.filters.query import (
    DateTerm,
    FlagTerm,
    MilestoneTerm,
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
from core.find_ports import Asker
from core.model import Status

C = TASKS.c
Clause = ColumnElement[bool]

def _active() -> Clause:
    return text(ACTIVE_SQL)  # type: ignore[return-value]


def _blocked() -> Clause:
    return and_(_active(), text(BLOCKED_SQL))


def _overdue(now: dt.datetime) -> Clause:
    return and_(_active(), C.due_sort < now)


def member_ids(session: Session, tenant_id: int, who: Who) -> list[int]:
    """The members `@a,@b` names: by platform id, or by name ignoring case."""
    ids = [p.user_id for p in who.people if p.user_id is not None]
    names = [name_key(p.name) for p in who.people if p.name is not None]
    if not ids and not names:
        return []
    stmt = select(MEMBERS.c.id).where(MEMBERS.c.tenant_id == tenant_id, or_(
        MEMBERS.c.user_id.in_(ids), MEMBERS.c.name_key.in_(names)))
    return sorted(session.execute(stmt).scalars())


def who_clause(session: Session, tenant_id: int, who: Who, asker: Asker) -> Clause:
    if who.kind == "all":
        return true()
    if who.kind == "unassigned":
        return C.assignee_id.is_(None)
    if who.kind == "mine":
        return C.assignee_id == asker.member_id
    ids = member_ids(session, tenant_id, who)
    if not ids:
        return false()
    return C.assignee_id == ids[0] if len(ids) == 1 else C.assignee_id.in_(ids)


def milestone_clause(session: Session, tenant_id: int, term: MilestoneTerm) -> Clause:
    """The tasks in a milestone of one of the names, in any project (milestones are per
    project: `milestone:beta` is every project's beta). Resolved to milestone ids first,
    then `plan_tasks` by its milestone index."""
    keys = sorted({name_key(n) for n in term.names})
    ids = sorted(session.execute(select(MILESTONES.c.id).where(
        MILESTONES.c.tenant_id == tenant_id, MILESTONES.c.name_key.in_(keys))).scalars())
    if not ids:
        return false()
    return C.id.in_(select(PLAN_TASKS.c.task_id).where(PLAN_TASKS.c.milestone_id.in_(ids)))


def _status(state: StatusWord, now: dt.datetime) -> Clause:
    if state == "open":
        return _active()
    if state == "in-progress":
        return C.status == Status.IN_PROGRESS.value
    if state == "blocked":
        return _blocked()
    if state == "overdue":
        return _overdue(now)
    return C.status == (Status.DONE.value if state == "done" else Status.DROPPED.value)


def _flag(term: FlagTerm, now: dt.datetime) -> Clause:
    if term.flag == "waiting":
        return false() if term.present else true()
    holds = _blocked() if term.flag == "blocked" else _overdue(now)
    return holds if term.present else ~holds


def _priority(term: PriorityTerm) -> Clause:
    if term.op == ":":
        return C.priority.in_([level.value for level in term.levels])
    order = PRIORITY_ORDER[term.levels[0]]  # smaller order = higher priority
    return {"<": C.priority_order > order, "<=": C.priority_order >= order,
            ">": C.priority_order < order, ">=": C.priority_order <= order}[term.op]


_DATE_COLUMNS = {"due": C.due_at, "created": C.created_at, "updated": C.updated_at,
                 "done": C.done_at}


def _date(term: DateTerm) -> Clause:
    column: Any = _DATE_COLUMNS[term.field]
    if term.window is None:
        return column.is_(None)  # type: ignore[no-any-return]
    low, high = term.bounds
    if term.field == "due" and low is None:
        column = C.due_sort  # the open lists' index key; undated tasks sort after any date
    parts = [column.isnot(None)]
    if low is not None:
        parts.append(column >= low)
    if high is not None:
        parts.append(column < high)
    return and_(*parts)


def _project(session: Session, tenant_id: int, term: ProjectTerm) -> Clause:
    """Resolved to ids first: `project_id = 3` lets SQLite read the project's index in the
    list's order (a subquery hides which index fits)."""
    keys = sorted({name_key(n) for n in term.names})
    ids = sorted(session.execute(select(PROJECTS.c.id).where(
        PROJECTS.c.tenant_id == tenant_id, PROJECTS.c.name_key.in_(keys))).scalars())
    if not ids:
        return false()
    return C.project_id == ids[0] if len(ids) == 1 else C.project_id.in_(ids)


def _narrow(query: Query) -> bool:
    """Whether the query's other terms pick few tasks (a person's, a project's)."""
    return query.effective_who.kind in ("mine", "people") or any(
        isinstance(t, ProjectTerm) for t in query.terms)


def term_clause(session: Session, tenant_id: int, term: Term, now: dt.datetime,
                narrow: bool = False) -> Clause:
    if isinstance(term, ProjectTerm):
        return _project(session, tenant_id, term)
    if isinstance(term, MilestoneTerm):
        return milestone_clause(session, tenant_id, term)
    if isinstance(term, StatusTerm):
        return or_(*(_status(s, now) for s in term.states))
    if isinstance(term, FlagTerm):
        return _flag(term, now)
    if isinstance(term, PriorityTerm):
        return _priority(term)
    if isinstance(term, DateTerm):
        return _date(term)
    assert isinstance(term, TextTerm)
    if narrow:
        return phrase_in_task(C.id, term.words)  # type: ignore[no-any-return]
    return C.id.in_(phrase_task_ids(session, tenant_id, term.words))


def where(session: Session, tenant_id: int, query: Query, asker: Asker,
          now: dt.datetime) -> list[Clause]:
    """The conditions (AND) of the query, tenant first."""
    clauses = [C.tenant_id == tenant_id,
               who_clause(session, tenant_id, query.effective_who, asker)]
    if query.default_open:
        clauses.append(_active())
    narrow = _narrow(query)
    clauses.extend(term_clause(session, tenant_id, t, now, narrow) for t in query.terms)
    return clauses


def order_by(sort: Sort | None) -> tuple[Any, ...]:
    """The evaluator's order (`core.filters.evaluate.sort_tasks`) for every sort but
    urgency, which is computed in Python. Ties always go by task number."""
    if sort is None:
        return (C.due_sort, C.priority_order, C.number)
    if sort.key == "due":
        return ((C.due_sort, C.number) if not sort.reverse
                else (C.due_at.is_(None), C.due_sort.desc(), C.number))
    if sort.key == "priority":
        return (C.priority_order.desc() if sort.reverse else C.priority_order, C.number)
    column = C.created_at if sort.key == "created" else C.updated_at
    return (column if sort.reverse else column.desc(), C.number)
