"""`/project status` counts a project's closed tasks from counters the database keeps
(adapters/storage/project_counts.py), not by reading its history. The counters must stay
equal to a recount whatever changes a task: a repository write (on the fakes, SQLite and
PostgreSQL alike), every command that closes, reopens, deletes or moves a task, writers
racing each other, and the migration that backfills them."""

from __future__ import annotations

import dataclasses
import random
import secrets
import threading
from collections.abc import Callable, Iterator
from typing import cast

import pytest
from alembic import command
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, create_engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from adapters.storage import migrate
from adapters.storage._sql import MEMBERS, PROJECTS, TASKS, TENANTS
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.project_counts import TABLE
from adapters.storage.schema import target_metadata
from adapters.storage.uow import SqlUnitOfWorkFactory
from core import commands as c
from core.bus import CommandBus, ErrorReply
from core.commands import Context, UserRef
from core.model import Status, Task
from core.ports import FixedClock, StatusCounts, UnitOfWorkFactory
from core.results import ProjectStatusReport
from tests.integration.builders import T0, add_task, make_world

Counts = dict[tuple[int, str], int]
CLOSED = ("done", "dropped")


def counters(conn: Connection) -> Counts:
    rows = conn.execute(text(f"SELECT project_id, status, n FROM {TABLE} WHERE n <> 0"))
    return {(p, s): n for p, s, n in rows}


def recount(conn: Connection) -> Counts:
    rows = conn.execute(select(TASKS.c.project_id, TASKS.c.status, func.count())
                        .where(TASKS.c.project_id.is_not(None), TASKS.c.status.in_(CLOSED))
                        .group_by(TASKS.c.project_id, TASKS.c.status))
    return {(p, s): n for p, s, n in rows}


def assert_in_step(url: str) -> Counts:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            kept, counted = counters(conn), recount(conn)
    finally:
        engine.dispose()
    assert kept == counted
    return kept


def seed(conn: Connection, projects: int, tasks: int,
         status: Callable[[int], str] = lambda _n: "open") -> list[int]:
    """By plain SQL: a tenant, a member, `projects` projects and tasks 1..`tasks`, task n
    in project n % (projects + 1) (the last share in none), of `status(n)`."""
    tenant = conn.execute(TENANTS.insert().values(
        platform="slack", workspace_id="T1", default_tz="UTC", next_task_number=tasks)
        .returning(TENANTS.c.id)).scalar_one()
    member = conn.execute(MEMBERS.insert().values(
        tenant_id=tenant, user_id="U1", display_name="Ana", name_key="ana", role="admin",
        dm_unreachable=False).returning(MEMBERS.c.id)).scalar_one()
    ids = [conn.execute(PROJECTS.insert().values(
        tenant_id=tenant, name=f"p{i}", name_key=f"p{i}", archived=False)
        .returning(PROJECTS.c.id)).scalar_one() for i in range(projects)]
    choices: list[int | None] = [*ids, None]
    conn.execute(TASKS.insert(), [
        {"tenant_id": tenant, "number": n, "title": f"t{n}", "status": status(n),
         "priority": "normal", "priority_order": 2, "creator_id": member,
         "project_id": choices[n % len(choices)], "created_at": T0, "due_sort": T0,
         "open_blocker_count": 0, "extra": {}} for n in range(1, tasks + 1)])
    return ids


def _run(url: str, work: Callable[[Connection], object]) -> object:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            return work(conn)
    finally:
        engine.dispose()


# -- the repository contract: fakes, SQLite, PostgreSQL -----------------------------------
def test_project_counts_follow_adds_updates_moves_and_deletes(store: UnitOfWorkFactory) -> None:
    w = make_world(store)
    with store() as uow:
        other = uow.projects.add(w.tenant.id, "Other", w.ana.id, "C2", T0)
        a = add_task(uow, w, "a", project=w.project)
        b = add_task(uow, w, "b", project=w.project, status=Status.DONE)
        d = add_task(uow, w, "d", project=w.project, status=Status.DROPPED)
        add_task(uow, w, "e", project=w.project, status=Status.IN_PROGRESS)
        add_task(uow, w, "loose", status=Status.DONE)  # no project: counted nowhere
        uow.commit()
    with store() as uow:
        assert uow.tasks.project_counts(w.project.id) == StatusCounts(
            {"open": 1, "done": 1, "dropped": 1, "in_progress": 1}, 4)
        uow.tasks.update(dataclasses.replace(a, status=Status.DONE, done_at=T0))
        uow.tasks.update(dataclasses.replace(b, status=Status.OPEN, done_at=None))
        uow.tasks.update(dataclasses.replace(d, project_id=other.id))  # dropped moves
        uow.commit()
    with store() as uow:
        mine = uow.tasks.project_counts(w.project.id)
        assert {k: v for k, v in mine.by_status.items() if v} == {
            "open": 1, "done": 1, "in_progress": 1}
        assert uow.tasks.project_counts(other.id).by_status == {"dropped": 1}
        uow.tasks.delete(dataclasses.replace(a, status=Status.DONE))
        uow.tasks.delete(d)
        uow.commit()
    with store() as uow:
        mine = uow.tasks.project_counts(w.project.id)
        assert {k: v for k, v in mine.by_status.items() if v} == {"open": 1, "in_progress": 1}
        assert mine.total == 2
        assert not any(uow.tasks.project_counts(other.id).by_status.values())


# -- every command that changes a status or a project --------------------------------------
def ctx(user: str) -> Context:
    return Context(platform="slack", workspace_id="T1", user_id=user, display_name=user,
                   channel_id="C1")


BOSS = ctx("boss")


@pytest.fixture
def bus(schema_url: str) -> Iterator[CommandBus]:
    """The real bus on the database, its first member (an admin) with projects Alpha and
    Beta."""
    engine = make_engine(schema_url)
    bus = CommandBus(SqlUnitOfWorkFactory(make_session_factory(engine)), FixedClock(T0))
    for setup in (c.Help(), c.NewProject(name="Alpha"), c.NewProject(name="Beta")):
        bus.execute(BOSS, setup)
    yield bus
    engine.dispose()


def test_every_command_keeps_the_counters_equal_to_a_recount(bus: CommandBus,
                                                             schema_url: str) -> None:
    for i in range(1, 7):
        bus.execute(BOSS, c.AddTask(title=f"t{i}", project="Alpha" if i % 2 else "Beta",
                                    assignee=UserRef(user_id="boss")))
    steps: list[c.Command] = [
        c.DoneTask(number=1), c.DoneTask(number=2), c.DropTask(number=3),
        c.EditTask(number=1, project="Beta"),  # a done task moves: Alpha -1, Beta +1
        c.ReopenTask(number=2), c.DropTask(number=2), c.DeleteTask(number=3),
        c.EditTask(number=2, project="Alpha"), c.DoneTask(number=4), c.DeleteTask(number=1),
    ]
    for step in steps:
        assert not isinstance(bus.execute(BOSS, step), ErrorReply), step
        assert_in_step(schema_url)
    status = bus.execute(BOSS, c.ProjectStatus(name="Alpha"))  # #5 open, #2 dropped
    assert isinstance(status, ProjectStatusReport)
    assert (status.total, status.done, status.counts) == (1, 0, {"open": 1, "dropped": 1})


# -- racing writers --------------------------------------------------------------------------
def _race(n: int, work: Callable[[int], None]) -> None:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def go(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors


def test_concurrent_commands_keep_the_counters_exact(bus: CommandBus,
                                                     schema_url: str) -> None:
    """Four threads close, reopen, drop, delete and move the same few tasks at once
    through the real bus: many commands are refused (already done, gone), none may
    leave a counter off by one."""
    for i in range(1, 13):
        bus.execute(BOSS, c.AddTask(title=f"t{i}", project="Alpha"))

    def work(seed: int) -> None:
        rnd = random.Random(seed)
        for _ in range(25):
            n = rnd.randint(1, 12)
            bus.execute(BOSS, rnd.choice([
                c.DoneTask(number=n), c.DoneTask(number=n), c.DropTask(number=n),
                c.ReopenTask(number=n), c.EditTask(number=n, project="Beta"),
                c.EditTask(number=n, project="Alpha"), c.DeleteTask(number=n)]))

    _race(4, work)
    assert_in_step(schema_url)


def _retrying(engine_url: str, stmt: Executable) -> None:
    """`stmt` in a transaction of its own, again if it was chosen as a deadlock victim."""
    engine = create_engine(engine_url)
    try:
        for _ in range(20):
            try:
                with engine.begin() as conn:
                    conn.execute(stmt)
                return
            except DBAPIError as exc:  # deadlock_detected / serialization: try again
                if "deadlock" not in str(exc).lower():
                    raise
        raise AssertionError("deadlocked 20 times in a row")
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_raw_writers_without_the_tenant_lock_keep_the_counters_exact(
        pg_migrated_url: str) -> None:
    """PostgreSQL, READ COMMITTED, no tenant lock (a scheduler tick, a future bulk path):
    plain UPDATEs and DELETEs of shared tasks in shared projects, racing. The triggers see
    each row as it really was, so the counters still equal a recount."""
    pg_url = pg_migrated_url
    projects = cast(list[int], _run(pg_url, lambda conn: seed(conn, 3, 40)))

    def work(seed: int) -> None:
        rnd = random.Random(seed)
        for _ in range(40):
            task = TASKS.c.number == rnd.randint(1, 40)
            stmt: Executable = rnd.choice([
                TASKS.delete().where(task),
                TASKS.update().where(task).values(project_id=rnd.choice([*projects, None])),
                TASKS.update().where(task).values(status=rnd.choice(["done", "dropped"])),
                TASKS.update().where(task).values(status="open")])
            _retrying(pg_url, stmt)

    _race(4, work)
    assert_in_step(pg_url)


# -- the migration's backfill ---------------------------------------------------------------
def test_the_migration_backfills_the_counts_of_existing_tasks(db_url: str) -> None:
    migrate.upgrade(db_url, "0009_slack_requests_seen")
    statuses = ["open", "in_progress", "done", "done", "dropped"]
    a, b = cast(list[int], _run(db_url, lambda conn: seed(conn, 2, 300,
                                                          lambda n: statuses[n % 5])))
    migrate.upgrade(db_url)
    kept = assert_in_step(db_url)
    assert kept[(a, "done")] == 40 and kept[(b, "dropped")] == 20
    assert (a, "open") not in kept  # only closed statuses are counted

    def change(conn: Connection) -> None:
        conn.execute(TASKS.update().where(TASKS.c.status == "open")
                     .values(status="done", project_id=b))
        conn.execute(TASKS.delete().where(TASKS.c.number <= 100))

    _run(db_url, change)  # the triggers now keep them in step
    assert_in_step(db_url)

    def downgrade(conn: Connection) -> None:
        command.downgrade(migrate.alembic_config(conn), "0009_slack_requests_seen")
        conn.execute(TASKS.update().values(status="dropped"))  # no trigger left behind

    _run(db_url, downgrade)
    assert migrate.current(db_url) == "0009_slack_requests_seen"


# -- any sequence of writes (property) ------------------------------------------------------
_OPS = st.lists(st.tuples(st.sampled_from(["add", "status", "move", "delete"]),
                          st.integers(0, 30), st.sampled_from(list(Status)),
                          st.sampled_from([0, 1, 2])), max_size=40)


@pytest.fixture(scope="module")
def sqlite_uows(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlUnitOfWorkFactory]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'p.db'}")
    target_metadata().create_all(engine)
    yield SqlUnitOfWorkFactory(make_session_factory(engine))
    engine.dispose()


@settings(max_examples=40)
@given(ops=_OPS)
def test_any_sequence_of_task_writes_leaves_the_counts_a_recount(
        sqlite_uows: SqlUnitOfWorkFactory, ops: list[tuple[str, int, Status, int]]) -> None:
    """SQLite: adds, status changes, moves (2 is no project) and deletes, in any order;
    `project_counts` then equals a count of the tasks the sequence left."""
    w = make_world(sqlite_uows, workspace=f"W{secrets.token_hex(6)}")
    with sqlite_uows() as uow:
        projects = [w.project, uow.projects.add(w.tenant.id, "Other", w.ana.id, "C2", T0)]
        tasks: list[Task] = []
        for op, i, status, where in ops:
            project = projects[where] if where < 2 else None
            if op == "add" or not tasks:
                tasks.append(add_task(uow, w, status=status, project=project))
                continue
            task = tasks[i % len(tasks)]
            if op == "delete":
                uow.tasks.delete(task)
                tasks.remove(task)
                continue
            changed = (dataclasses.replace(task, status=status) if op == "status" else
                       dataclasses.replace(task, project_id=project.id if project else None))
            uow.tasks.update(changed)
            tasks[tasks.index(task)] = changed
        uow.commit()
    with sqlite_uows() as uow:
        for project in projects:
            mine = [t.status.value for t in tasks if t.project_id == project.id]
            expected = {s: mine.count(s) for s in set(mine)}
            kept = uow.tasks.project_counts(project.id)
            assert {s: n for s, n in kept.by_status.items() if n} == expected
            assert kept.total == len(mine)
