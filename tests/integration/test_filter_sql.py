"""The filter language in SQL selects and orders exactly as the core evaluator does
(`core.filters.evaluate`, the oracle), on SQLite and on PostgreSQL: random boards of tasks
(people, projects, dates, dependencies, titles, descriptions and comments with accents) and
random queries; the same page, the same order, the same count.

Each example writes its board into a tenant of its own, so every query also runs next to
other tenants' tasks (tenant isolation). The Hypothesis profile is the suite's."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from adapters.storage.engine import make_session_factory
from adapters.storage.uow import SqlUnitOfWork
from core.filters.evaluate import select
from core.filters.facts import TaskFacts
from core.filters.parse import parse_filter
from core.filters.query import Person
from core.filters.urgency import waiting_on
from core.find_ports import Asker
from core.model import Member, Priority, Status, Task, TenantKey
from core.plan_ports import MilestoneRec
from core.plan_ports import TaskFacts as PlanFacts
from core.ports import HistoryRecord

NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
ZONES = st.sampled_from(["UTC", "Europe/Lisbon", "America/New_York", "Asia/Kolkata"])
PEOPLE = [("U1", "me"), ("U2", "ana"), ("U3", "Bob")]
PROJECTS = ["launch", "Web", "big launch"]
MILESTONES = ["beta", "GA"]
"""Every project has both: `milestone:beta` is each project's beta."""
_MOMENTS = st.integers(min_value=-40 * 24, max_value=40 * 24).map(
    lambda hours: NOW + dt.timedelta(hours=hours, microseconds=hours % 7))
_WORDS = st.lists(st.sampled_from(["spec", "Spécification", "review", "the", "e-mail",
                                   "café", "launch", "x", "STRASSE", "straße"]),
                  max_size=4).map(" ".join)
_TERMS = [
    "project:launch", "project:launch,web", 'project:"big launch"', "project:nowhere",
    "status:open", "status:done,dropped", "status:in-progress,blocked,overdue", "+blocked",
    "-blocked", "+overdue", "-overdue", "+waiting", "-waiting", "priority:high",
    "priority>=high", "priority<normal", "priority:low,urgent", "priority<=normal",
    "priority>low", "due<fri", "due<=2026-12-24", "due>today", "due:none", "due:this-week",
    "due:next-week", "due>=tomorrow", "created>2026-11-01", 'created<"2 weeks ago"',
    'done>"last monday"', "done:none", 'updated<"2 weeks ago"', "updated>=yesterday",
    "updated:this-week", "spec", '"the spec"', "café", "cafe", "e-mail", "review", "strasse",
    '"review the"', "SPÉC", "x", "milestone:beta", "milestone:BETA,ga", "milestone:nowhere",
]
_WHO = ["", "mine", "all", "unassigned", "@ana", "@ana,@bob", "<@U2>", "@BOB", "@nobody"]
_SORTS = ["", "sort:urgency", "sort:urgency-", "sort:due", "sort:due-", "sort:priority",
          "sort:priority-", "sort:created", "sort:created-", "sort:updated", "sort:updated-"]


@dataclass(frozen=True)
class Drawn:
    status: Status
    priority: Priority
    person: int | None
    project: int | None
    milestone: int | None
    created: dt.datetime
    updated: dt.datetime
    due: dt.datetime | None
    done_at: dt.datetime
    title: str
    description: str
    comments: tuple[str, ...]


@st.composite
def drawn_tasks(draw: st.DrawFn) -> Drawn:
    return Drawn(
        status=draw(st.sampled_from(list(Status))),
        priority=draw(st.sampled_from(list(Priority))),
        person=draw(st.none() | st.integers(0, len(PEOPLE) - 1)),
        project=draw(st.none() | st.integers(0, len(PROJECTS) - 1)),
        milestone=draw(st.none() | st.integers(0, len(MILESTONES) - 1)),
        created=draw(_MOMENTS), updated=draw(_MOMENTS), due=draw(st.none() | _MOMENTS),
        done_at=draw(_MOMENTS), title=draw(_WORDS.filter(lambda t: t.strip() != "")),
        description=draw(_WORDS), comments=tuple(draw(st.lists(_WORDS, max_size=2))))


BOARDS = st.integers(0, 10).flatmap(lambda n: st.tuples(
    st.lists(drawn_tasks(), min_size=n, max_size=n),
    st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0))),
             max_size=n)))
QUERIES = st.tuples(st.sampled_from(_WHO), st.lists(st.sampled_from(_TERMS), max_size=3),
                    st.sampled_from(_SORTS)).map(lambda q: " ".join([q[0], *q[1], q[2]]))

_tenants = itertools.count(1)


def _write(factory: sessionmaker[Session], board: list[Drawn],
           edges: list[tuple[int, int]]) -> tuple[int, Asker, list[TaskFacts]]:
    """The board in a new tenant, and its facts as the oracle sees them."""
    with SqlUnitOfWork(factory) as uow:
        tenant = uow.tenants.get_or_create(TenantKey("slack", f"T{next(_tenants)}"))
        members: list[Member] = [uow.members.add(tenant.id, uid, name)
                                 for uid, name in PEOPLE]
        projects = [uow.projects.add(tenant.id, name, None, None, NOW) for name in PROJECTS]
        milestones = {(p.id, name): uow.plans.add_milestone(MilestoneRec(
            id=0, tenant_id=tenant.id, project_id=p.id, name=name), NOW).id
            for p in projects for name in MILESTONES}
        tasks: list[Task] = []
        for n, d in enumerate(board, 1):
            task = uow.tasks.add(Task(
                id=0, tenant_id=tenant.id, number=n, title=d.title, creator_id=members[0].id,
                created_at=d.created, status=d.status, priority=d.priority,
                description=d.description or None,
                assignee_id=None if d.person is None else members[d.person].id,
                project_id=None if d.project is None else projects[d.project].id,
                due_at=d.due, done_at=None if d.status.is_active else d.done_at))
            if task.project_id is not None and d.milestone is not None:
                uow.plans.set_facts(tenant.id, PlanFacts(
                    task.id, milestone_id=milestones[task.project_id, MILESTONES[d.milestone]]))
            for text in d.comments:
                uow.history.add(HistoryRecord(task.id, None, d.created, "comment", text))
            uow.history.add(HistoryRecord(task.id, None, d.updated, "edit", "changed"))
            tasks.append(task)
        pairs = {(a, b) for a, b in edges if a != b and a < b < len(tasks)}
        for a, b in sorted(pairs):
            uow.tasks.add_edge(tasks[a].id, tasks[b].id)
        active = {i for i, t in enumerate(tasks) if t.status.is_active}
        blockers = {b: sum(1 for a, bb in pairs if bb == b and a in active) for b in active}
        for b, count in blockers.items():
            uow.tasks.adjust_open_blockers([tasks[b].id], count)
        uow.commit()
    blocks: dict[int, list[int]] = {}
    for a, b in pairs:
        blocks.setdefault(a, []).append(b)
    waits = waiting_on(blocks, active)
    facts = [TaskFacts(
        number=i + 1, title=d.title, created=d.created, updated=max(d.created, d.updated),
        status=d.status, priority=d.priority,
        assignee=None if d.person is None else Person(*PEOPLE[d.person]),
        project=None if d.project is None else PROJECTS[d.project], due=d.due,
        milestone=None if d.project is None or d.milestone is None else MILESTONES[d.milestone],
        done_at=None if d.status.is_active else d.done_at,
        blocked=blockers.get(i, 0) > 0, description=d.description, comments=d.comments,
        waits_on_it=waits.get(i, 0)) for i, d in enumerate(board)]
    return tenant.id, Asker(members[0].id, Person(*PEOPLE[0])), facts


@pytest.fixture
def factory(schema_url: str) -> sessionmaker[Session]:
    from adapters.storage.engine import make_engine
    return make_session_factory(make_engine(schema_url))


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow])
@given(BOARDS, QUERIES, ZONES, st.integers(1, 4))
def test_sql_selects_and_orders_as_the_evaluator(
        factory: sessionmaker[Session], board: tuple[list[Drawn], list[tuple[int, int]]],
        text: str, tz: str, page_size: int) -> None:
    tenant_id, asker, facts = _write(factory, *board)
    query = parse_filter(text, NOW, tz)
    expected, total = select(query, facts, me=asker.person, now=NOW, page_size=1000)
    with SqlUnitOfWork(factory) as uow:
        found = uow.finder.select(tenant_id, query, asker, NOW, 1000)
        assert [t.number for t in found.tasks] == [t.number for t in expected], text
        assert found.total == total
        assert uow.finder.count(tenant_id, query, asker, NOW) == total
        paged = parse_filter(f"{text} page:2", NOW, tz)
        want, _ = select(paged, facts, me=asker.person, now=NOW, page_size=page_size)
        got = uow.finder.select(tenant_id, paged, asker, NOW, page_size)
        assert [t.number for t in got.tasks] == [t.number for t in want]


def test_milestone_terms_pick_each_projects_milestone(factory: sessionmaker[Session]) -> None:
    """`milestone:beta` is every project's beta; comma is OR; an unknown name selects none."""
    board = [Drawn(status=Status.OPEN, priority=Priority.NORMAL, person=None, project=project,
                   milestone=milestone, created=NOW, updated=NOW, due=None, done_at=NOW,
                   title="t", description="", comments=())
             for project, milestone in [(0, 0), (1, 0), (1, 1), (None, 0), (2, None)]]
    tenant_id, asker, _ = _write(factory, board, [])
    with SqlUnitOfWork(factory) as uow:
        def numbers(text: str) -> list[int]:
            page = uow.finder.select(tenant_id, parse_filter(text, NOW), asker, NOW, 20)
            return [t.number for t in page.tasks]

        assert numbers("milestone:Beta") == [1, 2]
        assert numbers("milestone:beta,ga") == [1, 2, 3]
        assert numbers("milestone:ga project:web") == [3]
        assert numbers("milestone:nowhere") == []
