"""Reports and charts in the console, as a user drives it: `/project chart` writes the PNG
under TASKBOT_FILES_DIR and prints its path with the alt text; the report, `/task stats`,
the weekly report (moved on by `:clock`) and the refusals read as a manager reads them."""

from __future__ import annotations

import re
import struct
from pathlib import Path

from tests.e2e.console.runner import run_console, section

PNG = b"\x89PNG\r\n\x1a\n"

SCRIPT = """\
:clock 2026-03-02T07:00:00Z
:as ana
/project new launch
/task add Write the spec @bob due:2026-03-04T12:00Z project:launch
/task add Build it @cy after:#1 project:launch
/task add Test it project:launch
:clock 2026-03-03T10:00:00Z
/task start #1
:clock 2026-03-04T10:00:00Z
/task done #1
/project chart launch burnup
/project chart launch graph
/project chart launch timeline month
/project chart empty-one burnup
/project new quiet
/project chart quiet leadtime
/project report launch
/task stats @bob month
/project report launch every mon 09:00 Europe/Berlin
:as bob
/project report launch off
:as ana
:clock 2026-03-09T08:00:30Z
/project chart launch pie
/project report launch from:2026-03-09 to:2026-03-01
/project report launch last week
/project report launch lastweek
/task stats @bob last month
/project new Sprint last
/project report Sprint last week
/project report Sprint last last week
"""


def _size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG)
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_charts_reports_and_the_weekly_report_in_the_console(tmp_path: Path) -> None:
    out = run_console(tmp_path, SCRIPT)
    paths = [Path(p) for p in re.findall(r"file: (\S+\.png) \(", out)]
    names = [p.name for p in paths]
    assert names == ["burnup-launch-2026-03-04.png", "graph-launch-2026-03-04.png",
                     "timeline-launch-2026-03-04.png", "leadtime-quiet-2026-03-04.png",
                     "burnup-launch-2026-03-02.png"]
    for path in paths:
        assert path.parent == tmp_path / "files" and _size(path) == (800, 450)
    assert "[#general] Burn-up: launch, Q1 2026" in out
    assert "alt: Scope went from 0 to 3 tasks and 1 is done, 2 to go" in out
    # an empty project: a picture with a sentence, and the sentence in chat
    assert "No task of quiet was done in Q1 2026." in out
    assert "There is no project “empty-one”" in out
    # the report and stats
    assert "[ephemeral @ana] Report: launch, week of 2 Mar to 8 Mar 2026" in out
    assert "  Completion rate           100% of 1 due" in out
    assert "Chart: /project chart launch burnup" in out
    assert "[ephemeral @ana] Stats: @bob, March 2026" in out
    # only the owner (or a manager) may change the weekly report; it goes out on Monday
    assert "Only the owner of launch, managers and admins can schedule its report" in out
    weekly = out[out.index("[#general] Report: launch, week of 2 Mar to 8 Mar 2026"):]
    assert "Created / done / dropped: 3 / 1 / 0" in weekly
    assert out.count("[#general] Report: launch") == 1
    # refusals say how to do it right
    assert "Which chart? One of burnup, flow, leadtime, load, timeline, graph" in out
    assert "The period ends (2026-03-01) before it starts (2026-03-09)." in out
    # last week: the one before (the clock is at Monday 9 March)
    last = out[out.index("@ana in #general: /project report launch last week"):]
    assert "Report: launch, week of 2 Mar to 8 Mar 2026" in last.split("\n@ana")[0]
    assert ("'lastweek' is not a period; use week, month or quarter (this one), last week, "
            "last month or last quarter, or from:2026-03-01 to:2026-03-31. For example: "
            "/project report launch last week.") in out
    assert "[ephemeral @ana] Stats: @bob, February 2026" in out
    # a project whose name ends in "last" is found, and still has its periods
    assert ("[ephemeral @ana] Report: Sprint last, week of 9 Mar to 15 Mar 2026"
            in section(out, ": /project report Sprint last week\n"))
    assert ("[ephemeral @ana] Report: Sprint last, week of 2 Mar to 8 Mar 2026"
            in section(out, ": /project report Sprint last last week\n"))
