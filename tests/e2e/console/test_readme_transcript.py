"""The README's quick-start transcript is what the console prints: the test types the
README's input lines into a real `taskbot console` on a pseudo-terminal (the interactive
prompt a new user sees after `make run`) and compares the whole screen with the README."""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROMPT = "@me #general> "


def readme_transcript() -> str:
    readme = (ROOT / "README.md").read_text()
    quick = readme[readme.index("## Quick start"):readme.index("## Commands")]
    block = re.search(r"```text\n(.*?)```", quick, re.S)
    assert block, "the quick start has no ```text transcript"
    return block.group(1)


class Terminal:
    """A child process on a pseudo-terminal: type a line, read until the next prompt."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the console, as `make run` starts it
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)
        self.screen = b""

    def _read(self, deadline: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.screen += chunk
        return bool(chunk)

    def wait_for_prompt(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.screen.count(PROMPT.encode()) < count:
            if not self._read(deadline):
                raise AssertionError(f"no prompt; the screen so far:\n{self.text()}")

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\n")

    def finish(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while self._read(deadline):
            pass
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def text(self) -> str:
        return self.screen.decode().replace("\r\n", "\n")


def test_the_readme_quick_start_is_what_the_console_prints(tmp_path: Path) -> None:
    expected = readme_transcript()
    typed = [line[len(PROMPT):] for line in expected.splitlines() if line.startswith(PROMPT)]
    assert typed and typed[-1] == ":quit"
    env = {**os.environ, "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "TASKBOT_LOG_LEVEL": "WARNING", "TERM": "dumb"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    term = Terminal([sys.executable, "-m", "bot.cli", "console"], env)
    for n, line in enumerate(typed, start=1):
        term.wait_for_prompt(n)
        term.type(line)
    assert term.finish() == 0, term.text()
    assert term.text() == expected
