"""Turn domain objects into result views, loading what they mention in a few batched
queries (members, projects, blockers) instead of one query per task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from core.model import Member, Project, Task
from core.ports import UnitOfWork
from core.results import MemberView, TaskRefView, TaskView


def member_view(member: Member | None) -> MemberView | None:
    if member is None:
        return None
    return MemberView(user_id=member.user_id, display_name=member.display_name)


class ViewBuilder:
    """Builds views for a batch of tasks with at most four queries, whatever the batch size."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._members: dict[int, Member] = {}
        self._projects: dict[int, Project] = {}

    def _load_people(self, tasks: Iterable[Task]) -> None:
        ids = {i for t in tasks for i in (t.assignee_id, t.creator_id) if i is not None}
        missing = [i for i in ids if i not in self._members]
        if missing:
            self._members.update(self.uow.members.get_many(missing))

    def _load_projects(self, tasks: Iterable[Task]) -> None:
        ids = {t.project_id for t in tasks if t.project_id is not None}
        missing = [i for i in ids if i not in self._projects]
        if missing:
            self._projects.update(self.uow.projects.get_many(missing))

    def member(self, member_id: int) -> Member | None:
        """A member by id, from this builder's cache when it has seen them."""
        if member_id not in self._members:
            self._members.update(self.uow.members.get_many([member_id]))
        return self._members.get(member_id)

    def project(self, project_id: int | None) -> Project | None:
        if project_id is None:
            return None
        if project_id not in self._projects:
            self._projects.update(self.uow.projects.get_many([project_id]))
        return self._projects.get(project_id)

    def person(self, member_id: int | None) -> MemberView | None:
        return member_view(self._members.get(member_id)) if member_id is not None else None

    def refs(self, tasks: Sequence[Task]) -> list[TaskRefView]:
        self._load_people(tasks)
        return [TaskRefView(number=t.number, title=t.title, status=t.status,
                            assignee=self.person(t.assignee_id), due_at=t.due_at)
                for t in tasks]

    def tasks(self, tasks: Sequence[Task], now: dt.datetime | None = None,
              with_blockers: bool = True) -> list[TaskView]:
        blockers_of: dict[int, list[Task]] = {}
        if with_blockers:
            wanted = [t.id for t in tasks]
            edge_map = self.uow.tasks.blocker_ids_of_many(wanted) if wanted else {}
            all_ids = sorted({b for ids in edge_map.values() for b in ids})
            by_id = self.uow.tasks.get_by_ids(all_ids) if all_ids else {}
            blockers_of = {tid: [by_id[b] for b in ids if b in by_id]
                           for tid, ids in edge_map.items()}
        everyone = list(tasks) + [b for bs in blockers_of.values() for b in bs]
        self._load_people(everyone)
        self._load_projects(tasks)
        views = []
        for t in tasks:
            project = self._projects.get(t.project_id) if t.project_id is not None else None
            blocked_by = tuple(self.refs(sorted(blockers_of.get(t.id, []),
                                                key=lambda b: b.number)))
            views.append(TaskView(
                number=t.number, title=t.title, status=t.status, priority=t.priority,
                assignee=self.person(t.assignee_id), creator=self.person(t.creator_id),
                project=project.name if project else None, due_at=t.due_at,
                description=t.description, blocked_by=blocked_by, source_link=t.source_link,
                created_at=t.created_at, started_at=t.started_at, done_at=t.done_at,
                overdue=now is not None and t.is_overdue(now),
                repeat=rule if isinstance(rule := t.extra.get("every"), str) else None,
            ))
        return views

    def task(self, task: Task, now: dt.datetime | None = None) -> TaskView:
        return self.tasks([task], now)[0]
