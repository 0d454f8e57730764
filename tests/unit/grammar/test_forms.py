"""Every subcommand and form of the grammar: text in, command model out."""

import pytest

from core import commands as c
from core.grammar import parse
from core.model import Priority

ANA = c.UserRef(name="ana")
SPEC_NEXT_FRI = c.AddTask(title="Write the spec", due="next fri 5pm")

TASK_FORMS = [
    # add: title, assignee, options in any order, quoting
    ("add Write the spec @ana due:fri after:#12",
     c.AddTask(title="Write the spec", assignee=ANA, due="fri", after=(12,))),
    ("add due:fri Write the spec", c.AddTask(title="Write the spec", due="fri")),
    ("add Write the spec due:next monday 5pm priority:high",
     c.AddTask(title="Write the spec", due="next monday 5pm", priority=Priority.HIGH)),
    ("add Write due:next fri 5pm the spec", SPEC_NEXT_FRI),
    ('add Write the spec due:"next fri 5pm"', SPEC_NEXT_FRI),
    ("add Write the spec due:“next fri 5pm”", SPEC_NEXT_FRI),
    ("add Review due:fri 3 drafts", c.AddTask(title="Review 3 drafts", due="fri")),
    ("add Review due:tomorrow 3pm drafts", c.AddTask(title="Review drafts", due="tomorrow 3pm")),
    ("add Fix it due:in 3 days", c.AddTask(title="Fix it", due="in 3 days")),
    ("add Fix it due: fri", c.AddTask(title="Fix it", due="fri")),
    ("add Fix it DUE:Fri PRIORITY:Urgent", c.AddTask(title="Fix it", due="Fri",
                                                     priority=Priority.URGENT)),
    ("add Fix it due:2026-12-01 14:30", c.AddTask(title="Fix it", due="2026-12-01 14:30")),
    ("add Fix it due:none", c.AddTask(title="Fix it")),
    ("add Fix bug: crash on login", c.AddTask(title="Fix bug: crash on login")),
    ('add "Email @ana about #12" @bob', c.AddTask(title="Email @ana about #12",
                                                  assignee=c.UserRef(name="bob"))),
    ("add “Fix: login” priority:p0", c.AddTask(title="Fix: login", priority=Priority.URGENT)),
    ('add x title:"A: b"', c.AddTask(title='x title:A: b')),
    ("add Ship <@U123|ana>",
     c.AddTask(title="Ship", assignee=c.UserRef(user_id="U123", name="ana"))),
    ("add Ship <@U123>", c.AddTask(title="Ship", assignee=c.UserRef(user_id="U123"))),
    ("add Ship <@!42>", c.AddTask(title="Ship", assignee=c.UserRef(user_id="42"))),
    ("add Ship <@42>", c.AddTask(title="Ship", assignee=c.UserRef(user_id="42"))),
    ("add Ship after:#12,#13 blocks:14", c.AddTask(title="Ship", after=(12, 13), blocks=(14,))),
    ("add Ship after:#12, #13", c.AddTask(title="Ship", after=(12, 13))),
    ("add Ship after:12,13,12", c.AddTask(title="Ship", after=(12, 13))),
    ("add Ship project:launch prio:low", c.AddTask(title="Ship", project="launch",
                                                   priority=Priority.LOW)),
    ('add Ship project:"Q4 plan"', c.AddTask(title="Ship", project="Q4 plan")),
    ("add Ship project:#launch", c.AddTask(title="Ship", project="launch")),
    ('add Ship description:"Long story"', c.AddTask(title="Ship", description="Long story")),
    ("add Water plants every:weekdays", c.AddTask(title="Water plants", every="weekdays")),
    ("add Sync every:every 2 weeks", c.AddTask(title="Sync", every="every 2 weeks")),
    ("add Sync every:0 9 * * 1-5 now", c.AddTask(title="Sync now", every="0 9 * * 1-5")),
    ('add Sync every:"mon,thu"', c.AddTask(title="Sync", every="mon,thu")),
    ("add Review every:daily 3 drafts", c.AddTask(title="Review 3 drafts", every="daily")),
    ("add Review every:mon, thu now", c.AddTask(title="Review now", every="mon, thu")),
    ("add Sync every:bogus", c.AddTask(title="Sync", every="bogus")),  # the scheduler refuses
    ("  add   Lots   of   space  ", c.AddTask(title="Lots of space")),
    ("new Write it", c.AddTask(title="Write it")),
    # Slack escapes & < > in typed text; mentions are read before decoding
    ("add R&amp;D budget &lt;draft&gt; <@U1>", c.AddTask(title="R&D budget <draft>",
                                                       assignee=c.UserRef(user_id="U1"))),
    # list
    ("list", c.ListTasks()),
    ("list mine", c.ListTasks(scope="mine")),
    ("list all", c.ListTasks(scope="all")),
    ("list @me", c.ListTasks(scope="mine")),
    ("list @ana", c.ListTasks(scope="user", user=ANA)),
    ("list <@U9>", c.ListTasks(scope="user", user=c.UserRef(user_id="U9"))),
    ("list all project:launch status:blocked page:2",
     c.ListTasks(scope="all", project="launch", state="blocked", page=2)),
    ("list overdue", c.ListTasks(state="overdue")),
    ("list done all", c.ListTasks(scope="all", state="done")),
    ("ls status:OPEN", c.ListTasks(state="open")),
    # one task
    ("show #12", c.ShowTask(number=12)),
    ("show 12", c.ShowTask(number=12)),
    ("#12", c.ShowTask(number=12)),
    ("SHOW #12", c.ShowTask(number=12)),
    ("start #1", c.StartTask(number=1)),
    ("done #3", c.DoneTask(number=3)),
    ("complete #3", c.DoneTask(number=3)),
    ("drop #3", c.DropTask(number=3)),
    ("reopen #3", c.ReopenTask(number=3)),
    ("take #3", c.TakeTask(number=3)),
    ("delete #3", c.DeleteTask(number=3)),
    # assign / due
    ("assign #3 @ana", c.AssignTask(number=3, assignee=ANA)),
    ("assign #3 to @ana", c.AssignTask(number=3, assignee=ANA)),
    ("assign #3 me", c.TakeTask(number=3)),
    ("assign #3 to @me", c.TakeTask(number=3)),
    ("assign 3 <@U1|Ana Lopez>",
     c.AssignTask(number=3, assignee=c.UserRef(user_id="U1", name="Ana Lopez"))),
    ("due #3 fri", c.SetDue(number=3, due="fri")),
    ("due #3 next monday 5pm", c.SetDue(number=3, due="next monday 5pm")),
    ('due #3 "in 3 days"', c.SetDue(number=3, due="in 3 days")),
    ("due #3 none", c.SetDue(number=3)),
    ("due #3 clear", c.SetDue(number=3)),
    # dependencies
    ("depends #14 on #12", c.Depend(number=14, on=(12,))),
    ("depends #14 on #12,#13", c.Depend(number=14, on=(12, 13))),
    ("depends #14 on #12, #13", c.Depend(number=14, on=(12, 13))),
    ("depend 14 12", c.Depend(number=14, on=(12,))),
    ("depends #14 on #12 and #13", c.Depend(number=14, on=(12, 13))),
    ("depends #14 on #12 #13 #12", c.Depend(number=14, on=(12, 13))),
    ("undepend #14 on #12", c.Undepend(number=14, on=(12,))),
    # comment keeps the text as typed
    ('comment #3 Looks  good: "ship it" @ana', c.CommentTask(number=3,
                                                             text='Looks  good: "ship it" @ana')),
    ("comment #3 a &lt; b &amp;&amp; c", c.CommentTask(number=3, text="a < b && c")),
    # edit
    ('edit #3 title:"New: title"', c.EditTask(number=3, title="New: title")),
    ("edit #3 title:New title here priority:high",
     c.EditTask(number=3, title="New title here", priority=Priority.HIGH)),
    ('edit #3 project:launch description:"More detail"',
     c.EditTask(number=3, project="launch", description="More detail")),
    # tz and help
    ("tz Europe/Lisbon", c.SetTimezone(tz="Europe/Lisbon")),
    ("tz america/new_york", c.SetTimezone(tz="America/New_York")),
    ("tz lisbon", c.SetTimezone(tz="Europe/Lisbon")),
    ("help", c.Help()),
    ("help add", c.Help(topic="task add")),
    ("help /task due", c.Help(topic="task due")),
    ("help project", c.Help(topic="project")),
    ("help status", c.Help(topic="project status")),
]

PROJECT_FORMS = [
    ("new launch", c.NewProject(name="launch")),
    ("new Q4 plan owner:@ana", c.NewProject(name="Q4 plan", owner=ANA)),
    ('new "Q4: plan" owner: <@U7>', c.NewProject(name="Q4: plan", owner=c.UserRef(user_id="U7"))),
    ("create launch @ana", c.NewProject(name="launch", owner=ANA)),
    ("list", c.ListProjects()),
    ("list all", c.ListProjects(include_archived=True)),
    ("status launch", c.ProjectStatus(name="launch")),
    ("status Q4 plan", c.ProjectStatus(name="Q4 plan")),
    ('status "Q4 plan"', c.ProjectStatus(name="Q4 plan")),
    ("archive launch", c.ArchiveProject(name="launch")),
    ("help", c.Help(topic="project")),
    ("help status", c.Help(topic="project status")),
    ("help task add", c.Help(topic="task add")),
]


@pytest.mark.parametrize(("text", "expected"), TASK_FORMS)
def test_task_forms(text: str, expected: c.Command) -> None:
    assert parse("task", text) == expected


@pytest.mark.parametrize(("text", "expected"), PROJECT_FORMS)
def test_project_forms(text: str, expected: c.Command) -> None:
    assert parse("project", text) == expected


@pytest.mark.parametrize("name", ["task", "/task", "TASK", " /Task "])
def test_command_name_forms(name: str) -> None:
    assert parse(name, "done #1") == c.DoneTask(number=1)


def test_list_with_a_project_means_everyone_in_it() -> None:
    from core.grammar import parse as _parse

    assert _parse("task", "list project:launch") == c.ListTasks(scope="all", project="launch")
    assert _parse("task", "list mine project:launch").scope == "mine"
