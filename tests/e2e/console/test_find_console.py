"""Issue 9 in the console, as a user types it: `/task list <filters>` with pages that say
where they are, `/task count`, `/task find` (accents, case, comments, closed tasks),
`/task next` with its reasons, `milestone:` terms, decisions found by their text, and
one-line errors for terms it cannot read. The real
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
/project milestone launch beta due:2026-12-11
/task edit #2 milestone:beta
/task edit #3 project:launch
/task list milestone:beta
/task count milestone:BETA,ga
/project decide launch "Ship without single sign-on; SSO moves to Q1" #2,#4
/task find sso
/task find "single sign-on"
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
    in_beta = answer_to(out, "/task list milestone:beta")
    assert in_beta.startswith("[ephemeral @me] Tasks: milestone:beta (1-1 of 1):"), in_beta
    assert "#2 Review the spec" in in_beta
    assert "1 task matches `milestone:BETA,ga`." in answer_to(
        out, "/task count milestone:BETA,ga")
    # a decision is found by its text: the tasks it names, in the decision's transaction
    sso = answer_to(out, "/task find sso")
    assert "#2 Review the spec" in sso and "#4 Ship it" in sso and "#1 " not in sso
    assert "#4 Ship it" in answer_to(out, '/task find "single sign-on"')
    helped = answer_to(out, "/task help list")
    assert "+blocked" in helped and "sort:urgency" in helped
