"""The project layer in the console, from plan to slip (issue 15's "done means"): a target
date, a milestone, estimates, a baseline; a blocker slips; the early-warning reply and the
DMs to the owners now at risk; the status with forecast and variance; what-if; decisions on
`/task show`; the digest's milestones at risk; and the milestone-reached post."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.console.runner import run_console, section

STORY = """\
:clock 2026-11-30T08:00:00Z
:as ana
/project new launch
/project due launch 2026-12-18
/project milestone launch beta due:2026-12-09
/task digest here at 09:00 UTC weekdays
/task add Write the spec @bob project:launch milestone:beta estimate:2d due:2026-12-03
/task add Build it @cy project:launch milestone:beta estimate:3d after:#1 due:2026-12-08
/task add Launch party @ana project:launch estimate:1d after:#2
/project baseline launch
/project forecast launch
:as bob
/task edit #1 estimate:6d
/task edit #1 estimate:6d
/task log #1 4h first draft
:as ana
/project status launch
/project whatif launch #2 +2d
/project whatif launch #2 due:2026-12-20
/project decide launch "Ship without SSO; SSO moves to Q1" #2,#3
/task show #2
:clock 2026-12-01T09:00:00Z
:as bob
/task done #1
:clock 2026-12-01T09:01:00Z
:as cy
/task done #2
/project forecast launch
"""


def test_a_project_from_plan_to_slip(tmp_path: Path) -> None:
    out = run_console(tmp_path, STORY)
    assert "[ephemeral @ana] launch is now due Fri 18 Dec." in out
    assert "Added milestone beta to launch, due Wed 9 Dec." in out
    assert "Created #1 for bob. Planned: milestone beta, estimate 2d." in out
    assert "Baseline of launch taken: 3 tasks, 6 d estimated, forecast finish Mon 7 Dec" in out

    plan = section(out, "/project forecast launch")
    assert "plan: target Fri 18 Dec · forecast Mon 7 Dec (on time, 9 d to spare)" in plan
    assert "beta: due Wed 9 Dec · forecast Fri 4 Dec (on time, 3 d to spare) · 0/2 done" in plan
    assert "#1 Write the spec @bob: Mon 30 Nov -> Tue 1 Dec" in plan
    assert "#3 Launch party @ana: Mon 7 Dec -> Mon 7 Dec" in plan

    # The blocker slips: bob's reply says so in one line; cy (whose task is now late) and
    # ana (who owns the project whose milestone is now late) get one DM each.
    slip = section(out, "/task edit #1 estimate:6d")
    assert "Updated #1: estimate 6d." in slip
    assert "⚠ Heads-up: milestone beta is forecast Thu 10 Dec, after its due date Wed 9 Dec" \
        in slip
    assert "[DM @cy] Heads-up on launch: #2 Build it is forecast to finish Thu 10 Dec, after " \
           "its due date Tue 8 Dec." in slip
    assert "[DM @ana] Heads-up on launch: milestone beta is forecast Thu 10 Dec" in slip
    assert "[DM @bob]" not in slip  # nobody is told about their own change
    # the same change again: nothing new, no second warning or DM
    again = out[out.index("/task edit #1 estimate:6d", out.index(slip) + len(slip)):]
    again = again[:again.index("\n@")]
    assert "Heads-up" not in again and "[DM" not in again
    assert "Logged 4h on #1 (4h in all, 5.5d of its estimate left)." in out

    status = section(out, "/project status launch")
    assert "plan: target Fri 18 Dec · forecast Fri 11 Dec (on time, 5.5 d to spare) · " \
           "+3.5 d vs baseline of Mon 30 Nov" in status
    assert "scope +4 d since the baseline of 30 Nov" in status
    assert "beta: due Wed 9 Dec · forecast Thu 10 Dec (0.5 working days after its due " \
           "date) · 0/2 done · +3.5 d vs baseline" in status
    assert "schedule risk: milestone beta is forecast Thu 10 Dec, after its due date" in status

    whatif = section(out, "/project whatif launch #2 +2d")
    assert "What if #2 takes 2d longer (launch; nothing is changed):" in whatif
    assert "project launch: Fri 11 Dec -> Tue 15 Dec (+2 d)" in whatif
    assert "milestone beta: Thu 10 Dec -> Mon 14 Dec (+2 d)" in whatif
    redate = section(out, "/project whatif launch #2 due:2026-12-20")
    assert "What if #2 is due Sun 20 Dec (launch; nothing is changed):\n  nothing moves" \
        in redate

    shown = section(out, "/task show #2")
    assert "decision in launch: Ship without SSO; SSO moves to Q1" in shown
    assert "@ana estimate 3d" in shown

    digest = section(out, "[#general] Standup digest for Tuesday 01 December 2026", "\n[")
    assert "Milestones at risk:\n  launch: milestone beta is forecast" in out[
        out.index("[#general] Standup digest for Tuesday 01 December 2026"):]
    assert digest

    # A close costs bob no forecast: the tick that follows finds the milestone back on
    # track and tells ana (once).
    closed = section(out, "@bob in #general: /task done #1", "[clock]")
    assert "Good news" not in closed and "Heads-up" not in closed
    back = section(out, "[clock] Tue 2026-12-01 09:01 UTC")
    assert out.count("Good news on launch") == 1
    assert "[DM @ana] Good news on launch: milestone beta is forecast to make its due date " \
           "again." in back
    done = section(out, "@cy in #general: /task done #2")
    assert "[#general] Milestone beta of launch reached: its last task, #2 Build it, is done " \
           "(2 tasks)." in done
    final = out[out.rindex("/project forecast launch"):]
    assert "beta: due Wed 9 Dec · reached · 2/2 done" in final


def test_bad_plan_input_gets_a_friendly_line(tmp_path: Path) -> None:
    out = run_console(tmp_path, """\
:clock 2026-11-30T08:00:00Z
/project new launch
/task add Spec project:launch
/task add Other
/task log #1 bad
/task log #1 0h
/task edit #1 estimate:3
/task edit #1 milestone:nope
/task edit #2 milestone:beta
/project whatif launch #9 +2d
/project whatif launch #1
/project milestone launch beta
/project milestone launch beta due:fri done
/project forecast nowhere
/task show #1
""")
    assert "`bad` is not a duration: write a number and a unit: 30m, 4h, 1.5d or 2w" in out
    assert "`0h` is zero: a duration is more than nothing" in out
    assert "`3` needs a unit: 3h or 3d?" in out
    assert "launch has no milestone “nope”. Create it with /project milestone launch nope " \
           "due:<when>." in out
    assert "#2 is in no project, so it can't be in a milestone" in out
    assert "#9 is not open work of launch" in out
    assert "Say what changes, one thing: +<duration>" in out
    assert "Give it a date (due:fri or due:none), or say done, drop or rename:<new>" in out
    assert "One change at a time: due or done/drop." in out
    assert "There is no project “nowhere”." in out
    assert "milestone nope" not in out.split("/task show #1")[-1]  # nothing half-written
    assert "Traceback" not in out


def test_moving_a_task_to_another_project_takes_it_out_of_its_milestone(
        tmp_path: Path) -> None:
    out = run_console(tmp_path, """\
:clock 2026-11-30T08:00:00Z
/project new launch
/project new ops
/project milestone launch beta due:2026-12-09
/task add Spec project:launch milestone:beta estimate:1d
/task edit #1 project:ops
/project milestone ops beta due:2026-12-10
/task edit #1 milestone:beta
/project forecast launch
/project forecast ops
""")
    assert "Updated #1: project to ops. Planned: milestone removed." in out
    assert "Updated #1: milestone beta." in out
    launch = section(out, "/project forecast launch")
    assert "beta: due Wed 9 Dec · 0/0 done" in launch
    ops = section(out, "/project forecast ops")
    assert "beta: due Thu 10 Dec · forecast Mon 30 Nov" in ops and "0/1 done" in ops


WATCH = """\
:clock 2026-03-02T09:00:00Z
:as ana
/project new launch
/project milestone launch beta due:2026-03-03
/task add Write the spec @bob project:launch milestone:beta estimate:2d
:clock 2026-03-02T10:00:00Z
:clock 2026-03-03T00:05:00Z
:clock 2026-03-03T09:30:00Z
:clock 2026-03-04T09:30:00Z
"""


def test_a_milestone_slipping_with_time_is_told_to_its_owner_once(tmp_path: Path) -> None:
    """Nobody works on Monday: the first tick of Tuesday finds beta late and tells ana
    (who owns launch) once, within her working hours; Wednesday's tick says nothing."""
    out = run_console(tmp_path, WATCH)
    assert "Heads-up" not in out[:out.index("[clock] Tue 2026-03-03")]
    told = "[DM @ana] Heads-up on launch: milestone beta is forecast Wed 4 Mar, after its " \
           "due date Tue 3 Mar."
    assert out.count(told) == 1, out
    assert out.index(told) < out.index("[clock] Wed 2026-03-04")
