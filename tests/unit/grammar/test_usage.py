"""Usage lines and help come from the grammar's table, and every example in help parses."""

import pytest

from core.commands import Help
from core.errors import UserError
from core.grammar import parse
from core.grammar.spec import Subcommand
from core.grammar.table import TABLE
from core.grammar.usage import USAGE, help_result
from core.results import HelpText

SUBS = [sub for subs in TABLE.values() for sub in subs.values()]


def test_usage_has_every_subcommand_of_the_issue() -> None:
    for key in ["task add", "task list", "task show", "task start", "task done", "task drop",
                "task reopen", "task assign", "task take", "task due", "task depends",
                "task undepend", "task comment", "task edit", "task delete", "task tz",
                "task help", "project new", "project list", "project status",
                "project archive"]:
        assert USAGE[key].startswith("/" + key)


@pytest.mark.parametrize("sub", SUBS, ids=lambda s: s.key)
def test_every_help_example_parses(sub: Subcommand) -> None:
    assert sub.examples
    for example in sub.examples:
        group, _, text = example.partition(" ")
        assert parse(group, text) is not None


def test_help_lists_all_commands() -> None:
    result = help_result(None, viewer_tz="Europe/Lisbon")
    assert isinstance(result, HelpText)
    assert set(USAGE.values()) <= set(result.lines)
    assert any("Europe/Lisbon" in line for line in result.lines)
    assert result.viewer_tz == "Europe/Lisbon"


@pytest.mark.parametrize("topic", ["add", "task add", "/task add", "ADD", "new", "task add "])
def test_help_for_one_command(topic: str) -> None:
    result = help_result(topic)
    assert result.title == "/task add"
    assert result.lines[0] == USAGE["task add"]
    assert "/task add Write the spec @ana due:fri after:#12" in result.lines


def test_help_for_a_slash_command() -> None:
    result = help_result("project")
    assert result.title == "/project commands"
    assert USAGE["project status"] in result.lines
    assert USAGE["task add"] not in result.lines


def test_help_topic_from_the_parser_round_trips() -> None:
    command = parse("task", "help status")
    assert isinstance(command, Help)
    assert help_result(command.topic).title == "/project status"


def test_help_for_an_unknown_topic_suggests() -> None:
    with pytest.raises(UserError, match="Did you mean /task help due") as caught:
        help_result("deu")
    assert caught.value.usage == USAGE["task help"]


@pytest.mark.parametrize("topic", ["dates", "when", "/task dates"])
def test_help_on_dates(topic: str) -> None:
    result = help_result(topic)
    assert result.title == "Help: dates"
    assert any("17:00" in line for line in result.lines)
    assert parse("task", f"help {topic.removeprefix('/task ')}") == Help(topic="dates")
