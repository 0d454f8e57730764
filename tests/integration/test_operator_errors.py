"""An operator's mistake ends `taskbot console` / `taskbot tick` with one clear line and a
non-zero exit, never a traceback (the real `taskbot` process, as an operator runs it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

TASKBOT = Path(sys.executable).with_name("taskbot")


def taskbot(*args: str, cwd: Path, stdin: str = "/task list\n",
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("TASKBOT_", "SLACK_", "DISCORD_"))}
    return subprocess.run([str(TASKBOT), *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env={**clean, **(env or {})}, timeout=120)


def one_clear_line(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("url", "needles"), [
    ("nonsense", ("'nonsense' is not a database URL", "sqlite:///")),
    ("mysql://someone@127.0.0.1/db", ("needs a driver", "PostgreSQL")),
    ("postgresql+psycopg://someone:hunter2@127.0.0.1:1/db",
     ("Cannot use the database at", "Connection refused", "TASKBOT_DATABASE_URL")),
    ("sqlite:////proc/no/such/dir/taskbot.db", ("Cannot create the SQLite database",)),
])
@pytest.mark.parametrize("command", [["console"], ["tick"], ["db", "current"]])
def test_a_bad_database_url_is_one_line(tmp_path: Path, url: str, needles: tuple[str, ...],
                                        command: list[str]) -> None:
    line = one_clear_line(taskbot(*command, "--db", url, cwd=tmp_path), *needles)
    assert "hunter2" not in line  # the password is not echoed


def test_an_unknown_default_time_zone_is_one_line(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'tz.db'}"]
    for command in (["console", *db], ["tick", *db], ["run", *db], ["discord", "invite"]):
        result = taskbot(*command, cwd=tmp_path,
                         env={"TASKBOT_DEFAULT_TZ": "Mars/Olympus_Mons"})
        one_clear_line(result, "TASKBOT_DEFAULT_TZ", "'Mars/Olympus_Mons' is not a known "
                       "time zone", "Europe/Paris")
        assert result.returncode == 2


@pytest.mark.postgres
def test_an_unmigrated_server_database_says_which_command_migrates_it(
        tmp_path: Path, pg_url: str) -> None:
    for command in (["console"], ["tick"]):
        one_clear_line(taskbot(*command, "--db", pg_url, cwd=tmp_path),
                       "run `taskbot db upgrade` first")
    assert taskbot("db", "upgrade", "--db", pg_url, cwd=tmp_path).returncode == 0
    started = taskbot("console", "--user", "ana", "--db", pg_url, cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert "[ephemeral @ana] No open tasks." in started.stdout


def test_an_unmigrated_embedded_database_migrates_itself(tmp_path: Path) -> None:
    """As the README says: the embedded SQLite database is migrated by whatever starts."""
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    ticked = taskbot("tick", "--db", url, "--now", "2026-11-30T09:00", cwd=tmp_path)
    assert ticked.returncode == 0, ticked.stderr
    assert "tick: 0 changed tasks" in ticked.stderr


def test_the_console_clock_refuses_instants_out_of_range(tmp_path: Path) -> None:
    """`:clock 0001-01-01` and `:clock 9999-12-31` crashed the console (a date overflow)
    after a digest schedule had spent seconds of CPU walking the missed days one by one."""
    script = "\n".join([
        "/task add Write the spec @ana due:tomorrow",
        "/task digest here at 09:00",
        ":clock 0001-01-01",
        ":clock 9999-12-31",
        ":clock 0001-01-01T00:00+01:00",
        ":clock 2199-12-30T09:30",
        "/task list @ana",
    ]) + "\n"
    result = taskbot("console", "--db", f"sqlite:///{tmp_path / 'clock.db'}", cwd=tmp_path,
                     stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    refusals = [line for line in result.stdout.splitlines() if "outside the clock's range"
                in line]
    assert len(refusals) == 3
    assert "pick a time from 1970-01-01 to 2199-12-31" in refusals[0]
    assert "[clock] Mon 2199-12-30 09:30 UTC" in result.stdout  # in range: accepted
    assert "Standup digest for Monday 30 December 2199" in result.stdout
    assert "#1 Write the spec" in result.stdout.split("/task list @ana")[-1]


@pytest.mark.parametrize("now", ["0001-01-01", "9999-12-31T23:59:59", "0001-01-01T00:00+01:00"])
def test_tick_now_out_of_range_is_a_usage_error(tmp_path: Path, now: str) -> None:
    result = taskbot("tick", "--db", f"sqlite:///{tmp_path / 't.db'}", "--now", now,
                     cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "outside the clock's range" in " ".join(result.stderr.split())


@pytest.mark.parametrize(("name", "bad", "needle"), [
    ("TASKBOT_LOG_FORMAT", "xml", "TASKBOT_LOG_FORMAT"),
    ("TASKBOT_LOG_LEVEL", "LOUD", "'LOUD' is not a log level"),
    ("TASKBOT_HTTP_PORT", "http", "TASKBOT_HTTP_PORT"),
])
def test_other_bad_settings_are_one_line(tmp_path: Path, name: str, bad: str,
                                         needle: str) -> None:
    result = taskbot("console", "--db", f"sqlite:///{tmp_path / 's.db'}", cwd=tmp_path,
                     env={name: bad})
    one_clear_line(result, "Bad setting:", needle)
    assert result.returncode == 2


def test_run_on_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as held:
        held.bind(("0.0.0.0", 0))
        held.listen()
        port = held.getsockname()[1]
        result = taskbot("run", "--db", f"sqlite:///{tmp_path / 'p.db'}", cwd=tmp_path,
                         env={"SLACK_BOT_TOKEN": "xoxb-1-2-port",
                              "SLACK_SIGNING_SECRET": "port-secret",
                              "TASKBOT_HTTP_PORT": str(port), "TASKBOT_LOG_LEVEL": "ERROR",
                              "SLACK_API_URL": "http://127.0.0.1:9/api/"})
    one_clear_line(result, "port is already in use", "TASKBOT_HTTP_PORT")
