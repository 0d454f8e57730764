"""Storage-level timings: the repository calls one command makes, with its commit, on a
database the benchmark's synthetic tenant filled (tests/bench/synthetic.py). This isolates
the storage adapter's share of each command from handlers and rendering.

    python -m tests.bench.synthetic build --db sqlite:////tmp/b.db --tasks 100000  # migrated
    python -m tests.integration.bench_storage --db sqlite:////tmp/b.db --runs 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from sqlalchemy import select

from adapters.storage._sql import MEMBERS, PROJECTS, TASKS
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.uow import SqlUnitOfWorkFactory
from core.model import ListState, Status, Task, TenantKey
from core.notifications import Kind, Notification
from core.ports import HistoryRecord, TaskQuery
from tests.bench.synthetic import PLATFORM, RESERVED_PROJECTS, WORKSPACE


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    engine = make_engine(args.db)
    uows = SqlUnitOfWorkFactory(make_session_factory(engine))
    rnd = random.Random(3)
    now = dt.datetime.now(dt.UTC)
    key = TenantKey(PLATFORM, WORKSPACE)
    with engine.connect() as conn:
        tenant_id = conn.execute(select(MEMBERS.c.tenant_id).limit(1)).scalar_one()
        users = list(conn.execute(select(MEMBERS.c.user_id, MEMBERS.c.id)
                                  .where(MEMBERS.c.tenant_id == tenant_id)))
        projects = list(conn.execute(select(PROJECTS.c.name, PROJECTS.c.id)
                                     .order_by(PROJECTS.c.id).limit(RESERVED_PROJECTS)))
        open_numbers = list(conn.execute(select(TASKS.c.number).where(
            TASKS.c.tenant_id == tenant_id,
            TASKS.c.status.in_(["open", "in_progress"]))).scalars())
    rnd.shuffle(open_numbers)

    def add() -> None:
        user, member_id = rnd.choice(users)
        with uows() as uow:
            tenant = uow.tenants.get_or_create(key, lock=True)
            uow.members.get(tenant.id, user)
            n = uow.tenants.next_task_number(tenant.id)
            task = uow.tasks.add(Task(id=0, tenant_id=tenant.id, number=n, title="bench",
                                      creator_id=member_id, created_at=now,
                                      assignee_id=member_id))
            uow.history.add(HistoryRecord(task.id, member_id, now, "created", "bench"))
            uow.commit()

    def done() -> None:
        number = open_numbers.pop()
        with uows() as uow:
            tenant = uow.tenants.get_or_create(key, lock=True)
            task = uow.tasks.get(tenant.id, number)
            assert task is not None
            task.finish(Status.DONE, now)
            uow.tasks.update(task)
            dependents = uow.tasks.dependent_ids(task.id)
            uow.tasks.adjust_open_blockers(dependents, -1)
            for t in uow.tasks.get_by_ids(dependents).values():
                if t.open_blocker_count == 0 and t.status.is_active:
                    uow.outbox.add(Notification(kind=Kind.UNBLOCKED, platform=PLATFORM,
                                                workspace_id=WORKSPACE, text="unblocked",
                                                user_id="u1"), now)
            uow.history.add(HistoryRecord(task.id, None, now, "status", "done"))
            uow.commit()

    def assign() -> None:
        number = rnd.choice(open_numbers)
        _, member_id = rnd.choice(users)
        with uows() as uow:
            tenant = uow.tenants.get_or_create(key, lock=True)
            task = uow.tasks.get(tenant.id, number)
            assert task is not None
            task.assignee_id = member_id
            uow.tasks.update(task)
            uow.history.add(HistoryRecord(task.id, None, now, "assigned", "x"))
            uow.outbox.add(Notification(kind=Kind.ASSIGNED, platform=PLATFORM,
                                        workspace_id=WORKSPACE, text="assigned",
                                        user_id="u1"), now)
            uow.commit()

    def show() -> None:
        with uows() as uow:
            tenant = uow.tenants.get_or_create(key)
            task = uow.tasks.get(tenant.id, rnd.randint(1, 100_000))
            if task is not None:
                uow.tasks.get_by_ids(uow.tasks.blocker_ids(task.id))
                uow.history.for_task(task.id, 10)
                uow.members.get_many([task.creator_id, task.assignee_id or 0])

    def list_query(state: ListState, mine: bool) -> Callable[[], None]:
        def run() -> None:
            _, member_id = rnd.choice(users)
            with uows() as uow:
                tenant = uow.tenants.get_or_create(key)
                tasks = uow.tasks.query(TaskQuery(
                    tenant.id, state, assignee_id=member_id if mine else None,
                    now=now))
                uow.members.get_many([t.assignee_id for t in tasks if t.assignee_id])
        return run

    def project_status() -> None:
        name, _ = rnd.choice(projects)
        with uows() as uow:
            tenant = uow.tenants.get_or_create(key)
            project = uow.projects.by_name(tenant.id, name)
            assert project is not None
            uow.tasks.project_counts(project.id)
            load = uow.tasks.project_load(project.id, now)
            active = uow.tasks.project_active(project.id, 200)
            uow.tasks.blocker_ids_of_many([t.id for t in active if t.open_blocker_count])
            uow.members.get_many([r.assignee_id for r in load if r.assignee_id])

    cases: dict[str, Callable[[], None]] = {
        "show": show, "list mine": list_query("open", True),
        "list blocked (mine)": list_query("blocked", True),
        "list blocked (all)": list_query("blocked", False),
        "list overdue (all)": list_query("overdue", False),
        "list done (mine)": list_query("done", True),
        "project status": project_status, "assign": assign, "add": add, "done": done,
    }
    print(f"{'storage calls of':22s} {'p50 ms':>7s} {'p99 ms':>7s} {'cpu ms':>7s}")
    for name, fn in cases.items():
        for _ in range(20):
            fn()
        times = []
        cpu = time.process_time()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        cpu_ms = (time.process_time() - cpu) * 1000 / args.runs
        times.sort()
        print(f"{name:22s} {statistics.median(times):7.2f} "
              f"{times[int(len(times) * 0.99) - 1]:7.2f} {cpu_ms:7.2f}")
    engine.dispose()


if __name__ == "__main__":
    main()
