"""In-memory fakes of the core's ports, for unit tests (cosmicpython style): they keep
rows in dicts and behave like the storage adapter, with none of its I/O.
The contract tests in tests/integration run the same scenarios against real databases."""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from core.errors import UserError
from core.find_ports import TaskFinder
from core.model import Member, Project, Role, Status, Task, Tenant, TenantKey
from core.notifications import Notification
from core.ports import (
    HistoryRecord,
    HistoryRepository,
    LoadRow,
    MemberRepository,
    Outbox,
    ProjectRepository,
    StatusCounts,
    TaskQuery,
    TaskRepository,
    TenantRepository,
    UnitOfWorkFactory,
)
from core.scheduling.model import DigestSchedule, Prefs, TaskAlert
from core.scheduling.ports import (
    AlertRepository,
    DeliveryAdmin,
    DigestRepository,
    FeedRepository,
    PeopleRepository,
    ReminderRepository,
    ScheduleUnitOfWorkFactory,
    SeriesRepository,
)
from tests.fakes_find import FakeFinder
from tests.fakes_schedule import (
    FakeAlerts,
    FakeDeliveryAdmin,
    FakeDigests,
    FakeFeed,
    FakePeople,
    FakeReminders,
    FakeSeries,
)
from tests.fakes_templates import FakeTemplates


class FakeDB:
    """The committed state that fake units of work read and write."""

    def __init__(self) -> None:
        self.tenants: dict[TenantKey, Tenant] = {}
        self.counters: dict[int, int] = defaultdict(int)
        self.members: dict[int, Member] = {}
        self.projects: dict[int, Project] = {}
        self.tasks: dict[int, Task] = {}
        self.edges: set[tuple[int, int]] = set()
        self.history: list[HistoryRecord] = []
        self.history_ids: list[int] = []  # each history row's id: increasing, never reused
        self.last_history_id = 0
        self.outbox: list[Notification] = []
        self.dedupe: set[str] = set()
        self.reminders: dict[int, dict[str, Any]] = {}  # the scheduler's (tests.fakes_schedule)
        self.series: dict[int, dict[str, Any]] = {}
        self.digests: dict[int, DigestSchedule] = {}
        self.prefs: dict[int, Prefs] = {}
        self.alerts: dict[int, TaskAlert] = {}
        self.escalations: dict[int, int] = {}
        self.cursors: dict[str, int] = {}
        self.templates: dict[tuple[int, str], Any] = {}  # tests.fakes_templates
        self.outbox_due: list[dt.datetime] = []  # each outbox row's next attempt
        self.last_id = 0
        self.commits = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


class _Tenants:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def get_or_create(self, key: TenantKey, lock: bool = False,
                      default_tz: str = "UTC") -> Tenant:
        if key not in self.db.tenants:
            self.db.tenants[key] = Tenant(id=self.db.next_id(), key=key, default_tz=default_tz)
        return self.db.tenants[key]

    def next_task_number(self, tenant_id: int) -> int:
        self.db.counters[tenant_id] += 1
        return self.db.counters[tenant_id]

    def reserve_task_numbers(self, tenant_id: int, count: int) -> int:
        if count < 1:
            raise ValueError("reserve at least one task number")
        self.db.counters[tenant_id] += count
        return self.db.counters[tenant_id] - count + 1


class _Members:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def get(self, tenant_id: int, user_id: str) -> Member | None:
        return next((copy.copy(m) for m in self.db.members.values()
                     if m.tenant_id == tenant_id and m.user_id == user_id), None)

    def by_name(self, tenant_id: int, name: str) -> Member | None:
        return next((copy.copy(m) for m in self.db.members.values()
                     if m.tenant_id == tenant_id
                     and m.display_name.lower() == name.lower()), None)

    def get_many(self, ids: Sequence[int]) -> dict[int, Member]:
        return {i: copy.copy(self.db.members[i]) for i in ids if i in self.db.members}

    def add(self, tenant_id: int, user_id: str, display_name: str,
            role: Role = Role.MEMBER) -> Member:
        existing = self.get(tenant_id, user_id)
        if existing is not None:  # the same person again (a race in SQL): no error
            return existing
        member = Member(id=self.db.next_id(), tenant_id=tenant_id, user_id=user_id,
                        display_name=display_name, role=role)
        self.db.members[member.id] = member
        return copy.copy(member)

    def update(self, member: Member) -> None:
        self.db.members[member.id] = copy.copy(member)

    def count(self, tenant_id: int) -> int:
        return sum(1 for m in self.db.members.values() if m.tenant_id == tenant_id)


class _Projects:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def by_name(self, tenant_id: int, name: str) -> Project | None:
        return next((copy.copy(p) for p in self.db.projects.values()
                     if p.tenant_id == tenant_id and p.name.lower() == name.lower()), None)

    def get_many(self, ids: Sequence[int]) -> dict[int, Project]:
        return {i: copy.copy(self.db.projects[i]) for i in ids if i in self.db.projects}

    def add(self, tenant_id: int, name: str, owner_id: int | None, channel_id: str | None,
            now: dt.datetime) -> Project:
        if self.by_name(tenant_id, name) is not None:
            raise UserError(f"A project named “{name}” already exists.")
        project = Project(id=self.db.next_id(), tenant_id=tenant_id, name=name,
                          owner_id=owner_id, channel_id=channel_id, created_at=now)
        self.db.projects[project.id] = project
        return copy.copy(project)

    def update(self, project: Project) -> None:
        self.db.projects[project.id] = copy.copy(project)

    def list(self, tenant_id: int, include_archived: bool) -> list[Project]:
        return sorted((copy.copy(p) for p in self.db.projects.values()
                       if p.tenant_id == tenant_id and (include_archived or not p.archived)),
                      key=lambda p: p.name.lower())


def _sort_open(t: Task) -> tuple[object, ...]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return (t.due_at or far, -t.priority.rank, t.number)


class _Tasks:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def get(self, tenant_id: int, number: int) -> Task | None:
        return next((copy.deepcopy(t) for t in self.db.tasks.values()
                     if t.tenant_id == tenant_id and t.number == number), None)

    def get_many(self, tenant_id: int, numbers: Sequence[int]) -> dict[int, Task]:
        wanted = set(numbers)
        return {t.number: copy.deepcopy(t) for t in self.db.tasks.values()
                if t.tenant_id == tenant_id and t.number in wanted}

    def get_by_ids(self, ids: Sequence[int]) -> dict[int, Task]:
        return {i: copy.deepcopy(self.db.tasks[i]) for i in ids if i in self.db.tasks}

    def add(self, task: Task) -> Task:
        task.id = self.db.next_id()
        self.db.tasks[task.id] = copy.deepcopy(task)
        return task

    def add_many(self, tasks: Sequence[Task]) -> list[Task]:
        return [self.add(t) for t in tasks]

    def update(self, task: Task) -> None:
        stored = self.db.tasks.get(task.id)
        if stored is None or stored.tenant_id != task.tenant_id:  # scoped by tenant
            return
        count = stored.open_blocker_count  # maintained only by adjust_open_blockers
        self.db.tasks[task.id] = copy.deepcopy(task)
        self.db.tasks[task.id].open_blocker_count = count

    def delete(self, task: Task) -> None:
        stored = self.db.tasks.get(task.id)
        if stored is None or stored.tenant_id != task.tenant_id:  # scoped by tenant
            return
        self.db.tasks.pop(task.id, None)
        self.db.edges = {e for e in self.db.edges if task.id not in e}
        kept = [(i, h) for i, h in zip(self.db.history_ids, self.db.history, strict=True)
                if h.task_id != task.id]
        self.db.history_ids = [i for i, _ in kept]
        self.db.history = [h for _, h in kept]

    def query(self, q: TaskQuery) -> list[Task]:
        rows = [t for t in self.db.tasks.values() if t.tenant_id == q.tenant_id
                and (q.assignee_id is None or t.assignee_id == q.assignee_id)
                and (q.project_id is None or t.project_id == q.project_id)
                and (q.title_contains is None
                     or q.title_contains.lower() in t.title.lower())]
        if q.state == "done":
            rows = sorted((t for t in rows if not t.status.is_active),
                          key=lambda t: (t.done_at, t.number), reverse=True)
        else:
            rows = [t for t in rows if t.status.is_active]
            if q.state == "blocked":
                rows = [t for t in rows if t.open_blocker_count > 0]
            elif q.state == "overdue":
                assert q.now is not None
                rows = [t for t in rows if t.due_at is not None and t.due_at < q.now]
            rows.sort(key=_sort_open)
        return [copy.deepcopy(t) for t in rows[q.offset:q.offset + q.limit]]

    def blocker_ids(self, task_id: int) -> list[int]:
        return sorted(b for b, d in self.db.edges if d == task_id)

    def dependent_ids(self, task_id: int) -> list[int]:
        return sorted(d for b, d in self.db.edges if b == task_id)

    def blocker_ids_of_many(self, task_ids: Sequence[int]) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        wanted = set(task_ids)
        for b, d in sorted(self.db.edges):
            if d in wanted:
                out.setdefault(d, []).append(b)
        return out

    def add_edge(self, blocker_id: int, blocked_id: int) -> None:
        a, b = self.db.tasks.get(blocker_id), self.db.tasks.get(blocked_id)
        if a is None or b is None or a.tenant_id != b.tenant_id:
            raise ValueError(f"no tasks {blocker_id} and {blocked_id} in one tenant")
        self.db.edges.add((blocker_id, blocked_id))

    def add_edges(self, tenant_id: int, edges: Sequence[tuple[int, int]]) -> None:
        ids = {i for edge in edges for i in edge}
        if any(i not in self.db.tasks or self.db.tasks[i].tenant_id != tenant_id for i in ids):
            raise ValueError(f"edges name tasks outside tenant {tenant_id}")
        self.db.edges.update(edges)

    def remove_edge(self, blocker_id: int, blocked_id: int) -> bool:
        if (blocker_id, blocked_id) not in self.db.edges:
            return False
        self.db.edges.discard((blocker_id, blocked_id))
        return True

    def adjust_open_blockers(self, task_ids: Sequence[int], delta: int) -> None:
        for i in task_ids:
            self.db.tasks[i].open_blocker_count += delta

    def project_counts(self, project_id: int) -> StatusCounts:
        counts: dict[str, int] = defaultdict(int)
        for t in self.db.tasks.values():
            if t.project_id == project_id:
                counts[t.status.value] += 1
        return StatusCounts(by_status=dict(counts), total=sum(counts.values()))

    def project_load(self, project_id: int, now: dt.datetime) -> list[LoadRow]:
        rows: dict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
        for t in self.db.tasks.values():
            if t.project_id == project_id and t.status.is_active:
                row = rows[t.assignee_id]
                row[0] += 1
                row[1] += t.status is Status.IN_PROGRESS
                row[2] += t.is_overdue(now)
        return [LoadRow(a, *r) for a, r in rows.items()]

    def project_active(self, project_id: int, limit: int) -> list[Task]:
        rows = sorted((t for t in self.db.tasks.values()
                       if t.project_id == project_id and t.status.is_active), key=_sort_open)
        return [copy.deepcopy(t) for t in rows[:limit]]


class _History:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def add(self, record: HistoryRecord) -> None:
        self.db.last_history_id += 1
        self.db.history_ids.append(self.db.last_history_id)
        self.db.history.append(record)

    def add_many(self, records: Sequence[HistoryRecord]) -> None:
        for record in records:
            self.add(record)

    def for_task(self, task_id: int, limit: int) -> list[HistoryRecord]:
        return [h for h in self.db.history if h.task_id == task_id][-limit:]


class _Outbox:
    def __init__(self, db: FakeDB) -> None:
        self.db = db

    def add(self, note: Notification, now: dt.datetime) -> bool:
        if note.dedupe_key is not None:
            if note.dedupe_key in self.db.dedupe:
                return False
            self.db.dedupe.add(note.dedupe_key)
        self.db.outbox.append(note)
        self.db.outbox_due.append(note.not_before or now)
        return True


class FakeUnitOfWork:
    """Works on a copy of the database; commit swaps it in, anything else discards it."""

    # Typed as the ports (as SqlUnitOfWork is): a protocol's attributes are invariant.
    tenants: TenantRepository
    members: MemberRepository
    projects: ProjectRepository
    tasks: TaskRepository
    history: HistoryRepository
    outbox: Outbox
    reminders: ReminderRepository
    series: SeriesRepository
    digests: DigestRepository
    people: PeopleRepository
    alerts: AlertRepository
    feed: FeedRepository
    deliveries: DeliveryAdmin
    templates: FakeTemplates
    finder: TaskFinder

    def __init__(self, db: FakeDB) -> None:
        self.committed = db

    def __enter__(self) -> FakeUnitOfWork:
        self.work = copy.deepcopy(self.committed)
        self.tenants = _Tenants(self.work)
        self.members = _Members(self.work)
        self.projects = _Projects(self.work)
        self.tasks = _Tasks(self.work)
        self.history = _History(self.work)
        self.outbox = _Outbox(self.work)
        self.reminders = FakeReminders(self.work)
        self.series = FakeSeries(self.work)
        self.digests = FakeDigests(self.work)
        self.people = FakePeople(self.work)
        self.alerts = FakeAlerts(self.work)
        self.feed = FakeFeed(self.work)
        self.deliveries = FakeDeliveryAdmin(self.work)
        self.templates = FakeTemplates(self.work)
        self.finder = FakeFinder(self.work)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.rollback()

    def commit(self) -> None:
        self.work.commits += 1
        self.committed.__dict__.update(copy.deepcopy(self.work).__dict__)

    def rollback(self) -> None:
        self.work = copy.deepcopy(self.committed)


class FakeUnitOfWorkFactory:
    def __init__(self, db: FakeDB | None = None) -> None:
        self.db = db or FakeDB()

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.db)


if TYPE_CHECKING:  # mypy proves the fakes satisfy the core's ports (tests/ is type-checked)
    def _conforms() -> UnitOfWorkFactory:
        return FakeUnitOfWorkFactory()

    def _conforms_schedule() -> ScheduleUnitOfWorkFactory:
        return FakeUnitOfWorkFactory()
