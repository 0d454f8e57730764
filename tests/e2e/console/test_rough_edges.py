"""The rough edges a new user hit in the console (issue 13), each driven as they drove it:
the real `taskbot console` on a fresh SQLite database, a script in, the transcript out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def console(tmp_path: Path, script: str) -> str:
    env = {**os.environ, "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "TASKBOT_LOG_LEVEL": "WARNING"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "console"], input=script,
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def answer_to(out: str, line: str) -> str:
    """What the bot printed after the input `line` (up to the next input)."""
    start = out.index(f": {line}\n") + len(line) + 3
    end = out.find("\n@", start)
    return out[start:] if end < 0 else out[start:end]


def test_none_clears_every_clearable_field_and_unassigns(tmp_path: Path) -> None:
    out = console(tmp_path, """\
:clock 2026-03-02T07:00:00Z
/project new launch
/task add Write the spec @ana due:tomorrow project:launch description:"some detail"
/task edit #1 description:none
/task edit #1 project:none
/task due #1 none
/task add Second description:none project:none due:none
/task assign #1 none
/task assign #1 none
/task show #1
/task show #2
""")
    assert "Updated #1: description removed." in answer_to(out, "/task edit #1 description:none")
    assert "Updated #1: project removed." in answer_to(out, "/task edit #1 project:none")
    assert "Removed the due date of #1." in answer_to(out, "/task due #1 none")
    assert "#1 is unassigned now (it was ana's)." in out
    assert "#1 is not assigned to anyone." in out
    first = answer_to(out, "/task show #1")
    assert "unassigned" in first and "none" not in first and "project launch" not in first
    second = answer_to(out, "/task show #2")
    assert "none" not in second.lower() and "project" not in second
