"""Every refusal: a one-line reason that says what was wrong and how to do it right, plus the
usage line of the subcommand concerned."""

import pytest

from core.errors import UserError
from core.grammar import parse
from core.grammar.usage import USAGE

ERRORS = [
    # (group, text, part of the reason, usage key or a usage fragment)
    ("task", "", "What should I do?", "/task add|list"),
    ("task", "   ", "What should I do?", "/task add|list"),
    ("project", "", "What should I do?", "/project new|list"),
    ("task", "ad Write it", "Did you mean /task add?", "task add"),
    ("task", "lsit", "Did you mean /task list?", "task list"),
    ("task", "frobnicate", "To create a task, start with add: /task add frobnicate",
     "task add"),
    ("task", "Write the spec @ana", "/task add Write the spec @ana. See /task help", "task add"),
    ("project", "stats launch", "Did you mean /project status?", "project status"),
    ("project", "frobnicate", "See /project help for the commands", "/project new|list"),
    ("project", "help zzz", "There is no command", "task help"),
    ("task", '"add" x', "Did you mean /task add?", "task add"),
    # add
    ("task", "add", "A task needs a title", "task add"),
    ("task", "add due:fri @ana", "A task needs a title", "task add"),
    ("task", "add " + "x" * 201, "That title is 201 characters; the most is 200", "task add"),
    ("task", "add Fix it due:", "due: needs a value, like due:fri", "task add"),
    ("task", 'add Fix it due:""', "due: needs a value", "task add"),
    ("task", "add Fix it due:banana", "I couldn't read 'banana' as a date. Try: tomorrow, fri",
     "task add"),
    ("task", 'add Fix it due:"fri banana"', "I couldn't read 'fri banana' as a date", "task add"),
    ("task", "add Fix it priority:bogus",
     "'bogus' is not a priority; use low, normal, high or urgent", "task add"),
    ("task", "add Fix it priority:high prio:low", "priority: is given twice", "task add"),
    ("task", "add Fix it @ana @bob", "A task has one assignee; you named @ana and @bob",
     "task add"),
    ("task", "add Fix it after:banana", "'banana' is not a list of tasks; write it like #12,#13",
     "task add"),
    ("task", "add Fix it after:#0", "#0 is not a task number; they start at #1", "task add"),
    ("task", "add Fix it blocks:#99999999999", "is not a task number", "task add"),
    ("task", "add Fix it project:" + "p" * 81, "the most is 80", "task add"),
    ("task", 'add Fix it description:"' + "d" * 4001 + '"', "the most is 4000", "task add"),
    # list
    # (a bare word is a full-text term of the filter language since issue 9)
    ("task", "list mine all", "name whose tasks once", "task list"),
    ("task", "list prio:hi", "I didn't understand 'prio:hi' — did you mean 'priority:high'?",
     "task list"),
    ("task", "list status:overdeu", "did you mean 'status:overdue'?", "task list"),
    ("task", "list status:bogus", "a status is one of open, in-progress, blocked, overdue",
     "task list"),
    ("task", "list +blokced", "did you mean '+blocked'?", "task list"),
    ("task", "list page:0", "'0' is not a page number", "task list"),
    ("task", "list page:two", "'two' is not a page number", "task list"),
    # one task
    ("task", "show", "Which task? Give its number: /task show #12", "task show"),
    ("task", "done abc", "'abc' is not a task number; write it like #12", "task done"),
    ("task", "done #1 #2", "I didn't understand '#2'; give just the task number", "task done"),
    ("task", "#12 please", "I didn't understand 'please'", "task show"),
    ("task", "delete", "Which task?", "task delete"),
    # assign
    ("task", "assign #3", "Assign to whom?", "task assign"),
    ("task", "assign #3 bob", "'bob' is not a person; name one like @ana", "task assign"),
    ("task", "assign #3 @ana @bob", "assign one person at a time", "task assign"),
    ("task", "assign", "Which task?", "task assign"),
    # due
    ("task", "due #3", "When is #3 due?", "task due"),
    ("task", "due #3 banana", "I couldn't read 'banana' as a date", "task due"),
    ("task", "due", "Which task?", "task due"),
    # dependencies
    ("task", "depends #3", "On which task?", "task depends"),
    ("task", "depends #3 on", "On which task?", "task depends"),
    ("task", "depends #3 on #3", "#3 can't depend on itself", "task depends"),
    ("task", "depends #3 on lunch", "'lunch' is not a task number", "task depends"),
    ("task", "depends #3 on and", "On which task?", "task depends"),
    ("task", 'depends #3 on "#4"', "Name tasks by number", "task depends"),
    ("task", "undepend #3", "On which task?", "task undepend"),
    # comment
    ("task", "comment #3", "What's the comment?", "task comment"),
    ("task", "comment #3 " + "c" * 4001, "the most is 4000", "task comment"),
    # edit
    ("task", "edit #3", "Nothing to change", "task edit"),
    ("task", "edit #3 make it better", "I didn't understand 'make it better'", "task edit"),
    ("task", "edit #3 due:fri", "Change a due date with /task due #N <when>", "task edit"),
    ("task", "edit #3 priority:meh", "'meh' is not a priority", "task edit"),
    ("task", "edit #3 title:", "title: needs a value", "task edit"),
    ("task", "edit", "Which task?", "task edit"),
    # tz and help
    ("task", "tz", "Which time zone?", "task tz"),
    ("task", "tz Europe/Lisbn", "Did you mean Europe/Lisbon", "task tz"),
    ("task", "tz Nowhere/Atall", "I don't know the time zone 'Nowhere/Atall'", "task tz"),
    ("task", "help zzz", "There is no command 'zzz' to explain", "task help"),
    ("task", "help ad", "Did you mean /task help add?", "task help"),
    # project
    ("project", "new", "A project needs a name", "project new"),
    ("project", "new launch owner:bob", "'bob' is not a person; write owner:@ana", "project new"),
    ("project", "new launch @ana @bob", "A project has one owner", "project new"),
    ("project", "status", "Which project?", "project status"),
    ("project", "archive", "Which project?", "project archive"),
    ("project", "list foo", "I didn't understand 'foo'", "project list"),
]


@pytest.mark.parametrize(("group", "text", "reason", "usage"), ERRORS)
def test_refusal(group: str, text: str, reason: str, usage: str) -> None:
    with pytest.raises(UserError) as caught:
        parse(group, text)
    err = caught.value
    assert reason in err.reason
    assert "\n" not in err.reason
    assert err.usage
    if usage in USAGE:
        assert err.usage == USAGE[usage]
    else:
        assert usage in err.usage


@pytest.mark.parametrize("name", ["tasks", "/todo", ""])
def test_unknown_slash_command(name: str) -> None:
    with pytest.raises(UserError, match="I only know /task and /project") as caught:
        parse(name, "list")
    assert caught.value.usage


def test_long_user_text_is_shortened_in_reasons() -> None:
    with pytest.raises(UserError) as caught:
        parse("task", "done " + "z" * 500)
    assert len(caught.value.reason) < 120
