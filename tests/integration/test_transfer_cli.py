"""`taskbot export` / `taskbot import` as an operator runs them, on SQLite and PostgreSQL:
the JSON round trip is exact, importing twice adds nothing, Taskwarrior's export moves in,
and a bad file is refused whole with the line of every problem."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from typer.testing import CliRunner

from adapters.storage._sql import TASKS
from adapters.storage.engine import make_engine, make_session_factory
from adapters.storage.schedule_tables import SERIES
from adapters.storage.uow import SqlUnitOfWorkFactory
from bot.cli import app
from core.bus import CommandBus, ErrorReply
from core.commands import Context, EditTask
from core.ports import FixedClock
from core.render_text import render

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
runner = CliRunner()

TASKWARRIOR = (Path(__file__).parent / "data" / "taskwarrior_export.json").read_text(
    encoding="utf-8")
"""A `task export` of Taskwarrior 2.6: one object per line in an array."""


@pytest.fixture
def url(migrated_url: str) -> Iterator[str]:
    yield migrated_url


class Team:
    """People acting in the console workspace of a database, through the real bus."""

    def __init__(self, url: str, workspace: str = "local") -> None:
        self.engine = make_engine(url)
        self.bus = CommandBus(SqlUnitOfWorkFactory(make_session_factory(self.engine)),
                              FixedClock(START))
        self.workspace = workspace

    def say(self, user: str, line: str) -> str:
        group, _, rest = line.lstrip("/").partition(" ")
        ctx = Context(platform="console", workspace_id=self.workspace, user_id=user,
                      display_name=user, channel_id="general", names_are_ids=True)
        result = self.bus.run_text(ctx, group, rest)
        assert not isinstance(result, ErrorReply), result.text
        return "\n".join(render(result))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(TASKS)).scalar_one())

    def close(self) -> None:
        self.engine.dispose()


def seed(url: str) -> None:
    team = Team(url)
    for user, line in [
        ("ana", "/project new launch"),
        ("ana", '/task add "Write the spec: ünïcödé & <tags>" @bob project:launch due:fri '
                'priority:high'),
        ("ana", "/task add Review it @cy project:launch after:#1"),
        ("ana", "/task add Water the plants every:weekdays"),
        ("bob", "/task start #1"),
        ("cy", "/task comment #1 Looks good"),
        ("ana", "/task add Scrapped idea"),
        ("ana", "/task drop #4"),
        # the project layer: a target, milestones (one done, one dropped), estimates, time
        # logs, a decision and a baseline
        ("ana", "/project due launch 2026-12-18"),
        ("ana", "/project milestone launch beta due:2026-12-04"),
        ("ana", "/project milestone launch alpha due:2026-11-27"),
        ("ana", "/project milestone launch alpha done"),
        ("ana", "/project milestone launch spike due:none"),
        ("ana", "/project milestone launch spike drop"),
        ("ana", "/task edit #1 milestone:beta estimate:1.5d"),
        ("ana", "/task edit #2 milestone:beta estimate:4h"),
        ("bob", "/task log #1 90m drafted the outline"),
        ("ana", '/project decide launch "Ship without SSO; SSO moves to Q1" #1,#2'),
        ("ana", "/project baseline launch"),
    ]:
        team.say(user, line)
    ctx = Context(platform="console", workspace_id="local", user_id="ana")
    team.bus.execute(ctx, EditTask(number=1, description='two\nlines, "quoted"'))
    with team.engine.begin() as conn:  # the series the scheduler keeps for #3's every:
        task_id = conn.execute(select(TASKS.c.id).where(TASKS.c.number == 3)).scalar_one()
        tenant_id = conn.execute(select(TASKS.c.tenant_id).where(TASKS.c.id == task_id)
                                 ).scalar_one()
        conn.execute(insert(SERIES).values(
            tenant_id=tenant_id, origin_task_id=task_id, rule="weekdays", tz="UTC",
            current_task_id=task_id, occurrence_at=START, next_at=START, anchor_at=START))
    team.close()


def cli(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


def test_export_import_export_gives_the_same_document(url: str, tmp_path: Path) -> None:
    seed(url)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    code, _, err = cli("export", "--db", url, "-o", str(first))
    assert code == 0 and "Exported 4 tasks of console:local" in err
    document = json.loads(first.read_text(encoding="utf-8"))
    assert document["version"] == 2
    assert document["projects"][0]["target_at"] == "2026-12-18T17:00:00Z"
    assert [(m["name"], m["state"]) for m in document["milestones"]] == [
        ("alpha", "done"), ("beta", "open"), ("spike", "dropped")]
    spec = document["tasks"][0]
    assert spec["title"] == "Write the spec: ünïcödé & <tags>"
    assert spec["description"] == 'two\nlines, "quoted"'
    assert [h["kind"] for h in spec["history"]] == ["created", "status", "comment", "plan",
                                                    "plan", "time", "decision", "edited"]
    assert document["tasks"][1]["after"] == [1]
    assert (spec["milestone"], spec["estimate_days"], spec["estimate_minutes"]) == (
        "beta", 150, 0)
    assert document["tasks"][1]["estimate_minutes"] == 240
    assert [(log["person"], log["minutes"], log["note"]) for log in spec["time_logs"]] == [
        ("bob", 90, "drafted the outline")]
    assert [(d["by"], d["tasks"]) for d in document["decisions"]] == [("ana", [1, 2])]
    assert document["baselines"][0]["project"] == "launch"
    assert document["baselines"][0]["data"]["tasks"]
    assert document["recurring"][0]["rule"] == "weekdays"

    code, out, _ = cli("import", str(first), "--db", url, "-w", "console:copy")
    assert code == 0, out
    assert "Imported 4 tasks (taskbot) into console:copy; 0 already there" in out
    code, _, _ = cli("export", "--db", url, "-w", "console:copy", "-o", str(second))
    assert code == 0
    assert second.read_bytes() == first.read_bytes()

    copy = Team(url, "copy")  # the copy works: #2 is blocked by #1, numbering goes on
    details = copy.say("ana", "/task show #2")
    assert "blocked by #1 Write the spec" in details
    assert "#1" in copy.say("ana", "/task list milestone:beta")  # the plan came along
    assert "#2 Review it" in copy.say("ana", "/task find sso")  # and the decision's text
    assert "beta" in copy.say("ana", "/project forecast launch")
    assert copy.say("ana", "/task add Next one").startswith("#5 Next one")
    copy.close()


def test_importing_twice_adds_nothing(url: str, tmp_path: Path) -> None:
    seed(url)
    path = tmp_path / "export.json"
    cli("export", "--db", url, "-o", str(path))
    team = Team(url)
    before = team.count()
    code, out, _ = cli("import", str(path), "--db", url, "-w", "console:local")
    assert code == 0 and "Imported 0 tasks" in out and "4 already there" in out
    cli("import", str(path), "--db", url, "-w", "console:other")
    once, twice = tmp_path / "once.json", tmp_path / "twice.json"
    cli("export", "--db", url, "-w", "console:other", "-o", str(once))
    code, out, _ = cli("import", str(path), "--db", url, "-w", "console:other")
    assert "Imported 0 tasks" in out
    cli("export", "--db", url, "-w", "console:other", "-o", str(twice))
    assert twice.read_bytes() == once.read_bytes()  # no second milestone, decision, log
    assert team.count() == before + 4
    team.close()


def test_import_into_a_busy_workspace_renumbers_and_keeps_links(url: str,
                                                                 tmp_path: Path) -> None:
    seed(url)
    path = tmp_path / "export.json"
    cli("export", "--db", url, "-o", str(path))
    other = Team(url, "busy")
    other.say("zed", "/task add Already here")
    code, out, _ = cli("import", str(path), "--db", url, "-w", "console:busy")
    assert code == 0 and "Imported 4 tasks" in out and "1 renumbered" in out
    shown = other.say("zed", "/task show #2")  # "Review it" waits for the spec, now #5
    assert "Review it" in shown and "#5" in shown
    other.close()


def test_taskwarrior_export_moves_in(url: str, tmp_path: Path) -> None:
    path = tmp_path / "tw.json"
    path.write_text(TASKWARRIOR, encoding="utf-8")
    code, out, err = cli("import", str(path), "--db", url, "-w", "console:local",
                         "--as", "ana")
    assert code == 0, err
    assert "Imported 4 tasks (taskwarrior)" in out
    code, out, _ = cli("import", str(path), "--db", url, "-w", "console:local")
    assert "Imported 0 tasks" in out and "4 already there" in out
    exported = tmp_path / "out.json"
    cli("export", "--db", url, "-o", str(exported))
    tasks = json.loads(exported.read_text(encoding="utf-8"))["tasks"]
    fence, paint, order, old = tasks
    assert (fence["title"], fence["priority"], fence["project"], fence["due_at"]) == (
        "Fix the fence", "high", "Home.Garden", "2026-12-04T17:00:00Z")
    assert fence["extra"] == {"tags": ["outdoor", "weekend"]}
    assert fence["history"] == [{"at": "2026-11-02T10:00:00Z", "actor": "ana",
                                 "kind": "comment", "text": "Buy nails first"}]
    assert fence["id"] == "taskwarrior:11111111-1111-4111-8111-111111111111"
    assert paint["after"] == [1] and paint["priority"] == "low"
    assert (order["status"], order["done_at"]) == ("done", "2026-10-31T12:00:00Z")
    assert old["status"] == "dropped"
    team = Team(url)
    assert "blocked" in team.say("ana", "/task show #2").lower()
    team.close()


def test_a_bad_file_is_refused_whole_with_line_numbers(url: str, tmp_path: Path) -> None:
    seed(url)
    good = tmp_path / "good.json"
    cli("export", "--db", url, "-o", str(good))
    lines = good.read_text(encoding="utf-8").splitlines()
    task_line = next(i for i, line in enumerate(lines) if '"number": 2' in line)
    broken = json.loads(lines[task_line].rstrip(","))
    broken["status"] = "finished"
    broken["due_at"] = "next week"
    lines[task_line] = json.dumps(broken) + ","
    bad = tmp_path / "bad.json"
    bad.write_text("\n".join(lines), encoding="utf-8")
    team = Team(url)
    before = team.count()
    code, _, err = cli("import", str(bad), "--db", url, "-w", "console:fresh")
    assert code == 1
    assert "nothing was changed" in err
    assert f"line {task_line + 1}: tasks[1].status:" in err
    assert f"line {task_line + 1}: tasks[1].due_at:" in err

    syntax = tmp_path / "syntax.json"
    syntax.write_text('{"format": "taskbot",\n"tasks": [\n{"id": "x",,}\n]}', encoding="utf-8")
    code, _, err = cli("import", str(syntax), "--db", url)
    assert code == 1 and "line 3: not valid JSON" in err

    dangling = tmp_path / "dangling.json"
    dangling.write_text(TASKWARRIOR.replace('"depends":"1111', '"depends":"9999'),
                        encoding="utf-8")
    code, _, err = cli("import", str(dangling), "--db", url, "-w", "console:local")
    assert code == 1 and "line 3: [1].depends[0]: depends on 9999" in err
    assert team.count() == before
    team.close()


def test_export_csv_and_filter(url: str, tmp_path: Path) -> None:
    seed(url)
    code, out, _ = cli("export", "--db", url, "--format", "csv")
    rows = out.strip().splitlines()
    assert code == 0 and rows[0].startswith("number,id,title,status") and len(rows) == 6
    assert '"two\nlines, ""quoted"""' in out  # a multi-line description stays one field
    team = Team(url)  # a title a spreadsheet would run as a formula is shown, not run
    team.say("ana", '/task add "=HYPERLINK(http://x,y)" priority:low')
    team.say("ana", "/task add +1 -2 a plus first")
    team.close()
    code, out, _ = cli("export", "--db", url, "--format", "csv")
    cells = list(csv.reader(io.StringIO(out)))
    titles = [r[2] for r in cells[1:]]
    assert "'=HYPERLINK(http://x,y)" in titles and "'+1 -2 a plus first" in titles, titles
    assert not any(t.startswith(("=", "+", "-", "@")) for t in titles)
    filtered = tmp_path / "launch.json"
    code, _, err = cli("export", "--db", url, "--filter", "project:launch @cy", "-o",
                       str(filtered))
    assert code == 0 and "Exported 1 task " in err
    [review] = json.loads(filtered.read_text(encoding="utf-8"))["tasks"]
    assert review["title"] == "Review it" and review["after"] == []  # #1 was left out
    code, _, err = cli("export", "--db", url, "--filter", "prority:high")
    assert code == 2 and "--filter: I didn't understand 'prority:high'" in err
