"""`core.find_ports.TaskFinder` over SQL: filtered pages and counts (`task_filters`),
ranked full-text search (`search_sql`), and the candidates of `/task next`.

`/task next` in a bounded read: the urgency score without its "what waits on it" part is
computed in SQL (`partial_score`), and the store returns the best `limit + MARGIN` by it,
plus every candidate that blocks an open task (only those can gain from the part SQL
leaves out); their transitive waiting counts come from one recursive query
(`waiting_counts`). The core ranks the union exactly (`core.filters.urgency`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Float, case, exists, func, select, text
from sqlalchemy.orm import Session

from adapters.storage._sql import DEPS, TASKS, dialect_name, many, p, statement
from adapters.storage.orm import ACTIVE_SQL
from adapters.storage.search_sql import phrase_in_task, phrase_scores, text_hits
from adapters.storage.task_filters import order_by, where
from adapters.storage.tasks import _task
from core.filters import urgency as u
from core.filters.facts import TaskFacts
from core.filters.query import Query
from core.find_ports import Asker, FoundPage
from core.model import Priority, Status, Task

C = TASKS.c
MARGIN = 20
"""Extra candidates by the SQL score, so rounding in SQL cannot push a top task out."""
RANKED_HITS = 1000
"""A search whose rarest phrase is in more texts than this is ordered by recency alone:
scoring every hit (bm25, ts_rank) costs tens of milliseconds per ten thousand."""

_WAITS = text(f"""
WITH RECURSIVE reach(root, node) AS (
  SELECT d.blocker_id, d.blocked_id FROM task_deps d JOIN tasks t ON t.id = d.blocked_id
   WHERE d.blocker_id IN :roots AND t.{ACTIVE_SQL}
  UNION
  SELECT r.root, d.blocked_id FROM reach r JOIN task_deps d ON d.blocker_id = r.node
   JOIN tasks t ON t.id = d.blocked_id WHERE t.{ACTIVE_SQL}
)
SELECT root, count(DISTINCT node) FROM reach WHERE node <> root GROUP BY root
""")


def _days_until(dialect: str, moment: Any) -> Any:
    """Days from the bound `now` to `moment` (negative when past)."""
    if dialect == "sqlite":  # SQLite keeps naive UTC text; `now_text` is in the same form
        return func.julianday(moment) - func.julianday(p("now_text"))
    return func.extract("epoch", moment - p("now")) / 86400.0


def partial_score(dialect: str) -> Any:
    """`core.filters.urgency.score` without the waiting and critical-path parts, for the
    bound `now`."""
    points = u.PRIORITY_POINTS
    prio = case(*((C.priority == level.value, points[level]) for level in Priority),
                else_=0.0)
    days = _days_until(dialect, C.due_at)
    span = u.DUE_FAR_DAYS + u.DUE_LATE_DAYS
    factor = case((C.due_at.is_(None), 0.0), (days >= u.DUE_FAR_DAYS, u.DUE_FAR_FACTOR),
                  (days <= -u.DUE_LATE_DAYS, 1.0),
                  else_=u.DUE_FAR_FACTOR + (1.0 - u.DUE_FAR_FACTOR)
                  * (u.DUE_FAR_DAYS - days) / span)
    started = case((C.status == Status.IN_PROGRESS.value, u.IN_PROGRESS_POINTS), else_=0.0)
    age = -_days_until(dialect, C.created_at) / u.AGE_FULL_DAYS
    age_part = case((age <= 0, 0.0), (age >= 1, u.AGE_POINTS), else_=u.AGE_POINTS * age)
    return (prio + u.DUE_POINTS * factor + started + age_part).cast(Float)


def _next_where(by_assignee: bool, by_project: bool) -> list[Any]:
    where: list[Any] = [C.tenant_id == p("tenant"), text(ACTIVE_SQL),
                        text("open_blocker_count = 0")]
    if by_assignee:
        where.append(C.assignee_id == p("assignee"))
    if by_project:
        where.append(C.project_id.in_(many("projects")))
    return where


@statement
def _next_top(dialect: str, by_assignee: bool, by_project: bool) -> Any:
    """The candidates with the best partial scores (built once per shape)."""
    return (select(TASKS).where(*_next_where(by_assignee, by_project))
            .order_by(partial_score(dialect).desc(), C.due_sort, C.number)
            .limit(p("limit")))


@statement
def _next_blockers(by_assignee: bool, by_project: bool) -> Any:
    """The candidates that block an open task (only they gain from what waits on them)."""
    blocked = TASKS.alias("blocked")
    blocks = exists().where(DEPS.c.blocker_id == C.id, blocked.c.id == DEPS.c.blocked_id,
                            blocked.c.status.in_(("open", "in_progress")))
    return select(TASKS).where(*_next_where(by_assignee, by_project), blocks)


def facts_of(task: Task, waits: int = 0) -> TaskFacts:
    """A task as the urgency score sees it (`updated` is not used there)."""
    return TaskFacts(number=task.number, title=task.title, created=task.created_at,
                     updated=task.created_at, status=task.status, priority=task.priority,
                     due=task.due_at, done_at=task.done_at,
                     blocked=task.open_blocker_count > 0, waits_on_it=waits)


class SqlTaskFinder:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, stmt: Any, params: dict[str, Any] | None = None) -> list[Task]:
        return [_task(r) for r in self.session.execute(stmt, params or {}).mappings()]

    def select(self, tenant_id: int, query: Query, asker: Asker, now: dt.datetime,
               page_size: int) -> FoundPage:
        clauses = where(self.session, tenant_id, query, asker, now)
        first = (query.page - 1) * page_size
        if query.sort is not None and query.sort.key == "urgency":
            ranked = self._by_urgency(self._rows(select(TASKS).where(*clauses)), now,
                                      query.sort.reverse)
            return FoundPage(ranked[first:first + page_size], len(ranked))
        total = self.session.execute(select(func.count()).select_from(TASKS)
                                     .where(*clauses)).scalar_one()
        if total <= first:
            return FoundPage([], total)
        stmt = (select(TASKS).where(*clauses).order_by(*order_by(query.sort))
                .limit(page_size).offset(first))
        return FoundPage(self._rows(stmt), total)

    def count(self, tenant_id: int, query: Query, asker: Asker, now: dt.datetime) -> int:
        clauses = where(self.session, tenant_id, query, asker, now)
        return int(self.session.execute(select(func.count()).select_from(TASKS)
                                        .where(*clauses)).scalar_one())

    def _by_urgency(self, tasks: list[Task], now: dt.datetime, reverse: bool) -> list[Task]:
        """As `core.filters.evaluate.sort_tasks` orders `sort:urgency` (`sort:urgency-`
        reverses the score, ties still by due date then number)."""
        waits = self.waiting_counts([t.id for t in tasks if t.status.is_active])
        scored = [(t, u.score(facts_of(t, waits.get(t.id, 0)), now).total) for t in tasks]
        scored.sort(key=lambda pair: pair[0].number)
        scored.sort(key=lambda pair: (pair[0].due_at is None,
                                      pair[0].due_at or dt.datetime.max.replace(tzinfo=dt.UTC)))
        scored.sort(key=lambda pair: pair[1], reverse=not reverse)
        return [t for t, _ in scored]

    def waiting_counts(self, task_ids: Sequence[int]) -> dict[int, int]:
        """For each task id: the active tasks blocked by it, directly or through other
        active tasks (`core.filters.urgency.waiting_on`)."""
        if not task_ids:
            return {}
        out: dict[int, int] = {}
        ids = list(task_ids)
        for start in range(0, len(ids), 500):
            stmt = _WAITS.bindparams(many("roots"))
            rows = self.session.execute(stmt, {"roots": ids[start:start + 500]})
            out.update({int(root): int(n) for root, n in rows})
        return out

    def search(self, tenant_id: int, phrases: tuple[tuple[str, ...], ...], limit: int,
               open_only: bool = False) -> list[Task]:
        """The rarest phrase drives (counted in the index first); the other phrases are
        checked per task. Up to `RANKED_HITS` texts, the rarest phrase's hits are scored
        (bm25, ts_rank): best first, then the most recently updated. A phrase in more
        texts than that scores too little to rank by; then the tenant's most recently
        updated tasks are walked, newest first, each checked for every phrase."""
        if not phrases:
            return []
        hits = {words: text_hits(self.session, words) for words in phrases}
        rarest = min(phrases, key=lambda words: hits[words])
        others = [phrase_in_task(C.id, words) for words in phrases if words != rarest]
        where = [C.tenant_id == tenant_id, *others]
        if open_only:
            where.append(text(ACTIVE_SQL))
        if hits[rarest] <= RANKED_HITS:
            sub = phrase_scores(self.session, tenant_id, rarest)
            stmt = (select(TASKS).select_from(TASKS.join(sub, sub.c.task_id == C.id))
                    .where(*where)
                    .order_by(sub.c.score.desc(), C.updated_at.desc(), C.number.desc()))
        else:
            # Newest first along ix_tasks_updated_at (its key ends with the row id), the
            # tenant checked per row: `tenant_id + 0` keeps SQLite, which has no statistics,
            # from reading the whole tenant by its number index and sorting it.
            stmt = (select(TASKS).where((C.tenant_id + 0) == tenant_id, *where[1:],
                                        phrase_in_task(C.id, rarest))
                    .order_by(C.updated_at.desc(), C.id.desc()))
        return self._rows(stmt.limit(limit))

    def next_candidates(self, tenant_id: int, assignee_id: int | None,
                        project_ids: tuple[int, ...] | None, now: dt.datetime,
                        limit: int) -> list[TaskFacts]:
        by_assignee, by_project = assignee_id is not None, project_ids is not None
        params = {"tenant": tenant_id, "assignee": assignee_id,
                  "projects": list(project_ids or ()), "limit": limit + MARGIN, "now": now,
                  "now_text": now.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")}
        top = self._rows(_next_top(dialect_name(self.session), by_assignee, by_project),
                         params)
        more = self._rows(_next_blockers(by_assignee, by_project), params)
        tasks = {t.id: t for t in [*top, *more]}
        waits = self.waiting_counts(list(tasks))
        return [facts_of(t, waits.get(t.id, 0)) for t in tasks.values()]
