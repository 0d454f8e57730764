"""A check-in day in the console, as users type it: questions at 09:30 in Berlin and in
Kolkata, answers with /standup answer, the report at 10:30 Berlin, a late answer added in
the report's thread, an away person skipped."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.console.runner import run_console

SCRIPT = """\
:clock 2026-03-01T12:00:00Z
:as ana
/task tz Europe/Berlin
/task add Write the spec @ana
/task start #1
/standup here at 09:30 Europe/Berlin weekdays report:10:30
:as bob
/task tz Asia/Kolkata
/task add Review the API @bob
/standup join
:as cy
/task tz Europe/Berlin
/standup join
/task away until 2026-03-03 08:00
:as ana
/task add Ship it @ana after:#2
/standup show
:clock 2026-03-02T04:00:00Z
:as bob
/standup answer Reviewed half of #2 | Finish #2 | nothing
:clock 2026-03-02T08:30:00Z
:clock 2026-03-02T09:30:00Z
:as ana
/standup answer Spec draft | Finish #1 | waiting on #2
:clock 2026-03-02T09:45:00Z
/standup help
"""


def test_a_check_in_day_in_the_console(tmp_path: Path) -> None:
    out = run_console(tmp_path, SCRIPT)
    assert "[ephemeral @ana] This channel checks in: questions at 09:30" in out
    assert "Participants (3): ana, bob, cy" in out
    bob_dm = out.index("[DM @bob] Check-in for #general, Mon 02 Mar:")
    ana_dm = out.index("[DM @ana] Check-in for #general, Mon 02 Mar:")
    assert bob_dm < out.index("[clock] Mon 2026-03-02 08:30 UTC") < ana_dm
    assert "[DM @cy] Check-in" not in out  # away
    assert "  Blocked: #3 Ship it by #2 Review the API (bob)" in out
    assert out.count("[#general] Check-in report, Mon 02 Mar:") == 1
    report = out[out.index("[#general] Check-in report"):]
    assert "bob:\n  What did you finish? Reviewed half of #2" in report
    assert "Not answered yet: ana\nAway: cy" in report
    assert "it will be added to the report that already went out" in out
    assert "[#general thread] Added to the check-in of Mon 02 Mar\nana:" in out
    assert "/standup skip [today|until <when>|off]" in out
