"""Scheduler and membership options -> the same core commands the text grammar builds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord import schedule_mapping as sm
from adapters.discord.commands import install
from adapters.discord.mapping import Person
from core import commands as c
from core.errors import UserError
from core.grammar import parse
from core.model import Role
from core.scheduling import commands as sc
from core.scheduling.model import EVERY_DAY, WEEKDAYS

ANA = Person(111, "Ana")


def grammar(text: str) -> object:
    """What `/task <text>` builds in the console and Slack."""
    return parse("task", text)


@pytest.mark.parametrize(("options", "text"), [
    ({"when": "tomorrow 10am", "task": 12}, "remind #12 tomorrow 10am"),
    ({"when": "at fri 5pm", "task": 3}, "remind #3 at fri 5pm"),
    ({"when": "in 2 hours", "text": "call  Bob"}, "remind me call Bob in 2 hours"),
    ({"when": "2026-12-01 14:30", "text": "book the venue"},
     "remind me book the venue 2026-12-01 14:30"),
])
def test_remind_builds_the_grammars_command(options: dict[str, Any], text: str) -> None:
    assert sm.remind(**options) == grammar(text)


@pytest.mark.parametrize("options", [
    {"when": "tomorrow"},                                   # neither task nor text
    {"when": "tomorrow", "task": 1, "text": "x"},          # both
    {"when": "banana", "text": "call Bob"},                # not a date
    {"when": "none", "text": "call Bob"},                  # "none" is no time
    {"when": "  ", "task": 2},
    {"when": "tomorrow", "text": "x" * 501},
])
def test_bad_reminders_are_user_errors(options: dict[str, Any]) -> None:
    with pytest.raises(UserError):
        sm.remind(**options)


@pytest.mark.parametrize(("options", "text"), [
    ({"action": "here", "at": "09:00"}, "digest here at 09:00"),
    ({"action": "here", "at": "9:30", "zone": "europe/berlin", "frequency": "daily"},
     "digest here at 09:30 Europe/Berlin daily"),
    ({"action": "here", "at": "08:00", "days": "mon,wed,fri"},
     "digest here at 08:00 mon,wed,fri"),
    ({"action": "off"}, "digest off"),
    ({"action": "show"}, "digest show"),
])
def test_digest_builds_the_grammars_command(options: dict[str, Any], text: str) -> None:
    assert sm.digest(**options) == grammar(text)


def test_digest_options_are_read_as_typed() -> None:
    built = sm.digest(action="here", at="9am", zone="lisbon", frequency="weekdays")
    assert built == sc.SetDigest(at=dt.time(9), tz="Europe/Lisbon", days=WEEKDAYS)
    daily = sm.digest(action="here", at="07:15", frequency="daily")
    assert isinstance(daily, sc.SetDigest) and daily.days == EVERY_DAY


@pytest.mark.parametrize("options", [
    {"action": "here"},                                      # no time
    {"action": "here", "at": "25:00"},
    {"action": "here", "at": "09:00", "zone": "Mars/Olympus"},
    {"action": "here", "at": "09:00", "days": "someday"},
    {"action": "here", "at": "09:00", "frequency": "daily", "days": "mon"},
    {"action": "off", "at": "09:00"},                        # a time only sets one up
    {"action": "show", "zone": "UTC"},
])
def test_bad_digest_options_are_user_errors(options: dict[str, Any]) -> None:
    with pytest.raises(UserError):
        sm.digest(**options)


def test_away_and_back() -> None:
    assert sm.away("until mon") == grammar("away until mon") == sc.SetAway(until="mon")
    assert sm.away(None) == sm.away(" off ") == grammar("away off") == sc.AwayOff()
    with pytest.raises(UserError):
        sm.away("the moon")


@pytest.mark.parametrize(("options", "text"), [
    ({}, "reminders"),
    ({"due_soon": "off"}, "reminders due-soon off"),
    ({"due_soon": "day"}, "reminders due-soon day"),
    ({"hours_before": 4}, "reminders due-soon 4h"),
    ({"hours": "08:30 - 16:30"}, "reminders hours 08:30-16:30"),
    ({"days": "mon,tue,wed"}, "reminders days mon,tue,wed"),
    ({"days": "mon-fri"}, "reminders days mon-fri"),
    # settings given together work together, as typed
    ({"hours": "10:00-16:00", "days": "mon-thu"}, "reminders hours 10:00-16:00 days mon-thu"),
    ({"due_soon": "off", "hours": "09:00-17:00"}, "reminders due-soon off hours 09:00-17:00"),
    ({"show_list": True}, "reminders list"),
])
def test_reminders_build_the_grammars_command(options: dict[str, Any], text: str) -> None:
    assert sm.reminders(**options) == grammar(text)


@pytest.mark.parametrize("options", [
    {"due_soon": "off", "hours_before": 4},                  # two due-soon settings
    {"show_list": True, "days": "mon"},                      # a list is not a setting
    {"hours_before": 0}, {"hours_before": 337},
    {"hours": "9 to 5"}, {"hours": "09:00-99:00"}, {"days": "funday"},
])
def test_bad_reminder_settings_are_user_errors(options: dict[str, Any]) -> None:
    with pytest.raises(UserError):
        sm.reminders(**options)


def test_escalate_deliveries_and_role() -> None:
    assert sm.escalate(" launch  plan ", 3) == grammar("escalate launch plan after 3")
    with pytest.raises(UserError):
        sm.escalate("launch", 61)
    with pytest.raises(UserError):
        sm.escalate("  ", 2)
    assert sm.deliveries() == grammar("admin deliveries")
    assert sm.deliveries("dead") == grammar("admin deliveries dead")
    assert sm.role(ANA, "manager") == c.SetRole(user=c.UserRef(user_id="111", name="Ana"),
                                               role=Role.MANAGER)
    typed = parse("task", "role <@111> manager")
    assert isinstance(typed, c.SetRole) and typed.role is Role.MANAGER
    assert typed.user.user_id == "111"
    with pytest.raises(UserError):
        sm.role(ANA, "owner")


def test_task_group_stays_within_discords_limits() -> None:
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    install(tree, None)  # type: ignore[arg-type]  # no command runs here
    task = tree.get_command("task")
    assert task is not None
    payload = task.to_dict(tree)
    subs = {o["name"]: o for o in payload["options"]}
    assert len(subs) <= 25
    assert {"remind", "digest", "away", "reminders", "escalate", "role", "admin"} <= set(subs)
    for sub in subs.values():
        assert len(sub["options"]) <= 25
    opts = {name: {o["name"]: o for o in subs[name]["options"]} for name in subs
            if subs[name]["type"] == 1}
    assert opts["remind"]["task"]["autocomplete"] is True
    assert [ch["value"] for ch in opts["digest"]["action"]["choices"]] == ["here", "show", "off"]
    assert [ch["value"] for ch in opts["digest"]["frequency"]["choices"]] == ["weekdays", "daily"]
    assert opts["digest"]["zone"]["autocomplete"] is True
    assert opts["escalate"]["project"]["autocomplete"] is True
    assert opts["role"]["user"]["type"] == 6
    assert [ch["value"] for ch in opts["role"]["role"]["choices"]] == [
        "admin", "manager", "member"]
    [deliveries] = subs["admin"]["options"]
    assert subs["admin"]["type"] == 2 and deliveries["name"] == "deliveries"
    assert [ch["value"] for ch in deliveries["options"][0]["choices"]] == [
        "pending", "sent", "dead"]
