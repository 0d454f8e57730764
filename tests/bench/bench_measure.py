"""The measuring process: times each benchmarked command through the real `CommandBus`.

It wires the bot exactly as `taskbot run` does (`bot.container.build`), picks its inputs
from the synthetic tenant with untimed SQL, then runs each command `runs` times after a
short warm-up, timing `bus.execute` alone: wall-clock time, and the CPU time of the
thread running the command (not the WAL checkpoint thread's), which other load on a
shared machine disturbs far less. Its own peak resident
memory is the bot's: the synthetic data was built in another process.

    python -m tests.bench.bench_measure --db URL --runs 1000 --out result.json
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, text

from bot.container import build
from bot.settings import Settings
from core import commands as c
from core.bus import CommandBus, ErrorReply
from core.results import Result
from tests.bench.synthetic import (
    ADMIN_USER,
    PLATFORM,
    RESERVED_PROJECTS,
    WORKSPACE,
    display_name,
    history_project,
    project_name,
)

WARMUP = 20
ACTIVE = "('open', 'in_progress')"

Call = Callable[[], Result]


@dataclass
class Timing:
    command: str
    runs: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    cpu_p50_ms: float
    cpu_p99_ms: float
    cpu_mean_ms: float
    errors: int
    note: str = ""


def ctx(user: str) -> c.Context:
    return c.Context(platform=PLATFORM, workspace_id=WORKSPACE, user_id=user,
                     channel_id="CBENCH")


def percentile(sorted_ms: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, -(-len(sorted_ms) * q // 100))
    return sorted_ms[int(rank) - 1]


def timed(name: str, calls: Sequence[Call], warmup: int, note: str = "") -> Timing:
    """Run the first `warmup` calls untimed, time the rest."""
    for call in calls[:warmup]:
        call()
    samples, cpu, errors = [], [], 0
    for call in calls[warmup:]:
        cpu_start, start = time.thread_time(), time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - cpu_start) * 1000)
        if isinstance(result, ErrorReply):
            errors += 1
            if errors == 1:
                print(f"{name}: {result.text}", file=sys.stderr)
    samples.sort()
    cpu.sort()
    return Timing(command=name, runs=len(samples), p50_ms=percentile(samples, 50),
                  p99_ms=percentile(samples, 99), mean_ms=sum(samples) / len(samples),
                  max_ms=samples[-1], cpu_p50_ms=percentile(cpu, 50),
                  cpu_p99_ms=percentile(cpu, 99), cpu_mean_ms=sum(cpu) / len(cpu),
                  errors=errors, note=note)


class Inputs:
    """Untimed look-ups of the synthetic tenant that choose each command's arguments."""

    def __init__(self, engine: Engine, n: int, seed: int) -> None:
        self.engine, self.n, self.rng = engine, n, random.Random(seed)
        with engine.connect() as conn:
            self.tenant_id = conn.execute(text(
                "SELECT id FROM tenants WHERE platform = :p AND workspace_id = :w"),
                {"p": PLATFORM, "w": WORKSPACE}).scalar_one()
            self.members = list(conn.execute(text(
                "SELECT user_id FROM members WHERE tenant_id = :t ORDER BY id"),
                {"t": self.tenant_id}).scalars())

    def rows(self, sql: str, **params: Any) -> list[Any]:
        random_fn = "random()"
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql.format(random=random_fn) + " LIMIT :n"),
                                     {"t": self.tenant_id, "n": self.n, **params}).all())

    def users(self) -> list[str]:
        return [self.rng.choice(self.members) for _ in range(self.n)]


def plan(bus: CommandBus, inputs: Inputs) -> list[tuple[str, list[Call], str]]:
    """Every benchmarked command with its prepared calls (warm-up and timed runs)."""
    n, rng = inputs.n, inputs.rng
    admin = ctx(ADMIN_USER)
    measured = [project_name(i) for i in range(RESERVED_PROJECTS)]
    kept = [*measured, history_project()]  # no adds: their size is what is measured
    shows = inputs.rows("SELECT number FROM tasks WHERE tenant_id = :t ORDER BY {random}")
    active = f"t.tenant_id = :t AND t.status IN {ACTIVE}"
    adds = inputs.rows(
        "SELECT p.name, t.number FROM tasks t JOIN projects p ON p.id = t.project_id "
        f"WHERE {active} AND p.name NOT IN ({', '.join(repr(m) for m in kept)}) "
        "ORDER BY {random}")
    assigns = inputs.rows(f"SELECT t.number FROM tasks t WHERE {active} ORDER BY {{random}}")
    dones = inputs.rows(
        "SELECT t.number, cr.user_id, "
        "(SELECT count(*) FROM task_deps d JOIN tasks x ON x.id = d.blocked_id "
        f" WHERE d.blocker_id = t.id AND x.status IN {ACTIVE}) AS fan "
        "FROM tasks t JOIN members cr ON cr.id = t.creator_id "
        f"WHERE {active} AND EXISTS (SELECT 1 FROM task_deps d JOIN tasks x "
        f"ON x.id = d.blocked_id WHERE d.blocker_id = t.id AND x.status IN {ACTIVE}) "
        "ORDER BY {random}")
    if min(len(shows), len(adds), len(assigns), len(dones)) < n:
        raise SystemExit(f"the tenant is too small for {n} runs of each command")
    users = inputs.users()
    fan = sum(r[2] for r in dones) / len(dones)

    def run(context: c.Context, command: Any) -> Call:
        return lambda: bus.execute(context, command)

    def add(i: int, project: str, after: int) -> c.AddTask:
        return c.AddTask(title=f"Bench task {i}", assignee=c.UserRef(user_id=users[i]),
                         project=project, after=(after,))

    def text_add(i: int, project: str, after: int) -> Call:
        line = (f"add Bench text task {i} @{display_name(int(users[i][1:]))} "
                f"project:{project} after:#{after} priority:high")
        return lambda: bus.run_text(admin, "task", line)

    text_adds = [text_add(i, p, a) for i, (p, a) in enumerate(adds)]
    return [
        ("show", [run(admin, c.ShowTask(number=r[0])) for r in shows], ""),
        ("list mine", [run(ctx(u), c.ListTasks(scope="mine")) for u in users], ""),
        ("list blocked", [run(ctx(u), c.ListTasks(scope="mine", state="blocked"))
                          for u in users], "the grammar's `list blocked`: mine"),
        ("list all blocked", [run(ctx(u), c.ListTasks(scope="all", state="blocked"))
                              for u in users], "whole tenant"),
        ("project status", [run(admin, c.ProjectStatus(name=measured[i % len(measured)]))
                            for i in range(n)], "200-task projects"),
        ("project status (history)",
         [run(admin, c.ProjectStatus(name=history_project())) for _ in range(n)],
         "one project; the done phase gives it 100k done tasks of its own"),
        ("assign", [run(admin, c.AssignTask(number=r[0],
                                            assignee=c.UserRef(user_id=rng.choice(
                                                inputs.members))))
                    for r in assigns], ""),
        ("add", [run(admin, add(i, p, a)) for i, (p, a) in enumerate(adds)],
         "assignee, project, after:"),
        ("add (run_text)", text_adds, "parse + execute"),
        ("done", [run(ctx(r[1]), c.DoneTask(number=r[0])) for r in dones],
         f"fan-out {fan:.2f} active dependents"),
    ]


def measure(url: str, runs: int, seed: int = 1,
            only: Sequence[str] | None = None) -> dict[str, Any]:
    container = build(Settings(TASKBOT_DATABASE_URL=url))
    try:
        warmup = min(WARMUP, runs)
        inputs = Inputs(container.engine, runs + warmup, seed)
        timings = [timed(name, calls, warmup, note)
                   for name, calls, note in plan(container.bus, inputs)
                   if not only or name in only]
    finally:
        container.close()
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"timings": [asdict(t) for t in timings], "max_rss_mb": max_rss_kb / 1024}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="time the bot's commands on a bench tenant")
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--only", nargs="*", help="command names to time")
    parser.add_argument("--out", help="write the JSON result here (default: stdout)")
    args = parser.parse_args(argv)
    result = json.dumps(measure(args.db, args.runs, only=args.only))
    if args.out:
        with open(args.out, "w") as f:
            f.write(result)
    else:
        print(result)


if __name__ == "__main__":
    main()
