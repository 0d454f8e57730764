"""Project templates in the console, typed as a user types them: a project saved as a
template, listed, shown, applied to start a new project (one DM per assignee, due dates on
working days), the refusals, and the sample YAML template imported with the CLI and applied."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "examples" / "templates" / "release.yaml"

SCRIPT = """\
:clock 2026-11-23T09:00
:as ana
/project new launch
/task add Write the spec @bob due:tue project:launch
/task add Build it @bob due:"next mon" after:#1 project:launch priority:high
/task add Test it @cy after:#2 project:launch
/project template save release from:launch
/project template list
/project template show release
:clock 2026-11-27T10:00
/project new launch2 from:release start:mon bob:@dee cy:@eve
/project new launch3 from:release start:mon bob:@dee
/project new launch3 from:nope start:mon
/project new launch3 from:release start:mon bob:@dee cy:@eve qa:@fay
/task show #5
:as dee
/task done #4
/project template delete release
"""


def _run(tmp_path: Path, *args: str, script: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "TASKBOT_LOG_LEVEL": "WARNING",
           # a template's DMs are already one per person: see them without the burst window
           "TASKBOT_NOTIFY_BURST_SECONDS": "0"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=script,
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)


def test_save_show_apply_and_refusals(tmp_path: Path) -> None:
    done = _run(tmp_path, "console", script=SCRIPT)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert ("[ephemeral @ana] Saved template release from project launch: 3 tasks, "
            "2 dependencies; roles: bob, cy.") in out
    assert "  release: 3 tasks; roles bob, cy · Saved from project launch" in out
    assert "    build_it: Build it · high · role bob · due day 5 · after write_the_spec" in out
    assert ("[ephemeral @ana] Created project launch2 from template release: 3 tasks "
            "(#4-#6), starting Mon 2026-11-30. Roles: bob: dee (2); cy: eve (1).") in out
    # one DM per person, listing their tasks, due on working days from Monday
    dms = re.findall(r"^\[DM @(\w+)\] ana started project launch2", out, re.M)
    assert sorted(dms) == ["dee", "eve"]
    assert ("[DM @dee] ana started project launch2 from template release and assigned you "
            "2 tasks:\n#4 Write the spec (due Tue 2026-12-01)\n#5 Build it (due Mon "
            "2026-12-07)\n") in out
    assert not re.search(r"^\[DM @\w+\] ana assigned you #[456]", out, re.M)
    assert "  @dee · due Mon 2026-12-07 17:00 · project launch2" in out
    assert "  blocked by #4 Write the spec (open, @dee)" in out
    # refusals: nothing made
    assert "[ephemeral @ana] Who takes the role cy? Add cy:@user" in out
    assert "[ephemeral @ana] There is no template “nope”." in out
    assert "[ephemeral @ana] Template release has no role 'qa'; its roles: bob, cy." in out
    assert "launch3 from template" not in out
    # the dependency works like any other: finishing #4 unblocks #5 (no DM: dee did it)
    assert "[ephemeral @dee] #4 is done. Unblocked: #5" in out
    assert "[ephemeral @dee] You can't delete the template “release”" in out


def test_the_sample_yaml_template_imported_and_applied(tmp_path: Path) -> None:
    imported = _run(tmp_path, "template", "import", str(SAMPLE))
    assert imported.returncode == 0, imported.stderr
    script = ("/project new v2.4 from:release start:2026-12-04 owner:@ana dev:@bob qa:@cy "
              "docs:@dee\n/project status v2.4\n")
    done = _run(tmp_path, "console", "--user", "ana", script=script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert ("Created project v2.4 from template release: 6 tasks (#1-#6), starting Fri "
            "2026-12-04.") in out
    assert ("Milestones: code complete due Mon 2026-12-14; shipped due Thu 2026-12-17. "
            "Estimates set on 5 tasks.") in out
    assert ("[DM @bob] ana started project v2.4 from template release and assigned you "
            "3 tasks:\n#1 Plan the release (due Fri 2026-12-04)\n#2 Build the features "
            "(due Fri 2026-12-11)\n#5 Ship it (due Wed 2026-12-16)\n") in out
    assert len(re.findall(r"^\[DM @", out, re.M)) == 3
    assert "Project v2.4: 0/6 done (0%)" in out


PLANNED = """\
:clock 2026-11-23T09:00
:as ana
/project new launch
/project milestone launch beta due:2026-11-27
/project milestone launch "go live" due:2026-12-02
/task add Write the spec @bob project:launch milestone:beta estimate:1.5d due:wed
/task add Build it @cy project:launch milestone:"go live" estimate:1d4h after:#1 due:fri
/task add Tell people project:launch estimate:45m after:#2
/project template save shipit from:launch
/project template show shipit
:clock 2026-11-27T10:00
/project new launch2 from:shipit start:mon bob:@dee cy:@eve
/task show #5
/project forecast launch2
"""


def test_milestones_and_estimates_go_from_a_project_to_a_template_to_a_new_project(
        tmp_path: Path) -> None:
    done = _run(tmp_path, "console", script=PLANNED)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert ("Saved template shipit from project launch: 3 tasks, 2 dependencies, "
            "2 milestones, 3 estimates; roles: bob, cy.") in out
    # offsets from the project's start (its first task, Mon 23 Nov): Fri is day 4
    assert "  milestones: beta (day 4), go live (day 7)" in out
    assert ("    build_it: Build it · role cy · due day 4 · estimate 1d4h · milestone go live "
            "· after write_the_spec") in out
    assert ("Created project launch2 from template shipit: 3 tasks (#4-#6), starting Mon "
            "2026-11-30. Roles: bob: dee (1); cy: eve (1). Milestones: beta due Fri "
            "2026-12-04; go live due Wed 2026-12-09. Estimates set on 3 tasks.") in out
    assert ("created #5 Build it from template shipit; depends on #4; milestone go live, "
            "estimate 1d4h") in out
    forecast = out[out.index("Forecast for launch2:"):]
    assert "  milestones:\n" in forecast
    assert re.search(r"^    beta: due Fri 4 Dec · forecast .* · 0/1 done$", forecast, re.M)
    assert re.search(r"^    go live: due Wed 9 Dec · forecast .* · 0/1 done$", forecast, re.M)
    assert "without an estimate" not in forecast
