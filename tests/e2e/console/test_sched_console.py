"""The scheduler in the console, as a user drives it: `:clock` moves time and runs what
became due; digests and DMs appear with their destination tags; `taskbot tick --now`
does the same from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """\
:clock 2026-03-02T07:00:00Z
:as ana
/project new launch
/task digest here at 09:00 Europe/Berlin weekdays
/task add Write the spec @bob due:2026-03-02T12:00Z project:launch
/task add Build it @cy after:#1 project:launch
/task remind me book the venue 2026-03-02 10:30
:clock 2026-03-02T08:00:00Z
:clock 2026-03-02T10:30:00Z
:clock 2026-03-02T12:00:00Z
:as bob
/task done #1
:clock 2026-03-03T08:00:00Z
:as ana
/task admin deliveries
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "TASKBOT_LOG_LEVEL": "WARNING"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    return env


def test_digest_reminder_and_overdue_in_the_console(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "console"], input=SCRIPT,
                          capture_output=True, text=True, env=_env(tmp_path), timeout=120,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # Monday 09:00 in Berlin: one digest, with bob's task due today and cy's blocked one
    assert out.count("[#general] Standup digest for Monday 02 March 2026") == 1
    assert "  blocked: #2 Build it by #1 Write the spec (@bob)" in out
    assert "[DM @ana] Reminder: book the venue" in out
    assert "[DM @bob] #1 Write the spec is overdue" in out
    # Tuesday's digest: bob finished #1, cy's #2 is newly unblocked
    tuesday = out[out.index("[#general] Standup digest for Tuesday 03 March 2026"):]
    assert "@bob:\n  finished: #1 Write the spec" in tuesday
    assert "newly unblocked: #2 Build it" in tuesday
    assert "[ephemeral @ana] Deliveries: 0 pending," in out


def test_tick_command_prints_with_destination_tags(tmp_path: Path) -> None:
    setup = ":clock 2026-03-02T07:00:00Z\n/task digest here at 09:00 UTC daily\n"
    env = _env(tmp_path)
    first = subprocess.run([sys.executable, "-m", "bot.cli", "console", "--user", "ana"],
                           input=setup, capture_output=True, text=True, env=env, timeout=120,
                           cwd=ROOT)
    assert first.returncode == 0, first.stderr
    tick = [sys.executable, "-m", "bot.cli", "tick", "--now", "2026-03-02T09:00:00Z"]
    out = subprocess.run(tick, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[:2] == ["[#general] Standup digest for Monday 02 March 2026",
                                           "Nothing to report today: no work finished, due, "
                                           "overdue or blocked."]
    again = subprocess.run(tick, capture_output=True, text=True, env=env, timeout=120,
                           cwd=ROOT)
    assert again.returncode == 0 and again.stdout == ""  # the same tick again: nothing


def _console(tmp_path: Path, script: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "console"], input=script,
                          capture_output=True, text=True, env={**_env(tmp_path), **env},
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_recurring_task_done_before_the_next_tick_keeps_repeating(tmp_path: Path) -> None:
    out = _console(tmp_path, ':clock 2026-11-23T10:00:00+00:00\n'
                             '/task add A every:daily due:"2026-11-23 17:00"\n'
                             '/task done #1\n'
                             ':clock 2026-11-25T10:02:00+00:00\n'
                             '/task list all\n')
    listing = out[out.index("/task list all"):]
    assert "#2 A [open, normal]" in listing
    assert "due Wed 2026-11-25 17:00" in listing
    assert "#3" not in listing  # the missed Tuesday is skipped, not created late


def test_new_workspace_schedules_in_the_configured_default_zone(tmp_path: Path) -> None:
    out = _console(tmp_path, ':clock 2026-11-23T10:00:00Z\n'
                             '/task digest here at 09:00\n'
                             '/task add Thing due:"2026-11-24 19:00"\n'
                             ':clock 2026-11-23T23:59:00Z\n'
                             ':clock 2026-11-24T00:00:00Z\n'
                             ':clock 2026-11-24T10:00:00Z\n'
                             ':clock 2026-11-25T00:00:00Z\n', TASKBOT_DEFAULT_TZ="Asia/Tokyo")
    assert "standup digest at 09:00 Asia/Tokyo, weekdays. Next: Tue 24 Nov 09:00" in out
    before, _, rest = out.partition("[clock] Tue 2026-11-24 00:00 UTC")
    assert "Standup digest" not in before  # not at 09:00 UTC, nor at 23:59 UTC
    tuesday, _, rest = rest.partition("[clock] Tue 2026-11-24 10:00 UTC")
    assert "[#general] Standup digest for Tuesday 24 November 2026" in tuesday
    evening, _, wednesday = rest.partition("[clock] Wed 2026-11-25 00:00 UTC")
    assert "is overdue" not in evening  # 19:00 in Tokyo: after working hours, it waits
    assert "[DM @me] #1 Thing is overdue: it was due Tue 24 Nov 19:00 (Asia/Tokyo)" in wednesday


def test_a_reminder_in_quiet_hours_says_when_it_will_really_arrive(tmp_path: Path) -> None:
    out = _console(tmp_path, ":clock 2026-11-23T10:00:00Z\n"
                             "/task remind me ping 2026-11-28 03:00\n"
                             "/task remind me pong 2026-11-24 10:00\n"
                             ":clock 2026-11-28T03:00:00Z\n"
                             ":clock 2026-11-30T09:00:00Z\n")
    assert ("[ephemeral @me] I'll remind you Mon 30 Nov 09:00 (UTC): ping (Sat 28 Nov 03:00 "
            "(UTC) is held: outside your working hours, weekdays 09:00-18:00; /task "
            "reminders changes them) (reminder 1; /task reminders list shows yours).") in out
    assert "[ephemeral @me] I'll remind you Tue 24 Nov 10:00 (UTC): pong (reminder 2; " in out
    saturday, _, monday = out.partition("[clock] Mon 2026-11-30 09:00 UTC")
    assert "Reminder: ping" not in saturday
    assert "[DM @me] Reminder: ping" in monday  # when the confirmation said
