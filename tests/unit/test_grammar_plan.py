"""The project layer's grammar (issue 15): what each command reads, and the one-line,
how-to-do-it-right refusal for what it does not."""

from __future__ import annotations

import pytest

from core import commands as c
from core import commands_plan as cp
from core.errors import UserError
from core.grammar import parse


@pytest.mark.parametrize(("text", "expected"), [
    ("milestone launch beta due:fri", cp.SetMilestone(project="launch", name="beta", due="fri")),
    ('milestone launch "public beta" due:"next fri 5pm"',
     cp.SetMilestone(project="launch", name="public beta", due="next fri 5pm")),
    ("milestone launch beta due:none", cp.SetMilestone(project="launch", name="beta",
                                                       due="none")),
    ("ms launch beta done", cp.SetMilestone(project="launch", name="beta", action="done")),
    ("milestone launch beta drop", cp.SetMilestone(project="launch", name="beta",
                                                   action="drop")),
    ('milestone "Q4 plan" beta rename:General availability',
     cp.SetMilestone(project="Q4 plan", name="beta", action="rename",
                     new_name="General availability")),
    ("due launch 2026-12-15", cp.SetProjectDue(project="launch", due="2026-12-15")),
    ("target launch none", cp.SetProjectDue(project="launch", due=None)),
    ("baseline launch", cp.TakeBaseline(project="launch")),
    ("forecast launch", cp.ShowForecast(project="launch")),
    ("whatif launch #12 +1.5d", cp.WhatIf(project="launch", number=12, slip="1.5d")),
    ("whatif launch #12 due:fri", cp.WhatIf(project="launch", number=12, due="fri")),
    ("whatif launch #12 due:none", cp.WhatIf(project="launch", number=12, due="none")),
    ('decide launch "Ship without SSO" #12,#14',
     cp.Decide(project="launch", text="Ship without SSO", tasks=(12, 14))),
    ("decide launch Cut the scope #3 #4", cp.Decide(project="launch", text="Cut the scope",
                                                    tasks=(3, 4))),
    ("decisions launch page:2", cp.ListDecisions(project="launch", page=2)),
])
def test_project_commands(text: str, expected: object) -> None:
    assert parse("project", text) == expected


def test_task_log_add_and_edit() -> None:
    logged: object = parse("task", "log #12 1h30m reviewed the draft")
    assert logged == cp.LogTime(number=12, duration="1h30m", note="reviewed the draft")
    again: object = parse("task", "spent #3 2D")
    assert again == cp.LogTime(number=3, duration="2d")
    add = parse("task", "add Build it milestone:beta estimate:1.5d project:launch")
    assert isinstance(add, c.AddTask)
    assert (add.title, add.milestone, add.estimate) == ("Build it", "beta", "1.5d")
    edit = parse("task", "edit #3 milestone:none estimate:none")
    assert isinstance(edit, c.EditTask)
    assert (edit.milestone, edit.estimate, edit.title) == ("none", "none", None)
    edit = parse("task", "edit #3 ms:public beta est:2w")
    assert isinstance(edit, c.EditTask)
    assert (edit.milestone, edit.estimate) == ("public beta", "2w")
    # /task estimate is /task edit estimate: said as people say it
    assert parse("task", "estimate #3 1.5d") == c.EditTask(number=3, estimate="1.5d")
    assert parse("task", "est #3 none") == c.EditTask(number=3, estimate="none")


@pytest.mark.parametrize(("group", "text", "says"), [
    ("project", "milestone", "Which project?"),
    ("project", "milestone launch", "Name the milestone"),
    ("project", "milestone launch beta", "Give it a date (due:fri or due:none)"),
    ("project", "milestone launch beta due:fri done", "One change at a time"),
    ("project", "milestone launch beta due:someday-ish", "as a date"),
    ("project", "milestone launch none due:fri", "can't be called none"),
    ("project", "due launch", "When?"),
    ("project", "due launch blursday", "as a date"),
    ("project", "baseline launch now", "I didn't understand"),
    ("project", "whatif launch", "Which task?"),
    ("project", "whatif launch #3", "Say what changes, one thing"),
    ("project", "whatif launch #3 +2d due:fri", "Say what changes, one thing"),
    ("project", "whatif launch #3 +2", "needs a unit"),
    ("project", "whatif launch #3 +2d extra", "I didn't understand"),
    ("project", "decide launch", "What was decided?"),
    ("project", "decide launch #3", "What was decided?"),
    ("task", "log", "Which task?"),
    ("task", "log #3", "How long?"),
    ("task", "log #3 ages", "is not a duration"),
    ("task", "log #3 0m", "is zero"),
    ("task", "log #3 1.555d", "at most two digits"),
    ("task", "log #3 1.5m", "minutes are whole"),
    ("task", "log #3 ²h", "digits 0-9 only"),
    ("task", "add Build it estimate:soon", "is not a duration"),
    ("task", "estimate", "Which task?"),
    ("task", "estimate #3", "How long will it take?"),
    ("task", "estimate #3 2d please", "How long will it take?"),
    ("task", "estimate #3 soon", "is not a duration"),
    ("task", "edit #3 estimate:3", "needs a unit: 3h or 3d?"),
    ("task", "edit #3 milestone:", "milestone:beta"),
])
def test_bad_input_is_a_friendly_error(group: str, text: str, says: str) -> None:
    with pytest.raises(UserError) as err:
        parse(group, text)
    assert says in err.value.reason
    assert "\n" not in err.value.reason


def test_help_documents_the_new_verbs() -> None:
    from core.grammar.table import TABLE
    for name in ("milestone", "due", "baseline", "forecast", "whatif", "decide", "decisions"):
        assert name in TABLE["project"]
    assert "log" in TABLE["task"]
    assert "estimate:<duration>" in TABLE["task"]["add"].usage
    assert "milestone:<name>|none" in TABLE["task"]["edit"].usage
