"""`taskbot console` as a user runs it: a script on standard input, a fresh SQLite database
in `tmp_path`, the files it posts under `tmp_path / "files"`, and the transcript read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_console(tmp_path: Path, script: str, *args: str) -> str:
    env = {**os.environ, "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "TASKBOT_LOG_LEVEL": "WARNING", "TASKBOT_FILES_DIR": str(tmp_path / "files")}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)  # no platform: the console
    done = subprocess.run([sys.executable, "-m", "bot.cli", "console", *args], input=script,
                          capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def section(out: str, command: str, end: str = "\n@") -> str:
    """The transcript from `command` to the next `end` (by default, the next line typed)."""
    start = out.index(command)
    stop = out.find(end, start + len(command))
    return out[start: stop if stop != -1 else None]
