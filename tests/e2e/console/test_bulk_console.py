"""Bulk changes, handover and `/project export` typed in `taskbot console`, as a team would:
the preview, its confirm code, a refusal that names the tasks, one DM per person, and the
exported file's path."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.e2e.console.runner import run_console


def _after(out: str, line: str) -> str:
    return out[out.index(line) + len(line):]


def _code(out: str, line: str) -> str:
    found = re.search(r"To do it: (/task .* confirm:[0-9a-f]{6})", _after(out, line))
    assert found, _after(out, line)[:400]
    return found.group(1)


SETUP = [":clock 2026-11-23T09:00:00+00:00", ":as ana", "/project new launch",
         "/task add One @bob project:launch due:fri", "/task add Two @bob project:launch",
         "/task add Three @cy project:launch", ":as cy", "/task add Cy's own"]


def test_a_filter_previews_then_the_code_confirms(tmp_path: Path) -> None:
    first = run_console(tmp_path, "\n".join([*SETUP, ":as ana", "/task done project:launch",
                                             ""]))
    preview = _after(first, "@ana in #general: /task done project:launch")
    assert preview.startswith("\n[ephemeral @ana] This would close 3 tasks: #1, #2, #3.")
    assert "  #1 One (open, @bob)" in preview
    confirm = _code(first, "/task done project:launch")
    out = run_console(tmp_path, "\n".join([":as ana", confirm, "/task done #1,#2", ""]))
    assert "[ephemeral @ana] Closed 3 tasks: #1, #2, #3." in out
    assert "Nothing needed changing. Left as they were: #1 was already done; #2 was " \
           "already done." in out
    # completing tells a task's creator, and ana created and closed them all: no DM
    assert "[DM @" not in _after(out, confirm)


def test_permission_refusal_names_the_tasks_and_handover_dms_once(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([
        *SETUP, ":as bob", "/task drop #1,#3,#4", "/task handover @cy @bob",
        ":as ana", "/task handover @bob @dee project:launch",
        ":clock 2026-11-23T09:05:00+00:00", ""]))  # SETUP's held assignment DMs go out
    refusal = _after(out, "@bob in #general: /task drop #1,#3,#4")
    assert refusal.startswith("\n[ephemeral @bob] You can't drop #3, #4: only a task's "
                              "creator, its assignee, the project owner, managers and admins "
                              "can. Nothing was changed.")
    assert "This would hand 1 task over to bob: #3." in out  # a preview is only a preview
    confirm = _code(out, "/task handover @bob @dee project:launch")
    done = run_console(tmp_path, "\n".join([":as ana", confirm, ""]))
    assert "[ephemeral @ana] Handed 2 tasks over to dee: #1, #2." in done
    # the setup's own assignments arrive too (batched per burst, delivered on this run's
    # first tick); the handover itself is one DM per person
    dms = [dm for dm in re.findall(r"^\[DM @(\w+)\] (.*)$", done, re.M)
           if dm[1].startswith("ana changed")]
    assert dms == [("dee", "ana changed 2 tasks that concern you:"),
                   ("bob", "ana changed 2 tasks that concern you:")]
    assert "• ana moved #1 One from you to dee" in done


def test_project_export_writes_a_file_and_says_where(tmp_path: Path) -> None:
    out = run_console(tmp_path, "\n".join([*SETUP, ":as ana", "/task comment #1 Looks good",
                                           "/project milestone launch beta due:2026-12-04",
                                           "/task edit #1 milestone:beta estimate:4h",
                                           "/task log #1 30m",
                                           "/project export launch", "/project export launch csv",
                                           "/project export", ""]))
    found = re.search(r"launch: 3 tasks as JSON\. Saved to (\S+\.json)", out)
    assert found, out[-600:]
    document = json.loads(Path(found.group(1)).read_text(encoding="utf-8"))
    assert [t["title"] for t in document["tasks"]] == ["One", "Two", "Three"]
    assert "Looks good" in [h["text"] for h in document["tasks"][0]["history"]]
    assert [m["name"] for m in document["milestones"]] == ["beta"]  # the project layer too
    one = document["tasks"][0]
    assert (one["milestone"], one["estimate_minutes"]) == ("beta", 240)
    assert [(log["person"], log["minutes"]) for log in one["time_logs"]] == [("ana", 30)]
    assert "launch: 3 tasks as CSV. Saved to " in out
    assert "Which project? /project export launch csv." in out
