"""Whole-process start-up figures for the one-shot commands (issue 12, "A fast start").

    .venv/bin/python -m tests.bench.startup [--runs 7] [--taskbot PATH] [--json FILE]

Each command runs `--runs` times as its own process under `/usr/bin/time` (wall, user and
system seconds as that tool reports them, so the figures match a by-hand run); the table
gives the median and the fastest. Commands:

- `taskbot --help`
- `echo '/task list' | taskbot console --db sqlite:///<tmp>/startup.db`
- `taskbot tick --db sqlite:///<tmp>/startup.db`

The database is migrated by one untimed console run first, so the timed runs measure a
start, one command and an exit, not a migration. The load average before and after is
printed: the machine is shared, and wall time on a busy machine says little (user+sys
says more). Exit status 0: every median is under its target; 2: a target missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGETS = {"--help": 0.25, "console": 0.5, "tick": 0.5}
"""Median wall seconds (issue 12)."""


def timed(argv: list[str], stdin: str | None) -> tuple[float, float]:
    """(wall, user+sys) seconds of one run of `argv`, as /usr/bin/time reports them."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        result = subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%e %U %S", *argv],
                                input=stdin, text=True, capture_output=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({result.returncode}):\n"
                             f"{result.stderr}")
        wall, user, system = (float(x) for x in Path(out.name).read_text().split()[-3:])
    return wall, user + system


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--taskbot", default=str(Path(sys.executable).parent / "taskbot"))
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        raise SystemExit("needs /usr/bin/time (apt-get install time)")
    taskbot = args.taskbot
    workdir = Path(tempfile.mkdtemp(prefix="taskbot-startup-"))
    db = f"sqlite:///{workdir / 'startup.db'}"
    env_note = {k: v for k, v in os.environ.items() if k.startswith("TASKBOT_")}
    commands: dict[str, tuple[list[str], str | None]] = {
        "--help": ([taskbot, "--help"], None),
        "console": ([taskbot, "console", "--db", db], "/task list\n"),
        "tick": ([taskbot, "tick", "--db", db], None),
    }
    try:
        timed(*commands["console"])  # migrates the new database: not timed
        before = load()
        rows = {}
        for name, (argv, stdin) in commands.items():
            runs = [timed(argv, stdin) for _ in range(args.runs)]
            walls, cpus = [w for w, _ in runs], [c for _, c in runs]
            rows[name] = {"median": statistics.median(walls), "min": min(walls),
                          "cpu_median": statistics.median(cpus), "target": TARGETS[name]}
        after = load()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"taskbot start-up, {args.runs} runs each, /usr/bin/time (seconds)")
    print(f"load average before: {before}; after: {after}"
          + (f"; env: {sorted(env_note)}" if env_note else ""))
    print(f"{'command':<10} {'median':>7} {'min':>6} {'cpu med':>8} {'target':>7}")
    missed = False
    for name, row in rows.items():
        ok = row["median"] < row["target"]
        missed |= not ok
        print(f"{name:<10} {row['median']:>7.2f} {row['min']:>6.2f} "
              f"{row['cpu_median']:>8.2f} {row['target']:>7.2f} {'ok' if ok else 'MISSED'}")
    if args.json:
        args.json.write_text(json.dumps({"load_before": before, "load_after": after,
                                         "runs": args.runs, "rows": rows}, indent=2))
    return 2 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
