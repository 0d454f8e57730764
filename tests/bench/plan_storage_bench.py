"""The project layer from storage (issue 15; not part of CI): `/project forecast` of a large
project through the real `CommandBus`, and what the early-warning hooks add to a write.

Data (untimed, through the repositories): the plan of `plan_bench.make_plan` (default 2,000
open tasks, 50 people in four time zones with their working hours and away periods stored,
3,000 dependency edges with a tenth of the blockers in a second project, 10 milestones, a
target, estimates and time logged on most tasks), plus 200 done tasks for the median cycle
time; and a second, 200-task planned project ("small": 5 milestones, a target, 200 edges)
and a 200-task unplanned one ("plain") for the write costs.

Timed, each through `CommandBus.execute` after a warm-up:
- forecast: `/project forecast main` (load from storage, forecast, slack, critical path),
  the clock 7 s later each time, as in a running bot;
- add (unassigned, undated: it can move nothing, so the hooks skip the check), add@
  (assigned) / done / due in "small" and in "plain", once with the project layer's hooks (the bot
  as wired) and once with the core's plain handlers: the difference is the early warning's
  cost (a forecast of the project for a planned one; a neighbour check for an unplanned one);
- the scheduler's daily milestone watch over the planned projects.

    .venv/bin/python -m tests.bench.plan_storage_bench [--url URL] [--tasks 2000]
        [--people 50] [--edges 3000] [--runs 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from adapters.storage import migrate
from adapters.storage.uow import SqlUnitOfWork
from bot.container import build
from bot.settings import Settings
from bot.startup import serving
from core import commands as c
from core import commands_plan as cp
from core.bus import CommandBus, ErrorReply
from core.handlers import edits, tasks
from core.model import Priority, Role, Status, Task, TenantKey
from core.plan_ports import MilestoneRec, TaskFacts
from core.ports import FixedClock
from core.scheduling.model import Prefs
from tests.bench.plan_bench import NOW, make_plan
from tests.bench.template_bench import _database

CTX = c.Context(platform="console", workspace_id="bench", user_id="boss", display_name="boss")
PRIORITIES = {0: Priority.LOW, 1: Priority.NORMAL, 2: Priority.HIGH, 3: Priority.URGENT}


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def _small(uow: SqlUnitOfWork, tenant: int, boss: int, people: list[int], name: str,
           planned: bool, rng: random.Random) -> list[int]:
    project = uow.projects.add(tenant, name, boss, None, NOW)
    if planned:
        uow.plans.set_target(tenant, project.id, NOW + dt.timedelta(days=90))
        for k in range(5):
            uow.plans.add_milestone(MilestoneRec(0, tenant, project.id, f"s{k}",
                                                 NOW + dt.timedelta(days=15 * (k + 1))), NOW)
    ms = {m.name: m.id for m in uow.plans.milestones(project.id)}
    ids = []
    for i in range(200):
        t = uow.tasks.add(Task(
            id=0, tenant_id=tenant, number=uow.tenants.next_task_number(tenant),
            title=f"{name} {i}", creator_id=boss, created_at=NOW,
            assignee_id=rng.choice(people[:10]), project_id=project.id,
            due_at=NOW + dt.timedelta(days=rng.randrange(5, 80))))
        ids.append(t.id)
        if i > 0:
            uow.tasks.add_edge(ids[rng.randrange(max(0, i - 20), i)], t.id)
        uow.plans.set_facts(tenant, TaskFacts(t.id, ms.get(f"s{i % 5}"),
                                              make_plan(1).tasks[0].estimate))
    return ids


def populate(uow: SqlUnitOfWork, n: int, people: int, edges: int) -> None:
    plan = make_plan(n, people, edges)
    rng = random.Random(15)
    tenant = uow.tenants.get_or_create(TenantKey("console", "bench")).id
    boss = uow.members.add(tenant, "boss", "boss", Role.ADMIN).id
    member: dict[str, int] = {}
    for name, cal in plan.calendars.items():
        m = uow.members.add(tenant, name, name)
        m.tz = cal.tz
        uow.members.update(m)
        away = cal.away[0][1] if cal.away else None
        uow.people.save_prefs(Prefs(member_id=m.id, tenant_id=tenant, work_start=cal.start,
                                    work_end=cal.end, away_until=away, stored=True))
        member[name] = m.id
    projects = {p.name: uow.projects.add(tenant, p.name, boss, None, NOW)
                for p in plan.projects}
    main = projects["main"]
    uow.plans.set_target(tenant, main.id, plan.projects[0].target)
    ms = {m.name: uow.plans.add_milestone(MilestoneRec(0, tenant, main.id, m.name, m.due),
                                          NOW).id for m in plan.milestones}
    ids: dict[int, int] = {}
    for t in plan.tasks:
        ids[t.id] = uow.tasks.add(Task(
            id=0, tenant_id=tenant, number=uow.tenants.next_task_number(tenant),
            title=f"task {t.id}", creator_id=boss, created_at=NOW,
            status=Status.IN_PROGRESS if t.in_progress else Status.OPEN,
            priority=PRIORITIES[t.priority], assignee_id=member.get(t.assignee or ""),
            project_id=projects[t.project].id, due_at=t.due)).id
        uow.plans.set_facts(tenant, TaskFacts(ids[t.id], ms.get(t.milestone or ""),
                                              t.estimate, t.logged.minutes))
    for t in plan.tasks:
        for b in t.blockers:
            uow.tasks.add_edge(ids[b], ids[t.id])
    for i in range(200):
        start = NOW - dt.timedelta(days=rng.randrange(10, 200))
        uow.tasks.add(Task(id=0, tenant_id=tenant, number=uow.tenants.next_task_number(tenant),
                           title=f"done {i}", creator_id=boss, created_at=start,
                           status=Status.DONE, project_id=main.id, started_at=start,
                           done_at=start + dt.timedelta(hours=rng.randrange(2, 60))))
    staff = list(member.values())
    _small(uow, tenant, boss, staff, "small", True, rng)
    _small(uow, tenant, boss, staff, "plain", False, rng)


def _time(bus: CommandBus, cmd: Any) -> float:
    t0 = time.perf_counter()
    result = bus.execute(CTX, cmd)
    took = (time.perf_counter() - t0) * 1000
    if isinstance(result, ErrorReply):
        raise SystemExit(f"{type(cmd).__name__} refused: {result.reason}")
    return took


def _open_numbers(bus: CommandBus, project: str) -> list[int]:
    from core.results import TaskList
    out: list[int] = []
    page = 1
    while True:
        found = bus.execute(CTX, c.ListTasks(scope="all", project=project, page=page))
        assert isinstance(found, TaskList)
        out += [t.number for t in found.tasks]
        if not found.has_more:
            return out
        page += 1


def writes(hooked: CommandBus, plain: CommandBus, project: str, runs: int
           ) -> dict[str, tuple[list[float], list[float]]]:
    """add / done / due in `project`, with and without the hooks, interleaved."""
    rng = random.Random(7)
    numbers = _open_numbers(plain, project)
    out: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in
                                                        ("add", "add@", "done", "due")}
    for i in range(runs):
        for label, bus in (("hooked", hooked), ("plain", plain)):
            slot = 0 if label == "hooked" else 1
            n = rng.choice(numbers)
            out["done"][slot].append(_time(bus, c.DoneTask(number=n)))
            plain.execute(CTX, c.ReopenTask(number=n))
            day = NOW + dt.timedelta(days=rng.randrange(3, 80))
            out["due"][slot].append(_time(bus, c.SetDue(number=rng.choice(numbers),
                                                        due_at=day)))
            took = _time(bus, c.AddTask(title=f"bench {i}", project=project))
            out["add"][slot].append(took)
            # assigned: it takes its person's time, so a planned project is forecast
            who = c.UserRef(user_id=f"p{rng.randrange(10)}")
            out["add@"][slot].append(_time(bus, c.AddTask(title=f"bench @{i}",
                                                          project=project, assignee=who)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a PostgreSQL server to create a new database on (dropped "
                                  "after; default: a new SQLite file)")
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--people", type=int, default=50)
    ap.add_argument("--edges", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=100)
    args = ap.parse_args()
    with _database(args.url, Path(tempfile.mkdtemp())) as url:
        run(url, args)


def run(url: str, args: argparse.Namespace) -> None:
    """Populate the new database at `url` and print the figures."""
    migrate.upgrade(url)
    clock = FixedClock(NOW)
    container = build(Settings(TASKBOT_DATABASE_URL=url), clock=clock)
    serving()  # as `taskbot run` does once it is wired (bot/startup.py)
    try:
        t0 = time.perf_counter()
        with container.uow_factory() as uow:
            populate(uow, args.tasks, args.people, args.edges)
            uow.commit()
        print(f"data: {time.perf_counter() - t0:.1f} s ({url.split(':')[0]})")
        bus = container.bus

        ticks = iter(range(10 ** 9))

        def fc() -> tuple[float, float]:
            """(wall ms, this process's CPU ms): the CPU time tells more on a busy machine.
            The clock moves 7 s between forecasts, as a running bot's does (a forecast is
            from now, so a fixed clock would hide what changes with it)."""
            clock.set(NOW + dt.timedelta(seconds=7 * next(ticks)))
            c0 = time.process_time()
            took = _time(bus, cp.ShowForecast(project="main"))
            return took, (time.process_time() - c0) * 1000

        for _ in range(3):
            fc()
        timed = [fc() for _ in range(args.runs)]
        xs, cpu = [w for w, _ in timed], [c for _, c in timed]
        print(f"forecast main ({args.tasks} tasks, {args.people} people, {args.edges} edges): "
              f"runs={args.runs} p50={_pct(xs, .5):.1f} ms p99={_pct(xs, .99):.1f} ms "
              f"(CPU p50={_pct(cpu, .5):.1f} p99={_pct(cpu, .99):.1f} ms)")
        clock.set(NOW)
        plain = CommandBus(container.uow_factory, clock, handlers={
            c.AddTask: tasks.add_task, c.DoneTask: tasks.done_task, c.SetDue: edits.set_due})
        for project in ("small", "plain"):
            found = writes(bus, plain, project, args.runs)
            for kind, (with_hooks, without) in found.items():
                print(f"{kind:4s} in {project:5s}: with hooks p50={_pct(with_hooks, .5):.2f} "
                      f"p99={_pct(with_hooks, .99):.2f} ms; without p50={_pct(without, .5):.2f}"
                      f" p99={_pct(without, .99):.2f} ms; added p50="
                      f"{_pct(with_hooks, .5) - _pct(without, .5):+.2f} p99="
                      f"{_pct(with_hooks, .99) - _pct(without, .99):+.2f} ms")
        watch_day(container.uow_factory, clock)
    finally:
        container.close()


def watch_day(uow_factory: Any, clock: FixedClock) -> None:
    """The scheduler's daily milestone watch over the bench's planned projects ("main",
    2,000 tasks, and "small", 200), one day on, timed three times (each a fresh day)."""
    from core.scheduling.plan_recheck import watch
    took = []
    for day in (1, 2, 3):
        at = NOW + dt.timedelta(days=day)
        clock.set(at)
        t0 = time.perf_counter()
        told, _ = watch(uow_factory, at, lambda started: None)
        took.append((time.perf_counter() - t0) * 1000)
    print(f"daily milestone watch (2 planned projects, 2,200 open tasks): "
          f"{', '.join(f'{t:.0f}' for t in took)} ms; owners told on the last day: {told}")


if __name__ == "__main__":
    main()
