"""Options and modal fields -> the same core commands the text grammar builds."""

from __future__ import annotations

import re

import pytest

from adapters.discord import mapping
from adapters.discord.autocomplete import match_projects, match_zones
from adapters.discord.ids import BUTTON_TEMPLATE, CardRef, button_id, more_id
from adapters.discord.invite import application_id_from_token, invite_url, permissions
from bot.discord_app import parse_shard_ids, shard_plan
from bot.settings import Settings
from core import commands as c
from core.errors import UserError
from core.grammar import parse
from core.model import Priority
from core.results import ProjectList, ProjectView

ANA = mapping.Person(111, "Ana")


def test_add_options_build_the_grammars_command() -> None:
    built = mapping.add_task(title="Write the spec", assignee=ANA, due="fri",
                             priority="high", project="launch", after="#12, 13")
    assert built == c.AddTask(title="Write the spec", assignee=c.UserRef(user_id="111",
                                                                         name="Ana"),
                              due="fri", priority=Priority.HIGH, project="launch",
                              after=(12, 13))
    typed = parse("task", "add Write the spec <@111> due:fri priority:high project:launch "
                          "after:#12,#13")
    assert isinstance(typed, c.AddTask)
    assert (typed.title, typed.due, typed.priority, typed.project, typed.after) == (
        built.title, built.due, built.priority, built.project, built.after)
    assert typed.assignee is not None and typed.assignee.user_id == "111"


def test_blank_options_are_absent() -> None:
    built = mapping.add_task(title="x", due="  ", project="", after=None, description=" ")
    assert built == c.AddTask(title="x")


@pytest.mark.parametrize("text", ["12", "#12", " #12 "])
def test_task_numbers(text: str) -> None:
    assert mapping.task_number(text) == 12


@pytest.mark.parametrize("text", ["twelve", "#", "-3", "#0"])
def test_bad_task_numbers_are_user_errors(text: str) -> None:
    with pytest.raises(UserError):
        mapping.task_number(text)


def test_lists_and_due_and_dependencies() -> None:
    assert mapping.list_tasks() == c.ListTasks(scope="mine")
    assert mapping.list_tasks(project="launch") == c.ListTasks(scope="all", project="launch")
    assert mapping.list_tasks(user=ANA, status="blocked", page=2) == c.ListTasks(
        scope="user", user=c.UserRef(user_id="111", name="Ana"), state="blocked", page=2)
    assert mapping.set_due(3, "clear") == c.SetDue(number=3)
    assert mapping.set_due(3, "next fri 5pm") == c.SetDue(number=3, due="next fri 5pm")
    assert mapping.depend(5, "#1 #2") == c.Depend(number=5, on=(1, 2))
    assert mapping.depend(5, "1", remove=True) == c.Undepend(number=5, on=(1,))
    with pytest.raises(UserError):
        mapping.depend(5, " ")


def test_message_title_and_jump_link() -> None:
    assert mapping.title_from_message("\n\n  First   line \nsecond") == "First line"
    assert len(mapping.title_from_message("w" * 500)) == 200
    assert mapping.jump_link(1, 2, 3) == "https://discord.com/channels/1/2/3"


def test_custom_ids_round_trip_and_stay_short() -> None:
    card = CardRef("1" * 20, 999_999_999)
    m = re.fullmatch(BUTTON_TEMPLATE, button_id("done", card))  # as CardButton reads it
    assert m is not None and (m["action"], CardRef(m["guild"], int(m["number"]))) == ("done", card)
    assert len(more_id(card)) <= 100 and len(button_id("take", card)) <= 100
    assert re.fullmatch(BUTTON_TEMPLATE, "taskbot:explode:1:2") is None


def test_shard_ranges() -> None:
    assert parse_shard_ids("0-3") == [0, 1, 2, 3]
    assert parse_shard_ids("0,2") == [0, 2]
    assert parse_shard_ids("1, 4-5") == [1, 4, 5]
    with pytest.raises(ValueError):
        parse_shard_ids("3-1")
    settings = Settings.model_validate({"DISCORD_SHARD_IDS": "2-3", "DISCORD_SHARD_COUNT": 4})
    assert shard_plan(settings) == ([2, 3], 4)
    with pytest.raises(ValueError):
        shard_plan(Settings.model_validate({"DISCORD_SHARD_IDS": "0-1"}))
    with pytest.raises(ValueError):
        shard_plan(Settings.model_validate({"DISCORD_SHARD_IDS": "4",
                                            "DISCORD_SHARD_COUNT": 4}))


def test_invite_asks_for_exactly_what_is_used() -> None:
    url = invite_url(123)
    assert "scope=bot+applications.commands" in url
    perms = permissions()
    assert perms.send_messages and perms.embed_links and perms.view_channel
    assert not (perms.administrator or perms.mention_everyone or perms.manage_messages)
    assert f"permissions={perms.value}" in url
    assert application_id_from_token("MTIzNDU2Nzg5.abc.def") == 123456789


def test_autocomplete_matching() -> None:
    projects = ProjectList(projects=(ProjectView(name="Launch"), ProjectView(name="Relaunch"),
                                     ProjectView(name="Old", archived=True)))
    assert match_projects(projects, "lau") == ["Launch", "Relaunch"]
    assert match_zones("lisb") == ["Europe/Lisbon"]
    assert "America/New_York" in match_zones("new york")
    assert len(match_zones("")) == 25
