"""A one-shot command starts fast (issue 12): `import bot.cli` and every `--help` load no
platform, database or settings library; a command on a migrated database checks the
schema without Alembic and ticks without APScheduler; the collector stays out of the
start and the exit without skipping the database's own clean-up. Each check runs the
real entry point (`bot.cli.main`, the `taskbot` script) in a fresh interpreter: the test
process has long since imported everything. Timings: tests/bench/startup.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLATFORM = {"slack_bolt", "slack_sdk", "discord", "aiohttp", "apscheduler", "alembic",
            "matplotlib", "prometheus_client"}
"""Never loaded by `import bot.cli` (issue 12)."""
HEAVY = PLATFORM | {"sqlalchemy", "pydantic_settings", "psycopg", "asyncio"}
"""Not loaded to print help either: `taskbot --help` is the cost of typer alone."""

RUN_MAIN = """
import json, sys
sys.argv = ["taskbot", *json.loads(sys.argv[1])]
import bot.cli
try:
    bot.cli.main()
except SystemExit as exit:
    status = exit.code
else:
    status = 0
with open({out!r}, "w") as f:
    json.dump({{"status": status, "modules": sorted(sys.modules)}}, f)
"""


def run_main(args: list[str], tmp_path: Path, stdin: str = "") -> tuple[object, set[str]]:
    """Run `taskbot ARGS` in a fresh interpreter: (exit status, top-level packages loaded)."""
    out = tmp_path / "modules.json"
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("TASKBOT_", "SLACK_", "DISCORD_"))}
    done = subprocess.run([sys.executable, "-c", RUN_MAIN.format(out=str(out)),
                           json.dumps(args)], input=stdin, capture_output=True, text=True,
                          cwd=tmp_path, env=clean, timeout=120, check=False)
    assert out.exists(), done.stderr
    found = json.loads(out.read_text())
    return found["status"], {name.split(".")[0] for name in found["modules"]}


def test_importing_the_cli_loads_no_platform_database_or_settings_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, bot.cli; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, timeout=60)
    loaded = {name.split(".")[0] for name in json.loads(done.stdout)}
    assert loaded & HEAVY == set()


@pytest.mark.parametrize("args", [["--help"], ["console", "--help"], ["tick", "--help"],
                                  ["run", "--help"], ["db", "--help"], ["db", "upgrade", "--help"],
                                  ["discord", "--help"], ["discord", "sync", "--help"]])
def test_help_loads_no_platform_database_or_settings_library(tmp_path: Path,
                                                             args: list[str]) -> None:
    status, loaded = run_main(args, tmp_path)
    assert status == 0
    assert loaded & HEAVY == set()


def test_a_command_on_a_migrated_database_needs_neither_alembic_nor_apscheduler(
        tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'taskbot.db'}"
    status, loaded = run_main(["console", "--db", db], tmp_path, "/task add Water plants\n")
    assert status == 0
    assert "alembic" in loaded  # the first start migrated the new database
    for args, stdin in ((["console", "--db", db], "/task list\n"), (["tick", "--db", db], "")):
        status, loaded = run_main(args, tmp_path, stdin)
        assert status == 0, args
        assert loaded & PLATFORM == set(), args


def test_a_one_shot_command_still_closes_its_database(tmp_path: Path) -> None:
    """Freezing the collector at exit skips no clean-up: the last connection closes, so
    SQLite folds its write-ahead log back into the file, and the next process reads it."""
    db_file = tmp_path / "taskbot.db"
    taskbot = Path(sys.executable).with_name("taskbot")
    run = [str(taskbot), "console", "--db", f"sqlite:///{db_file}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TASKBOT_")}
    subprocess.run(run, input="/task add Water plants\n", text=True, capture_output=True,
                   check=True, env=env, timeout=120)
    assert not Path(f"{db_file}-wal").exists()
    listed = subprocess.run(run, input="/task list all\n", text=True, capture_output=True,
                            check=True, env=env, timeout=120)
    assert "Water plants" in listed.stdout


def test_the_collector_is_quiet_only_while_the_script_starts() -> None:
    probe = """
import gc
from bot import startup
startup.started()
assert gc.isenabled() and gc.get_freeze_count() == 0  # not armed: nothing changes
startup.quiet_start()
assert not gc.isenabled()
import sqlalchemy.orm  # loading: nothing collected
startup.started()
assert gc.isenabled() and gc.get_freeze_count() > 10_000  # what loaded is frozen
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.strip() == "ok", done.stderr


def test_the_wired_bot_freezes_what_it_keeps_and_collects_young_objects_less_often() -> None:
    probe = """
import gc
from bot import startup
kept = [[i] for i in range(1000)]
startup.serving()
assert gc.get_freeze_count() > 1000 and gc.get_threshold()[0] == startup.GEN0
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.strip() == "ok", done.stderr
