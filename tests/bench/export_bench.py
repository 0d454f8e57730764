"""`taskbot export` at scale: wall time and peak memory of exporting the synthetic tenant
(`synthetic.py`: tasks with history and ~1.5 dependencies each) at two sizes, so "streams
in flat memory" is a measurement: the peak at 100,000 tasks should be about the peak at
10,000. Each export runs as the operator runs it, `python -m bot.cli export`, in its own
process (peak RSS from `getrusage(RUSAGE_CHILDREN)` of that one child).

    .venv/bin/python -m tests.bench.export_bench [--tasks 10000 100000] [--format json csv]
                                                [--db-dir DIR] [--pg URL]

Run by hand; not part of the test suite (no timing asserts in tests)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adapters.storage.migrate import upgrade

HERE = Path(__file__).resolve().parents[2]


def _run(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MiB) of one child process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=HERE, capture_output=True, text=True,
                          env={**os.environ, "TASKBOT_LOG_LEVEL": "WARNING"}, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run the export first in a
    # fresh interpreter (`_measure`) so only it counts
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _measure(url: str, fmt: str, out: Path) -> None:
    """In a fresh child: time one export and print seconds and peak MiB."""
    took, cpu, peak = _run(["-m", "bot.cli", "export", "--db", url, "--format", fmt, "-o",
                            str(out)])
    print(f"{took:.2f} {cpu:.2f} {peak:.0f}")


def _database(kind: str, size: int, workdir: Path, pg: str | None) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'export_{size}.db'}"
    assert pg is not None
    name = f"taskbot_export_bench_{size}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(pg).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--format", nargs="+", default=["json", "csv"])
    parser.add_argument("--db-dir", type=Path, default=None)
    parser.add_argument("--pg", default=None, help="also on this PostgreSQL server")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _measure(args.child[0], args.child[1], Path(args.child[2]))
        return
    workdir = args.db_dir or Path(tempfile.mkdtemp(prefix="export_bench_"))
    kinds = ["sqlite", *(["postgresql"] if args.pg else [])]
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("store       tasks   format  wall s   CPU s  peak MiB  file MiB")
    for kind in kinds:
        for size in args.tasks:
            url = _database(kind, size, workdir, args.pg)
            upgrade(url)
            _run(["-m", "tests.bench.synthetic", "build", "--db", url, "--tasks", str(size)])
            for fmt in args.format:
                out = workdir / f"export_{kind}_{size}.{fmt}"
                done = subprocess.run(
                    [sys.executable, "-m", "tests.bench.export_bench", "--child", url, fmt,
                     str(out)], cwd=HERE, capture_output=True, text=True, check=True)
                seconds, cpu, peak = done.stdout.split()
                size_mib = out.stat().st_size / 2**20
                print(f"{kind:<10} {size:>7}   {fmt:<6} {float(seconds):>7.2f} "
                      f"{float(cpu):>7.2f}  {float(peak):>8.0f}  {size_mib:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
