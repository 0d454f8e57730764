"""The console, driven exactly as a user would: `taskbot console` with a script on
standard input, a fresh SQLite database, and the transcript read back."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.console.runner import run_console

HERE = Path(__file__).parent


def test_the_whole_story(tmp_path: Path) -> None:
    out = run_console(tmp_path, (HERE / "story.txt").read_text())
    assert "[ephemeral @ana] Created project launch, owned by ana." in out
    assert "[#general] #1 Design the landing page [open, normal]" in out
    assert "[DM @bob] ana assigned you #1 Design the landing page" in out
    # the refused cycle, spelled out
    assert "[ephemeral @ana] That would make a cycle: #1 -> #2 -> #3 -> #1" in out
    # the stranger's refused edit
    assert "[ephemeral @eve] You can't edit #2" in out
    # exactly one unblock DM per step, to the right person
    unblocks = re.findall(r"^\[DM @(\w+)\] (#\d+ .* is unblocked: .*)$", out, re.M)
    assert unblocks == [
        ("cy", "#2 Build the page is unblocked: bob finished #1 Design the landing page"),
        ("dee", "#3 Ship it is unblocked: cy finished #2 Build the page"),
    ]
    assert "[ephemeral @ana] Project launch: 3/3 done (100%)" in out


def test_errors_are_friendly_and_the_session_goes_on(tmp_path: Path) -> None:
    out = run_console(tmp_path, "/task frobnicate\n/task show #7\n:bogus\n/task help\n",
                      "--user", "zoe")
    lines = out.splitlines()
    assert any(line.startswith("[ephemeral @zoe] ") and "frobnicate" in line for line in lines)
    assert "[ephemeral @zoe] There is no task #7 here." in out
    assert "[ephemeral @zoe] I didn't understand :bogus." in out
    assert "/task add" in out


def test_an_assignment_dm_waits_for_the_assignees_working_hours(tmp_path: Path) -> None:
    script = "\n".join([
        ":clock 2026-11-23T21:00:00+00:00",
        ":as bob", "/task tz Europe/London", "/task reminders hours 09:00-18:00",
        ":as ana", "/task add Late-night idea @bob",
        ":clock 2026-11-24T09:05:00+00:00", ""])
    out = run_console(tmp_path, script)
    created = out.index("[ephemeral @ana] Created #1 for bob.")
    morning = out.index("[clock] Tue 2026-11-24 09:05 UTC")
    dm = out.index("[DM @bob] ana assigned you #1 Late-night idea")
    assert created < morning < dm
    assert " INFO " not in out
