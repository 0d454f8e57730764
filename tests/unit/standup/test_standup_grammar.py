"""`/standup` text: defaults, every option, and a friendly one-line refusal (with the
usage) for bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from core.commands import Help
from core.errors import UserError
from core.grammar.parser import parse
from core.grammar.usage import help_result
from core.scheduling.model import EVERY_DAY
from core.standup import commands as st


def test_here_with_everything() -> None:
    cmd: object = parse("standup", 'here at 09:30 Europe/Berlin mon,wed,fri report:10:30 '
                           'questions:"Done?|Next?|Stuck?"')
    assert cmd == st.SetStandup(at=dt.time(9, 30), tz="Europe/Berlin", days=(0, 2, 4),
                                report_at=dt.time(10, 30), questions=("Done?", "Next?",
                                                                      "Stuck?"))


def test_here_defaults_are_left_to_the_handler() -> None:
    cmd: object = parse("/standup", "here at 9am daily")
    assert cmd == st.SetStandup(
        at=dt.time(9, 0), days=EVERY_DAY)


@pytest.mark.parametrize(("text", "cmd"), [
    ("join", st.StandupJoin()), ("leave", st.StandupLeave()), ("show", st.StandupShow()),
    ("off", st.StandupOff()), ("skip", st.StandupSkip()), ("skip today", st.StandupSkip()),
    ("skip until fri", st.StandupSkip(until="fri")),
    ("skip until:fri", st.StandupSkip(until="fri")), ("skip off", st.StandupSkip(until="off")),
    ("skip until today", st.StandupSkip()),
    ("answer Shipped #12 | Review #14 | Waiting on #9",
     st.StandupAnswer(answers=("Shipped #12", "Review #14", "Waiting on #9"))),
    ("answer a &lt;b&gt; | c", st.StandupAnswer(answers=("a <b>", "c"))),
])
def test_verbs(text: str, cmd: object) -> None:
    assert parse("standup", text) == cmd


@pytest.mark.parametrize(("text", "reason"), [
    ("here", "At what time?"),
    ("here at 25:00", "is not a time of day"),
    ("here at 9 report:noon", "is not a time of day for the report"),
    ("here at 9 Mars/Olympus", "time zone"),
    ("here at 9 someday", "is not a list of days"),
    ("here at 9 Europe/Berlin UTC", "Give one time zone"),
    ("here at 9 foo:bar", "I don't know 'foo:'"),
    ('here at 9 questions:"A?||C?"', "none empty"),
    ('here at 9 questions:"1|2|3|4|5|6"', "At most 5 questions"),
    ("answer", "Give your answers"),
    ("answer 1|2|3|4|5|6", "At most 5 answers"),
    ("answer " + "x" * 1001, "too long"),
    ("join now", "takes nothing more"),
    ("skip until", "Skip until when?"),
    ("frobnicate", "See /standup help"),
])
def test_bad_input_is_one_friendly_line_with_usage(text: str, reason: str) -> None:
    with pytest.raises(UserError) as caught:
        parse("standup", text)
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason
    assert (caught.value.usage or "").startswith("/standup")


def test_help_lists_and_explains_standup() -> None:
    assert parse("standup", "help") == Help(topic="standup")
    assert parse("standup", "help answer") == Help(topic="standup answer")
    assert parse("task", "help standup") == Help(topic="standup")
    listing = help_result("standup")
    assert listing.title == "/standup commands"
    assert any(line.startswith("/standup here at 09:30") for line in listing.lines)
    assert any("/standup answer" in line for line in help_result(None).lines)
    one = help_result("standup here")
    assert "in their own time zone" in " ".join(one.lines)
