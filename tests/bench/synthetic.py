"""A synthetic tenant for the benchmark, bulk-loaded with SQLAlchemy Core.

Not through the bus: 100,000 tasks one command at a time would take longer than the
benchmark itself. Rows are generated in Python and written with `executemany` in big
batches, a few transactions in all, and with exactly the bookkeeping the storage adapter
keeps for itself:

- `tasks.number` runs 1..N per tenant and `tenants.next_task_number` holds the last one
  handed out (see `SqlTenantRepository.next_task_number`);
- `due_sort` and `priority_order` are derived as `adapters.storage.tasks._values` does;
- `open_blocker_count` is the number of a task's blockers that are open or in progress;
- dependency edges run inside a project from earlier to later tasks (a DAG), about 1.5
  per task, each to one of the project's 30 most recent tasks;
- each project has a team of `TEAM` members who create and are assigned its tasks (90%
  assigned), so a member has about 100 tasks across some five projects.

The first `RESERVED_PROJECTS` projects are measured by `project status`: the benchmark
never adds tasks to them and the extra done tasks go elsewhere, so they keep their size.
The next one, `HISTORY_PROJECT`, is the long-lived project: the first `OWN_HISTORY` extra
done tasks are its own (its status must not grow with them), the rest go elsewhere.

Run as a module (the benchmark starts it in a subprocess, so the bot-side measurement
is not charged for the memory of building a million rows):
    python -m tests.bench.synthetic build --db URL --tasks 100000
    python -m tests.bench.synthetic extra --db URL --count 966667
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, Engine, event, select, text, update

from adapters.storage._sql import DEPS, HISTORY, MEMBERS, PROJECTS, TASKS, TENANTS
from adapters.storage.engine import make_engine
from adapters.storage.orm import NO_DUE, PRIORITY_ORDER
from core.model import Priority

PLATFORM = "console"
WORKSPACE = "bench"
ADMIN_USER = "u00000"
PROJECT_SIZE = 200
RESERVED_PROJECTS = 10
OWN_HISTORY = 100_000
RECENT = 30
TEAM = 10
"""People working in one project (its owner first): each member is in about five."""
CHUNK = 100_000
"""Tasks per transaction."""

_PRIORITIES = [Priority.LOW, Priority.NORMAL, Priority.NORMAL, Priority.NORMAL,
               Priority.HIGH, Priority.URGENT]
_WORDS = ("fix", "write", "review", "ship", "plan", "test", "deploy", "draft", "update",
          "migrate", "the", "login", "report", "invoice", "page", "api", "docs", "budget")


@dataclass
class Shape:
    tasks: int = 100_000
    members: int = 1_000
    projects: int = 500
    done_fraction: float = 1 / 3
    seed: int = 42

    @classmethod
    def scaled(cls, tasks: int, seed: int = 42) -> Shape:
        """The issue's proportions for `tasks` tasks: 200 tasks a project, 100 a member."""
        return cls(tasks=tasks, members=max(10, min(1_000, tasks // 100)),
                   projects=max(RESERVED_PROJECTS + 2, tasks // PROJECT_SIZE), seed=seed)


@dataclass
class Loaded:
    """What a load wrote (printed as JSON by the command line)."""

    tasks: int
    done: int
    edges: int
    history: int
    last_number: int


def user_id(i: int) -> str:
    return f"u{i:05d}"


def display_name(i: int) -> str:
    return f"user{i:05d}"


def history_project() -> str:
    """The project that receives the first `OWN_HISTORY` extra done tasks."""
    return project_name(RESERVED_PROJECTS)


def project_name(i: int) -> str:
    return f"proj{i:04d}"


@dataclass
class _Plan:
    """Per-task choices for one chunk, indexed from 0 (task number = first + index)."""

    groups: list[int]
    done: list[bool]


def loader_engine(url: str) -> Engine:
    """The storage adapter's engine; on SQLite without fsync, as a bulk load of a scratch
    database may lose everything on a power cut."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        def no_sync(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA synchronous=OFF")

        event.listen(engine, "connect", no_sync)
    return engine


def _ids(conn: Connection, table: Any, key: str, tenant_id: int) -> dict[Any, int]:
    rows = conn.execute(select(table.c[key], table.c.id).where(table.c.tenant_id == tenant_id))
    return {k: i for k, i in rows}


def _task_rows(rng: random.Random, first: int, plan: _Plan, now: dt.datetime,
               span: dt.timedelta, tenant_id: int, teams: Mapping[int, Sequence[int]],
               group_project: dict[int, int | None]) -> Iterator[dict[str, Any]]:
    n = len(plan.groups)
    for i in range(n):
        team = teams[plan.groups[i]]
        number = first + i
        created = now - span * (1 - i / n) - dt.timedelta(minutes=rng.randint(1, 600))
        priority = rng.choice(_PRIORITIES)
        due = created + dt.timedelta(days=rng.randint(1, 60)) if rng.random() < 0.4 else None
        started: dt.datetime | None
        if plan.done[i]:
            status = "done"
            started = created + dt.timedelta(hours=rng.randint(1, 48))
            done_at = min(started + dt.timedelta(days=rng.randint(0, 20)), now)
        else:
            status = "in_progress" if rng.random() < 0.15 else "open"
            started = created + dt.timedelta(hours=1) if status == "in_progress" else None
            done_at = None
        assignee = rng.choice(team) if rng.random() < 0.9 else None
        yield {
            "tenant_id": tenant_id, "number": number,
            "title": f"{' '.join(rng.choices(_WORDS, k=4)).capitalize()} {number}",
            "description": None, "status": status, "priority": priority.value,
            "priority_order": PRIORITY_ORDER[priority], "creator_id": rng.choice(team),
            "assignee_id": assignee, "project_id": group_project[plan.groups[i]],
            "created_at": created, "due_at": due, "due_sort": due or NO_DUE,
            "started_at": started, "done_at": done_at, "open_blocker_count": 0,
            "source_link": None, "channel_id": None, "extra": {},
        }


def _edges(rng: random.Random, groups: Sequence[int]) -> list[tuple[int, int]]:
    """(blocker index, blocked index) pairs: within a group, earlier to later, ~1.5 a task."""
    recent: dict[int, list[int]] = {}
    edges: list[tuple[int, int]] = []
    for i, g in enumerate(groups):
        prev = recent.setdefault(g, [])
        k = min(len(prev), 1 + (rng.random() < 0.5))
        edges.extend((b, i) for b in rng.sample(prev, k))
        prev.append(i)
        if len(prev) > RECENT:
            del prev[0]
    return edges


def _write_chunk(conn: Connection, rng: random.Random, tenant_id: int, first: int,
                 plan: _Plan, now: dt.datetime, span: dt.timedelta,
                 teams: Mapping[int, Sequence[int]], group_project: dict[int, int | None],
                 admin: int) -> Loaded:
    rows = list(_task_rows(rng, first, plan, now, span, tenant_id, teams, group_project))
    edges = _edges(rng, plan.groups)
    active = [r["status"] in ("open", "in_progress") for r in rows]
    for b, d in edges:
        if active[b]:
            rows[d]["open_blocker_count"] += 1
    conn.execute(TASKS.insert(), rows)
    last = first + len(rows) - 1
    ids = dict(conn.execute(select(TASKS.c.number, TASKS.c.id).where(
        TASKS.c.tenant_id == tenant_id, TASKS.c.number.between(first, last))).all())
    if edges:
        conn.execute(DEPS.insert(), [
            {"blocker_id": ids[first + b], "blocked_id": ids[first + d], "tenant_id": tenant_id}
            for b, d in edges])
    history = []
    for r in rows:
        task_id = ids[r["number"]]
        history.append({"task_id": task_id, "actor_id": r["creator_id"], "at": r["created_at"],
                        "kind": "created", "text": f"created #{r['number']} {r['title']}"})
        if r["done_at"] is not None:
            history.append({"task_id": task_id, "actor_id": r["assignee_id"] or admin,
                            "at": r["done_at"], "kind": "status",
                            "text": r["status"].replace("_", " ")})
    conn.execute(HISTORY.insert(), history)
    conn.execute(update(TENANTS).where(TENANTS.c.id == tenant_id)
                 .values(next_task_number=last))
    return Loaded(tasks=len(rows), done=sum(r["done_at"] is not None for r in rows),
                  edges=len(edges), history=len(history), last_number=last)


def _add(total: Loaded, part: Loaded) -> Loaded:
    return Loaded(total.tasks + part.tasks, total.done + part.done, total.edges + part.edges,
                  total.history + part.history, part.last_number)


def build(engine: Engine, shape: Shape) -> Loaded:
    """Create the bench tenant (into a migrated, empty database) with `shape.tasks` tasks."""
    rng = random.Random(shape.seed)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        tenant_id = conn.execute(TENANTS.insert().values(
            platform=PLATFORM, workspace_id=WORKSPACE, default_tz="UTC", next_task_number=0,
        ).returning(TENANTS.c.id)).scalar_one()
        conn.execute(MEMBERS.insert(), [
            {"tenant_id": tenant_id, "user_id": user_id(i), "display_name": display_name(i),
             "name_key": display_name(i), "tz": None, "dm_unreachable": False,
             "role": "admin" if i == 0 else "manager" if i % 100 == 1 else "member"}
            for i in range(shape.members)])
        members = _ids(conn, MEMBERS, "user_id", tenant_id)
        member_ids = sorted(members.values())
        teams = {i: rng.sample(member_ids, min(TEAM, len(member_ids)))
                 for i in range(shape.projects)}
        conn.execute(PROJECTS.insert(), [
            {"tenant_id": tenant_id, "name": project_name(i), "name_key": project_name(i),
             "owner_id": teams[i][0], "channel_id": f"C{i:04d}", "archived": False,
             "created_at": now - dt.timedelta(days=800)}
            for i in range(shape.projects)])
        projects = _ids(conn, PROJECTS, "name_key", tenant_id)
    group_project: dict[int, int | None] = {
        i: projects[project_name(i)] for i in range(shape.projects)}
    groups = [i % shape.projects for i in range(shape.tasks)]
    rng.shuffle(groups)
    total = Loaded(0, 0, 0, 0, 0)
    span = dt.timedelta(days=730)
    for start in range(0, shape.tasks, CHUNK):
        part_groups = groups[start:start + CHUNK]
        n = shape.tasks
        # older tasks are more likely done; the mean is `done_fraction`
        done = [rng.random() < 2 * shape.done_fraction * (1 - (start + i) / n)
                for i in range(len(part_groups))]
        chunk_span = span * len(part_groups) / n
        chunk_now = now - span * (1 - (start + len(part_groups)) / n)
        with engine.begin() as conn:
                part = _write_chunk(conn, rng, tenant_id, start + 1, _Plan(part_groups, done),
                                chunk_now, chunk_span, teams, group_project,
                                members[ADMIN_USER])
        total = _add(total, part)
    return total


def add_done(engine: Engine, count: int, seed: int = 7) -> Loaded:
    """Append `count` closed tasks (numbers continue the tenant's counter), spread over all
    members, with their own DAG edges and history: the first `OWN_HISTORY` in
    `history_project()`, the rest in the unreserved projects or in none. They are older
    than everything else: the backlog of a long-lived workspace."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=740)
    with engine.connect() as conn:
        tenant_id, last = conn.execute(select(TENANTS.c.id, TENANTS.c.next_task_number).where(
            TENANTS.c.platform == PLATFORM, TENANTS.c.workspace_id == WORKSPACE)).one()
        members = _ids(conn, MEMBERS, "user_id", tenant_id)
        projects = _ids(conn, PROJECTS, "name_key", tenant_id)
    member_ids = sorted(members.values())
    own = projects[history_project()]
    reserved = {projects[project_name(i)] for i in range(RESERVED_PROJECTS)} | {own}
    targets: list[int | None] = [p for p in sorted(projects.values()) if p not in reserved]
    total = Loaded(0, 0, 0, 0, last)
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        # groups of PROJECT_SIZE consecutive tasks; each group a project or no project
        groups = [(start + i) // PROJECT_SIZE for i in range(size)]
        group_project = {g: own if g * PROJECT_SIZE < OWN_HISTORY
                         else (rng.choice(targets) if rng.random() < 0.5 else None)
                         for g in set(groups)}
        teams = {g: rng.sample(member_ids, min(TEAM, len(member_ids))) for g in set(groups)}
        with engine.begin() as conn:
                part = _write_chunk(conn, rng, tenant_id, total.last_number + 1,
                                _Plan(groups, [True] * size), now,
                                dt.timedelta(days=3650) * size / count, teams,
                                group_project, members[ADMIN_USER])
        total = _add(total, part)
    return total


def analyze(engine: Engine) -> None:
    """PostgreSQL: refresh planner statistics after a bulk load, as autovacuum would."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["build", "extra"])
    parser.add_argument("--db", required=True, help="a migrated database URL")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--count", type=int, default=0, help="extra: closed tasks to add")
    args = parser.parse_args(argv)
    engine = loader_engine(args.db)
    try:
        if args.action == "build":
            loaded = build(engine, Shape.scaled(args.tasks))
        else:
            loaded = add_done(engine, args.count)
        analyze(engine)
    finally:
        engine.dispose()
    print(json.dumps(asdict(loaded)))


if __name__ == "__main__":
    main()
