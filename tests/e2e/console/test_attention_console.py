"""Notifications that respect attention in the console: `/task notify`, an hourly
person's one summary for 20 assignments, an immediate person's twenty DMs, a burst of 10
changes in a minute as one DM (a real `taskbot console`, its `:clock` ticking)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.console.runner import run_console


def _spread(who: str, count: int, minute: int = 0, second_step: int = 150) -> list[str]:
    """ana adds `count` tasks for `who` from 10:00 on Monday, `second_step` s apart."""
    lines = []
    for i in range(count):
        at = minute * 60 + i * second_step
        lines += [f":clock 2026-11-30T10:{at // 60:02d}:{at % 60:02d}Z",
                  f"/task add Task {i + 1} @{who}"]
    return lines


def dms(out: str, who: str) -> list[str]:
    return re.findall(rf"^\[DM @{who}\] (.*)$", out, re.M)


def test_an_hourly_person_gets_one_summary_for_twenty_assignments(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-30T09:59:00Z", ":as bob", "/task notify hourly", ":as ana",
        *_spread("bob", 20), ":clock 2026-11-30T10:59:59Z",
        "/task list all", ":clock 2026-11-30T11:00:00Z", ""]))
    assert "[ephemeral @bob] Your notifications: hourly." in out
    assert "Next summary: Mon 30 Nov 10:00 (UTC)." in out
    before, after = out.split("[clock] Mon 2026-11-30 11:00 UTC")
    assert dms(before, "bob") == []
    assert dms(after, "bob") == ["20 updates on your tasks:"]
    body = after[after.index("[DM @bob]"):]
    assert "- ana assigned you #1 Task 1\n" in body and "- ana assigned you #20 Task 20" in body


def test_an_immediate_person_gets_twenty_dms(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":as ana", *_spread("cy", 20), ":clock 2026-11-30T11:00:00Z", ""]))
    assert dms(out, "cy") == [f"ana assigned you #{i} Task {i}" for i in range(1, 21)]


def test_a_burst_of_ten_changes_in_a_minute_is_one_dm(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":as ana", *_spread("dee", 10, second_step=5), ":clock 2026-11-30T10:01:00Z", ""]))
    assert dms(out, "dee") == ["10 updates from ana:"]


def test_notify_show_and_friendly_refusals(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        ":clock 2026-11-30T10:20:00Z", "/task notify daily at 16:00", "/task notify show",
        "/task notify weekly", "/task notify hourly at 9", "/task notify immediate",
        "/task help notify", ""]))
    assert "[ephemeral @me] Your notifications: daily. Non-urgent ones" in out
    assert "come as one summary DM once a day at 16:00, in your working hours (weekdays " \
           "09:00-18:00, UTC).\nNext summary: Mon 30 Nov 16:00 (UTC)." in out
    assert "Unblocked tasks, due-soon and overdue alerts, escalations and reminders come at " \
           "once" in out
    assert "'weekly' is not a way to get notifications; try /task notify hourly" in out
    assert "A time goes with daily only: /task notify daily at 9" in out
    assert "[ephemeral @me] Your notifications: immediate." in out
    assert "/task notify immediate | hourly | daily [at HH:MM] | show" in out
