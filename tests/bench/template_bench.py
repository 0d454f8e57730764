"""Speed of project templates (issue 11; not part of CI): `/project new ... from:` of a
template of N tasks (default 200, the most a template holds), each depending on up to two
of the five tasks before it, spread over 5 roles and 5 milestones, each with an estimate;
and `/project template save` of the project that made. Each run applies the template as a
new project (its own name) on a migrated database, through the real bus as `taskbot run`
wires it.

    .venv/bin/python -m tests.bench.template_bench [--pg SERVER_URL] [--tasks 200] [--runs 20]

Without `--pg`, a SQLite file in a temporary directory; with it, a fresh database
`taskbot_bench_<hex>` on that PostgreSQL server, dropped afterwards (the server's own
database is never written).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.storage import migrate
from bot.container import build
from bot.settings import Settings
from core.commands import Context, UserRef
from core.model import TenantKey
from core.ports import FixedClock
from core.results import Result
from core.templates import commands as tc
from core.templates.document import validate_document
from core.templates.store import import_template

NOW = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
ROLES = ("dev", "qa", "ops", "docs", "design")
MILESTONES = 5


def document(tasks: int, seed: int = 11) -> dict[str, Any]:
    rng = random.Random(seed)
    last = (tasks - 1) // 4
    return {"name": "bench", "roles": list(ROLES), "milestones": [
        {"name": f"m{m}", "offset": last * (m + 1) // MILESTONES}
        for m in range(MILESTONES)], "tasks": [
        {"key": f"t{i}", "title": f"Task {i}", "role": ROLES[i % len(ROLES)],
         "due_offset": i // 4, "estimate": "1d", "milestone": f"m{i * MILESTONES // tasks}",
         "depends_on": sorted({f"t{rng.randrange(max(0, i - 5), i)}"
                               for _ in range(min(i, 2))})}
        for i in range(tasks)]}


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {ordered[-1] * 1000:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", help="a PostgreSQL server URL (default: SQLite in a temp dir)")
    ap.add_argument("--tasks", type=int, default=200)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, _database(args.pg, Path(tmp)) as url:
        migrate.upgrade(url)
        container = build(Settings(TASKBOT_DATABASE_URL=url), clock=FixedClock(NOW))
        try:
            run(container, args.tasks, args.runs, url)
        finally:
            container.close()


@contextlib.contextmanager
def _database(server: str | None, tmp: Path) -> Iterator[str]:
    if server is None:
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    name = f"taskbot_bench_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def run(container: Any, tasks: int, runs: int, url: str) -> None:
    workspace = f"bench{random.randrange(10**9)}"
    with container.uow_factory() as uow:
        import_template(uow, TenantKey("console", workspace), validate_document(
            document(tasks)), NOW)
    ctx = Context(platform="console", workspace_id=workspace, user_id="ana",
                  display_name="ana", channel_id="general", names_are_ids=True)
    roles = tuple(tc.RoleAssignment(role=r, user=UserRef(name=f"p{i}"))
                  for i, r in enumerate(ROLES))
    applies: list[float] = []
    saves: list[float] = []
    for n in range(runs):
        started = time.perf_counter()
        result: Result = container.bus.execute(ctx, tc.ApplyTemplate(
            name=f"p{n}", template="bench", start="mon", roles=roles))
        applies.append(time.perf_counter() - started)
        assert type(result).__name__ == "TemplateApplied", result
        started = time.perf_counter()
        saved = container.bus.execute(ctx, tc.SaveTemplate(name=f"copy{n}", project=f"p{n}"))
        saves.append(time.perf_counter() - started)
        assert type(saved).__name__ == "Info", saved
    print(f"{url.split(':')[0]}: {tasks} tasks, {runs} runs")
    print(f"  apply (project + {tasks} tasks + edges + milestones + estimates + 5 DMs, "
          "one transaction): "
          f"{_ms(applies)}")
    print(f"  save from that project: {_ms(saves)}")


if __name__ == "__main__":
    main()
