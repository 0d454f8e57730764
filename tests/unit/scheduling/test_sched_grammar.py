"""The scheduler's subcommands in the one text grammar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserError
from core.grammar import parse
from core.grammar.parser import INTERNAL_ERROR_REASON
from core.scheduling import commands as sc


@pytest.mark.parametrize("text,expected", [
    ("digest here at 09:00 Europe/Berlin weekdays",
     sc.SetDigest(at=dt.time(9), tz="Europe/Berlin", days=(0, 1, 2, 3, 4))),
    ("digest at 8:30am mon,wed,fri", sc.SetDigest(at=dt.time(8, 30), days=(0, 2, 4))),
    ("digest here at 17:15 daily UTC", sc.SetDigest(at=dt.time(17, 15), tz="UTC",
                                                    days=tuple(range(7)))),
    ("digest off", sc.DigestOff()), ("digest show", sc.DigestShow()),
    ("remind #12 tomorrow 10am", sc.RemindTask(number=12, when="tomorrow 10am")),
    ("remind 12 at 5pm", sc.RemindTask(number=12, when="5pm")),
    ("remind me call Bob about #4 in 2 hours",
     sc.RemindMe(text="call Bob about #4", when="in 2 hours")),
    ("remind me renew passport on fri", sc.RemindMe(text="renew passport", when="on fri")),
    ("remind snooze 7 tomorrow", sc.SnoozeReminder(reminder_id=7, choice="tomorrow")),
    ("remind snooze 7", sc.SnoozeReminder(reminder_id=7, choice="1h")),
    ("remind done 7", sc.ReminderDone(reminder_id=7)),
    ("away until next monday", sc.SetAway(until="next monday")),
    ("away until:friday", sc.SetAway(until="friday")),
    ("away until:\"next monday\"", sc.SetAway(until="next monday")),
    ("away off", sc.AwayOff()),
    ("reminders", sc.ShowPrefs()),
    ("reminders due-soon off", sc.SetDueSoon(hours=None)),
    ("reminders due-soon 6h", sc.SetDueSoon(hours=6)),
    ("reminders due-soon day", sc.SetDueSoon(hours=0)),
    ("reminders hours 08:00-16:30", sc.SetWorkHours(start=dt.time(8), end=dt.time(16, 30))),
    ("reminders days sun-thu", sc.SetWorkDays(days=(6, 0, 1, 2, 3))),
    ("reminders due-soon 4 hours", sc.SetDueSoon(hours=4)),
    ("reminders list", sc.ListReminders()),
    ("reminders hours 10:00-16:00 days mon-thu", sc.SetPrefs(
        hours=sc.SetWorkHours(start=dt.time(10), end=dt.time(16)), days=sc.SetWorkDays(
            days=(0, 1, 2, 3)))),
    ("reminders days mon tue due-soon 4 hours hours 9:00 - 17:00", sc.SetPrefs(
        due_soon=sc.SetDueSoon(hours=4), days=sc.SetWorkDays(days=(0, 1)),
        hours=sc.SetWorkHours(start=dt.time(9), end=dt.time(17)))),
    ("every #4 every 2 weeks", sc.SetEvery(number=4, rule="every 2 weeks")),
    ("every 4 0 9 * * 1-5", sc.SetEvery(number=4, rule="0 9 * * 1-5")),
    ("every #4 off", sc.SetEvery(number=4)),
    ("prefs days weekdays", sc.SetWorkDays(days=(0, 1, 2, 3, 4))),
    ("admin deliveries dead", sc.AdminDeliveries(state="dead")),
    ("escalate launch after 3", sc.SetEscalation(project="launch", days=3)),
    ("escalate Q4 plan 5", sc.SetEscalation(project="Q4 plan", days=5)),
])
def test_parses(text: str, expected: object) -> None:
    assert parse("task", text) == expected


@pytest.mark.parametrize("text,reason", [
    ("digest here at 25:00", "not a time of day"),
    ("digest at 9 Mars/Olympus", "time zone"),
    ("digest at 9 weekdays fridays", "don't know what"),
    ("remind me", "When?"),
    ("remind me tomorrow", "When?"),
    ("remind #3", "When?"),
    ("remind snooze x", "Which reminder?"),
    ("remind snooze 3 forever", "1h or until tomorrow"),
    ("away until banana", "couldn't read"),
    ("reminders hours 9", "09:00-17:30"),
    ("reminders due-soon lots", "due-soon off"),
    ("reminders colour blue", "not a setting"),
    ("reminders hours 9:00-10:00 hours 10:00-11:00", "twice"),
    ("every #4", "How often?"),
    ("every", "Which task?"),
    ("admin", "admin deliveries"),
    ("admin deliveries lost", "pending, sent or dead"),
    ("escalate launch", "how many"),
    ("escalate launch after 99", "1 to 60"),
])
def test_refusals_are_friendly_with_usage(text: str, reason: str) -> None:
    with pytest.raises(UserError) as err:
        parse("task", text)
    assert reason in err.value.reason
    assert err.value.usage and err.value.usage.startswith("/task ")


@settings(deadline=None)
@given(sub=st.sampled_from(["digest", "remind", "away", "reminders", "admin", "escalate"]),
       rest=st.text(max_size=60))
def test_arbitrary_text_is_a_command_or_a_friendly_error(sub: str, rest: str) -> None:
    try:
        parse("task", f"{sub} {rest}")
    except UserError as err:  # the grammar turns a crash into a generic refusal: none here
        assert err.reason and err.reason != INTERNAL_ERROR_REASON
