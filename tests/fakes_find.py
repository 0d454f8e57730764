"""The in-memory finder of the fake unit of work: the core evaluator itself
(`core.filters.evaluate`, `core.filters.urgency`) over the fake database's rows, so unit
tests of the find handlers need no SQL (the SQL finder is property-tested against the same
evaluator in tests/integration/test_filter_sql.py). The fake carries no project layer, so
no task has a milestone: `milestone:` selects nothing here."""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING

from core.filters import fold
from core.filters.evaluate import select
from core.filters.facts import TaskFacts
from core.filters.query import Person, Query
from core.filters.urgency import waiting_on
from core.find_ports import Asker, FoundPage, TaskFinder
from core.model import Task

if TYPE_CHECKING:
    from tests.fakes import FakeDB


class FakeFinder:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def _tasks(self, tenant_id: int) -> list[Task]:
        return [t for t in self.db.tasks.values() if t.tenant_id == tenant_id]

    def _facts(self, tenant_id: int) -> dict[int, TaskFacts]:
        tasks = self._tasks(tenant_id)
        by_id = {t.id: t for t in tasks}
        active = {t.id for t in tasks if t.status.is_active}
        blocks: dict[int, list[int]] = {}
        for blocker, blocked in self.db.edges:
            if blocker in by_id:
                blocks.setdefault(blocker, []).append(blocked)
        waits = waiting_on(blocks, active)
        out = {}
        for t in tasks:
            member = self.db.members.get(t.assignee_id) if t.assignee_id else None
            project = self.db.projects.get(t.project_id) if t.project_id else None
            history = [h for h in self.db.history if h.task_id == t.id]
            out[t.number] = TaskFacts(
                number=t.number, title=t.title, created=t.created_at,
                updated=max([t.created_at, *(h.at for h in history)]), status=t.status,
                priority=t.priority, due=t.due_at, done_at=t.done_at,
                assignee=Person(member.user_id, member.display_name) if member else None,
                project=project.name if project else None, blocked=t.open_blocker_count > 0,
                description=t.description or "",
                comments=tuple(h.text for h in history if h.kind == "comment"),
                waits_on_it=waits.get(t.id, 0))
        return out

    def _by_number(self, tenant_id: int, numbers: list[int]) -> list[Task]:
        tasks = {t.number: t for t in self._tasks(tenant_id)}
        return [copy.deepcopy(tasks[n]) for n in numbers]

    def select(self, tenant_id: int, query: Query, asker: Asker, now: dt.datetime,
               page_size: int) -> FoundPage:
        page, total = select(query, self._facts(tenant_id).values(), me=asker.person,
                             now=now, page_size=page_size)
        return FoundPage(self._by_number(tenant_id, [f.number for f in page]), total)

    def count(self, tenant_id: int, query: Query, asker: Asker, now: dt.datetime) -> int:
        return self.select(tenant_id, query, asker, now, 1).total

    def search(self, tenant_id: int, phrases: tuple[tuple[str, ...], ...], limit: int,
               open_only: bool = False) -> list[Task]:
        facts = self._facts(tenant_id)
        hits = [f for f in facts.values()
                if all(any(fold.contains(w, p) for w in f.text_words()) for p in phrases)
                and (f.active or not open_only)]
        hits.sort(key=lambda f: (f.updated, f.number), reverse=True)
        return self._by_number(tenant_id, [f.number for f in hits[:limit]])

    def next_candidates(self, tenant_id: int, assignee_id: int | None,
                        project_ids: tuple[int, ...] | None, now: dt.datetime,
                        limit: int) -> list[TaskFacts]:
        facts = self._facts(tenant_id)
        return [facts[t.number] for t in self._tasks(tenant_id)
                if t.status.is_active and t.open_blocker_count == 0
                and (assignee_id is None or t.assignee_id == assignee_id)
                and (project_ids is None or t.project_id in project_ids)]


if TYPE_CHECKING:
    def _conforms(db: FakeDB) -> TaskFinder:
        return FakeFinder(db)
