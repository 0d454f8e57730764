"""Smoke table for the grammar's most used forms (the full tables are in the other files)."""

import pytest

from core import commands as c
from core.grammar import parse


@pytest.mark.parametrize(("group", "text", "expected"), [
    ("task", "add Write the spec @ana due:fri after:#12",
     c.AddTask(title="Write the spec", assignee=c.UserRef(name="ana"), due="fri", after=(12,))),
    ("/task", "list", c.ListTasks()),
    ("task", "show #12", c.ShowTask(number=12)),
    ("task", "done 7", c.DoneTask(number=7)),
    ("project", "status launch", c.ProjectStatus(name="launch")),
])
def test_common_forms(group: str, text: str, expected: c.Command) -> None:
    assert parse(group, text) == expected
