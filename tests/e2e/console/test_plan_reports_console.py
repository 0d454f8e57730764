"""Reports on a planned project in the console: estimates and time logged feed the
estimate accuracy and the hours per person; the baseline and the forecast give the
schedule variance; the timeline PNG is written with the milestone and the critical path;
the burn-up's forecast line is the plan's."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.console.runner import run_console, section

PNG = b"\x89PNG\r\n\x1a\n"

SCRIPT = """\
:clock 2026-11-30T08:00:00Z
:as ana
/project new launch
/project due launch 2026-12-18
/project milestone launch beta due:2026-12-09
/task add Write the spec @bob project:launch milestone:beta estimate:2d due:2026-12-03
/task add Build it @cy project:launch milestone:beta estimate:3d after:#1 due:2026-12-08
/task add Launch party @ana project:launch estimate:1d after:#2
/project baseline launch
:as bob
/task log #1 12h first draft
/task edit #1 estimate:6d
:clock 2026-12-01T09:00:00Z
/task log #1 8h
/task done #1
:clock 2026-12-01T10:00:00Z
:as ana
/project report launch
/project chart launch timeline month
/project chart launch burnup
:clock 2026-12-08T10:00:00Z
:as cy
/task log #2 5h
:as ana
/project report launch last week
"""


def test_a_planned_projects_report_and_charts(tmp_path: Path) -> None:
    out = run_console(tmp_path, SCRIPT)
    report = out[out.index("/project report launch"):out.index("/project chart launch tim")]
    # 20 h logged against 6 d (48 h) on the one done task that has both
    assert "Estimate accuracy         0.42x logged / estimated over 1 task" in report
    # #1 was planned to take 2 d and was done after one: the forecast is ahead of the plan
    # the same day in both: their times say where the 0.9 working days went
    assert ("Schedule variance         -0.9 working days: forecast Mon 7 Dec 10:00 against Mon "
            "7 Dec 17:00 in the baseline of Mon 30 Nov; -0.3 d on average, 0 of 1 late") in report
    assert "@bob 0 open, 1 done, 20 h" in report
    # a week later, last week's report counts last week's hours only: not cy's 5 h of today
    last = section(out, ": /project report launch last week\n")
    assert "Report: launch, week of 30 Nov to 6 Dec 2026" in last
    assert "@bob 0 open, 1 done, 20 h" in last and "@cy 1 open, 0 done;" in last

    timeline = out[out.index("/project chart launch timeline"):]
    assert "on the critical path" in timeline
    path = Path(timeline.split("file: ", 1)[1].split(" (", 1)[0])
    assert path.parent == tmp_path / "files" and path.suffix == ".png"
    assert path.read_bytes().startswith(PNG) and path.stat().st_size > 5000
    assert "the plan forecasts the rest done by 7 Dec 2026" in out
