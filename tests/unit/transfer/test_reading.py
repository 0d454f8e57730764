"""Reading import files without a database: formats, line numbers, Taskwarrior's quirks."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from core.model import Priority, Status
from core.transfer.located import load
from core.transfer.reading import ImportProblems, read

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def problems(text: str) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        read(text, now=NOW)
    return caught.value.lines


def test_positions_name_the_line_of_each_value() -> None:
    value, where = load('{"a": [\n1,\n{"b": "x"}\n]}')
    assert value == {"a": [1, {"b": "x"}]}
    assert where.line_of(("a", 1, "b")) == 3 and where.line_of(("a", 0)) == 2
    assert where.line_of(("a", 7, "zz")) == 1  # unknown: its nearest known parent


def test_taskwarrior_json_lines_and_old_depends() -> None:
    lines = ('{"uuid": "a", "description": "First", "status": "waiting"}\n'
             '{"uuid": "b", "description": "' + "x" * 250 + '", "depends": "a,", '
             '"priority": "M", "entry": "2026-11-01T10:00:00+01:00"}\n')
    document, kind = read(lines, importer="ana", now=NOW)
    first, second = document.tasks
    assert kind == "taskwarrior" and first.status is Status.OPEN
    assert second.after == [1] and second.priority is Priority.NORMAL
    assert len(second.title) == 200 and second.title.endswith("…")
    assert second.description == "x" * 250
    assert second.created_at == dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    assert document.members[0].user_id == "ana"


def test_recurring_templates_are_skipped() -> None:
    document, _ = read('[{"uuid": "t", "description": "Every week", "status": "recurring"},\n'
                       '{"uuid": "i", "description": "This week", "parent": "t"}]', now=NOW)
    assert [t.title for t in document.tasks] == ["This week"]


def test_problems_are_listed_with_lines() -> None:
    assert problems("") == ["line 1: not valid JSON: expecting value"]
    assert problems('{"format": "other"}')[0].startswith("line 1: this is neither")
    found = problems('[{"uuid": "a", "description": "ok"},\n'
                     '{"uuid": "b", "description": "", "due": "someday", "priority": "X"}]')
    assert [line.split(":")[0] for line in found] == ["line 2"] * 3
    assert any("[1].priority" in line for line in found)
    doc = ('{"format": "taskbot", "version": 1,\n"members": [],\n"tasks": [\n'
           '{"id": "a", "number": 1, "title": "t", "creator": "nobody", '
           '"created_at": "2026-11-01T00:00:00Z", "after": [1]}\n]}')
    found = problems(doc)
    assert "line 4: tasks[0].after[0]: #1 waits for #1" in found[0]
    assert "line 4: tasks[0].creator: nobody is not in members" in found[1]


def test_a_later_version_is_refused() -> None:
    found = problems('{"format": "taskbot", "version": 3}')
    assert found[0].startswith("line 1: version:")


def test_version_1_still_reads() -> None:
    """Files written before the project layer (version 1, `milestones` empty) import."""
    document, kind = read('{"format": "taskbot", "version": 1, "milestones": [], '
                          '"tasks": []}')
    assert (kind, document.version, document.milestones) == ("taskbot", 1, [])


def test_a_tasks_milestone_must_be_in_its_projects_milestones() -> None:
    found = problems(json.dumps({
        "format": "taskbot", "version": 2, "members": [{"user_id": "U1", "display_name": "a"}],
        "projects": [{"name": "launch"}],
        "milestones": [{"project": "launch", "name": "beta"}],
        "tasks": [{"id": "x:1", "number": 1, "title": "t", "creator": "U1",
                   "created_at": "2026-11-23T09:00:00Z", "project": "launch",
                   "milestone": "ga"}],
        "decisions": [{"project": "launch", "at": "2026-11-23T09:00:00Z", "text": "no",
                       "tasks": [7]}]}, indent=1))
    assert any("tasks[0].milestone: milestone ga is not in" in f for f in found), found
    assert any("decisions[0].tasks[0]: task #7 is not in this file" in f for f in found)
