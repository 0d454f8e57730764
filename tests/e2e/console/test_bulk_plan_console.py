"""Bulk changes and the project layer in the console: a bulk change is checked once for
early warnings (one line in its summary, one DM per person), a milestone whose tasks all
close in one bulk change is announced once, and a bulk move to another project takes the
tasks out of the old project's milestone."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.console.runner import run_console, section

STORY = """\
:clock 2026-11-30T08:00:00Z
:as ana
/project new launch
/project new web
/project milestone launch beta due:2026-12-09
/task add Write the spec @bob project:launch milestone:beta due:2026-12-03
/task add Build it @cy project:launch milestone:beta after:#1 due:2026-12-04
/task add Test it @cy project:launch milestone:beta after:#1 due:2026-12-05
/task add Stray @bob project:launch milestone:beta
/task add Extra @bob project:launch milestone:beta
/task due #1,#4 2026-12-07
/task edit #4,#5 project:web
/task list milestone:beta status:open,done
/task done #1,#2,#3
"""


def test_bulk_changes_warn_once_and_announce_a_milestone_once(tmp_path: Path) -> None:
    out = run_console(tmp_path, STORY)
    slip = section(out, "/task due #1,#4 2026-12-07")
    assert "Changed the due date of 2 tasks: #1, #4." in slip
    assert slip.count("⚠ Heads-up:") == 1  # one line for the whole change
    assert "waits for #1 Write the spec, due Mon 7 Dec, after its own due date" in slip
    cy = [line for line in slip.splitlines() if line.startswith("[DM @cy]")]
    assert len(cy) == 1, slip  # both of cy's tasks now at risk: one message
    moved = section(out, "/task edit #4,#5 project:web")
    assert "Edited 2 tasks: #4, #5." in moved
    beta = section(out, "/task list milestone:beta status:open,done")
    assert "#4" not in beta and "#5" not in beta and "#1 Write the spec" in beta
    closed = section(out, "/task done #1,#2,#3", end="\n@@@")
    assert "Closed 3 tasks: #1, #2, #3." in closed
    assert closed.count("Milestone beta of launch reached") == 1, closed
