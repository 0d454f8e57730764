"""How to count a project's tasks by status for `/project status`: the two designs of
issue 15, timed on one project that has 200 tasks and `--done` done tasks of its own.

    python -m tests.bench.status_counts [--db URL] [--done 100000] [--runs 500]

- `recount (covering index)`: `SELECT status, count(*) ... WHERE project_id = ? GROUP BY
  status` over the index (project_id, status): index-only, but it reads one index entry
  per task the project ever had (on PostgreSQL after a VACUUM, so the visibility map lets
  the scan skip the heap: its best case);
- `counters (shipped)`: `SqlTaskRepository.project_counts`, the active tasks counted
  from the active ones and the closed ones read from `project_closed_counts`.

It fills a migrated database with the synthetic loader (`synthetic.py`: a small tenant,
then `--done` closed tasks in its history project), prints p50/p99 in ms of each, and
deletes a temporary SQLite file afterwards (a `--db` is kept)."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine, text

from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.migrate import upgrade
from adapters.storage.uow import SqlUnitOfWork
from tests.bench.bench_measure import percentile
from tests.bench.synthetic import Shape, add_done, analyze, build, history_project

RECOUNT = "SELECT status, count(*) FROM tasks WHERE project_id = :p GROUP BY status"


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    for _ in range(10):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return percentile(samples, 50), percentile(samples, 99)


def compare(engine: Engine, runs: int) -> tuple[int, dict[str, tuple[float, float]]]:
    """The history project's done tasks, and p50/p99 ms of each way to count them."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE tasks"))
    with SqlUnitOfWork(make_session_factory(engine)) as uow:
        project = uow.session.execute(text("SELECT id FROM projects WHERE name = :n"),
                                      {"n": history_project()}).scalar_one()
        old = uow.tasks.project_counts(project)
        recount: dict[str, int] = {s: int(n) for s, n in uow.session.execute(
            text(RECOUNT), {"p": project})}
        assert {k: v for k, v in old.by_status.items() if v} == recount, (old, recount)
        return recount.get("done", 0), {
            "recount (covering index)": _time(
                lambda: uow.session.execute(text(RECOUNT), {"p": project}).all(), runs),
            "counters (shipped)": _time(lambda: uow.tasks.project_counts(project), runs),
        }


def run(url: str, done: int, runs: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        build(engine, Shape.scaled(4_000))
        add_done(engine, done)
        analyze(engine)
        done_count, figures = compare(engine, runs)
    finally:
        engine.dispose()
    print(f"{engine.dialect.name}: one project, 200 tasks + {done:,} done of its own "
          f"({done_count:,} done), {runs} runs")
    for name, (p50, p99) in figures.items():
        print(f"  {name:26} p50 {p50:7.3f} ms  p99 {p99:7.3f} ms")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--done", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args(argv)
    if args.db:
        run(args.db, args.done, args.runs)
        return
    with tempfile.TemporaryDirectory(prefix="taskbot-bench-") as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.done, args.runs)


if __name__ == "__main__":
    main()
