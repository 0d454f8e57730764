"""Issue 9 in the console, as a user types it: `/task list <filters>` with pages that say
where they are, `/task count`, `/task find` (accents, case, comments, closed tasks),
`/task next` with its reasons, and one-line errors for terms it cannot read. The real
`taskbot console` on a fresh SQLite database (migrated), a script in, the transcript out."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.console.test_rough_edges import answer_to, console

SCRIPT = """\
:clock 2026-11-30T09:00:00Z
/project new launch
/task add Write the spécification @me due:tomorrow priority:high project:launch
/task add Review the spec @ana after:#1 project:launch
/task add Order café supplies @me
/task add Ship it @me after:#2 project:launch
/task comment #3 crème brûlée for the party
/task add Old notes on the SPEC @me
/task done #5
/task list project:launch +blocked
/task list all spec sort:due
/task list @me,@ana status:open,done created>2026-11-01 cafe
/task count all +blocked
/task count
/task find CREME brulee
/task find spec
/task find "review the"
/task next
/task next @ana project:launch
/task list prio:hi
/task list +blokced
/task count due<frday
/task find status:open
/task next @ana,@bob
/task list milestone:beta
/task help list
"""


def test_filters_find_next_and_errors_in_the_console(tmp_path: Path) -> None:
    out = console(tmp_path, SCRIPT)
    blocked = answer_to(out, "/task list project:launch +blocked")
    assert blocked.startswith("[ephemeral @me] Tasks: project:launch +blocked (1-2 of 2):")
    assert "#2 Review the spec" in blocked and "#4 Ship it" in blocked
    spec = answer_to(out, "/task list all spec sort:due")
    assert spec.index("#1 Write the spécification") < spec.index("#2 Review the spec")
    assert "#5" not in spec  # closed: only named statuses list it
    assert "#3 Order café supplies" in answer_to(
        out, "/task list @me,@ana status:open,done created>2026-11-01 cafe")
    assert "2 tasks match `all +blocked`." in answer_to(out, "/task count all +blocked")
    assert "You have 3 open tasks." in answer_to(out, "/task count")
    creme = answer_to(out, "/task find CREME brulee")
    assert "#3 Order café supplies" in creme
    found = answer_to(out, "/task find spec")
    assert all(f"#{n} " in found for n in (1, 2, 5))  # open and closed
    assert "#2 Review the spec" in answer_to(out, '/task find "review the"')
    nxt = answer_to(out, "/task next")
    assert nxt.startswith("[ephemeral @me] Next for you:")
    assert "1. #1 Write the spécification (@me) — due tomorrow · high priority · blocks 2" \
        in nxt
    assert "#4" not in nxt  # blocked
    assert "Nothing open and unblocked for ana in launch." in answer_to(
        out, "/task next @ana project:launch")
    assert "I didn't understand 'prio:hi' — did you mean 'priority:high'?" in answer_to(
        out, "/task list prio:hi")
    assert "did you mean '+blocked'?" in answer_to(out, "/task list +blokced")
    assert "I didn't understand 'due<frday'" in answer_to(out, "/task count due<frday")
    assert "/task find takes only words" in answer_to(out, "/task find status:open")
    assert "one person at a time" in answer_to(out, "/task next @ana,@bob")
    assert "milestone: filters arrive with the project layer" in answer_to(
        out, "/task list milestone:beta")
    helped = answer_to(out, "/task help list")
    assert "+blocked" in helped and "sort:urgency" in helped
