"""The rough edges a new user hit in the console (issue 13), each driven as they drove it:
the real `taskbot console` on a fresh SQLite database, a script in, the transcript out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def console(tmp_path: Path, script: str) -> str:
    env = {**os.environ, "TASKBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "TASKBOT_LOG_LEVEL": "WARNING"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN"):
        env.pop(var, None)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "console"], input=script,
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def answer_to(out: str, line: str) -> str:
    """What the bot printed after the input `line` (up to the next input)."""
    start = out.index(f": {line}\n") + len(line) + 3
    end = out.find("\n@", start)
    return out[start:] if end < 0 else out[start:end]


def test_none_clears_every_clearable_field_and_unassigns(tmp_path: Path) -> None:
    out = console(tmp_path, """\
:clock 2026-03-02T07:00:00Z
/project new launch
/task add Write the spec @ana due:tomorrow project:launch description:"some detail"
/task edit #1 description:none
/task edit #1 project:none
/task due #1 none
/task add Second description:none project:none due:none
/task assign #1 none
/task assign #1 none
/task show #1
/task show #2
""")
    assert "Updated #1: description removed." in answer_to(out, "/task edit #1 description:none")
    assert "Updated #1: project removed." in answer_to(out, "/task edit #1 project:none")
    assert "Removed the due date of #1." in answer_to(out, "/task due #1 none")
    assert "#1 is unassigned now (it was ana's)." in out
    assert "#1 is not assigned to anyone." in out
    first = answer_to(out, "/task show #1")
    assert "unassigned" in first and "none" not in first and "project launch" not in first
    second = answer_to(out, "/task show #2")
    assert "none" not in second.lower() and "project" not in second


def test_the_smaller_rough_edges(tmp_path: Path) -> None:
    out = console(tmp_path, """\
:as ana
/task add A @bob
/task add B after:#1 @ana
/task list blocked
/task find spec
/task list page:999
/project new launch
/project new LAUNCH
/project new "#general"
/task add In launch project:launch
/task drop #3
/project status launch
/task delete #1
/project archive launch
/project new Launch
/task add X project:launch
/project unarchive launch
/task add Y project:launch
:as eve
/task start #2
""")
    assert "[ephemeral @ana] Blocked tasks, yours:" in out
    found = answer_to(out, "/task find spec")
    assert found == "[ephemeral @ana] No task mentions “spec”."  # a command since issue 9
    assert answer_to(out, "/task list page:999").startswith(
        "[ephemeral @ana] Page 999 is past the end: the last page is 1 (page:1).")
    assert "There is already a project called “launch” (names ignore case)." in answer_to(
        out, "/project new LAUNCH")
    channel = answer_to(out, '/project new "#general"')
    assert "looks like a channel" in channel and "/project new general" in channel
    assert "Created project general" not in out
    status = answer_to(out, "/project status launch")
    assert "0/0 done (0%; 1 dropped task not counted)" in status
    assert any(line.split()[:1] == ["dropped"] for line in status.splitlines())  # the chart
    deleted = answer_to(out, "/task delete #1")
    assert deleted == "[ephemeral @ana] Deleted #1 “A” and its history."
    assert "It is archived: /project unarchive brings it back." in answer_to(
        out, "/project new Launch")
    assert "/project unarchive launch brings it back." in answer_to(
        out, "/task add X project:launch")
    assert "Unarchived launch: new work can go in it again." in out
    assert "Created #4." in answer_to(out, "/task add Y project:launch")
    assert "Try `/task comment #2 ...` to ask them." in answer_to(out, "/task start #2")


def _cli(tmp_path: Path, *args: str, db: str = "bot.db") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TASKBOT_LOG_LEVEL": "INFO"}
    for var in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "DISCORD_TOKEN", "TASKBOT_DATABASE_URL"):
        env.pop(var, None)
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args, "--db",
                           f"sqlite:///{tmp_path / db}"], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done


def test_db_upgrade_says_what_it_migrated_and_tick_reports_once(tmp_path: Path) -> None:
    first = _cli(tmp_path, "db", "upgrade")
    assert first.stdout.startswith("Migrated the database from (empty database) to 0")
    head = first.stdout.strip().rsplit(" to ", 1)[1].rstrip(".")
    again = _cli(tmp_path, "db", "upgrade")
    assert again.stdout.strip() == (f"Database is already up to date ({head}); "
                                    "nothing to migrate.")
    ticked = _cli(tmp_path, "tick", "--now", "2026-03-02T09:00:00Z")
    said = ticked.stdout + ticked.stderr
    assert said.count("tick: ") == 1, said


def test_clock_runs_ticks_until_nothing_more_is_due(tmp_path: Path) -> None:
    """The task's change is read by one tick, which schedules its overdue alert for a time
    already past; the same `:clock` sends it (it used to need a second `:clock`)."""
    out = console(tmp_path, """\
:clock 2026-03-02T07:00:00Z
:as ana
/task add Write the spec @bob due:2026-03-02T12:00Z
:clock 2026-03-02T13:00:00Z
""")
    after = out[out.index("[clock] Mon 2026-03-02 13:00 UTC"):]
    assert "[DM @bob] #1 Write the spec is overdue" in after
    assert out.count("is overdue") == 1


def test_digit_like_characters_are_friendly_refusals_in_the_console(tmp_path: Path) -> None:
    lines = ["/task escalate launch after ²", "/task remind snooze ² 1h",
             "/task reminders due-soon ²h", "/task list page:²", "/task escalate 0 ¹"]
    out = console(tmp_path, "/project new launch\n" + "\n".join(lines) + "\n")
    for line in lines:
        said = answer_to(out, line)
        assert said.startswith("[ephemeral @me] "), said
        assert "Usage: /task " in said
        assert "couldn't read that command" not in said and "went wrong" not in said
    assert "'²' is not a number of days" in answer_to(out, lines[0])
    assert "'²' is not a page number" in answer_to(out, lines[3])


def test_the_ways_people_wrote_dates_and_rules_that_were_refused(tmp_path: Path) -> None:
    """Typed as a user typed them (a later walk through the console): `until:` like the
    key:value options of /task add, a repeat rule in words, a filter that found none of
    mine."""
    out = console(tmp_path, """\
:clock 2026-03-02T07:00:00Z
/task away until:fri
/task add Standup notes every:weekday
/task add Sync @ana every:weekly on mon,thu
/task every #1 every week on monday and thursday
/task list sync
""")
    assert "couldn't read" not in answer_to(out, "/task away until:fri")
    assert "Fri 06 Mar" in answer_to(out, "/task away until:fri")
    assert "repeats weekdays" in answer_to(out, "/task add Standup notes every:weekday")
    assert "repeats weekly on mon,thu" in answer_to(out, "/task add Sync @ana "
                                                         "every:weekly on mon,thu")
    assert "#1 repeats every week on monday and thursday" in answer_to(
        out, "/task every #1 every week on monday and thursday")
    assert "That is yours only; 1 of everyone's matches: /task list all sync" in \
        answer_to(out, "/task list sync")


def test_task_estimate_is_said_as_people_say_it(tmp_path: Path) -> None:
    """`/task estimate #1 2d` was "I don't know '/task estimate'. To create a task, start
    with add: /task add estimate #1 2d" (the estimate lived only in edit and add)."""
    out = console(tmp_path, """\
:clock 2026-03-02T07:00:00Z
/project new launch
/task add Write the spec @ana project:launch
/task estimate #1 2d
/project forecast launch
/task est #1 none
/task estimate #1 soon
""")
    assert "Updated #1: estimate 2d." in answer_to(out, "/task estimate #1 2d")
    assert "without an estimate" not in answer_to(out, "/project forecast launch")
    assert "estimate removed" in answer_to(out, "/task est #1 none")
    assert "`soon` is not a duration" in answer_to(out, "/task estimate #1 soon")
