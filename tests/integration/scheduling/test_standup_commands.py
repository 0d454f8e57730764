"""`/standup` commands on a real database: refusals are friendly and change nothing;
skip, leave and off take effect at the next ask."""

from __future__ import annotations

import datetime as dt

from core.bus import ErrorReply
from core.commands import Context
from core.notifications import Notification
from core.results import Result
from tests.integration.scheduling.harness import WS, World

UTC = dt.UTC
SUNDAY = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MONDAY_ASK = dt.datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 09:30 Berlin
MONDAY_REPORT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def attempt(w: World, who: str, text: str, channel: str | None = "general") -> Result:
    ctx = Context(platform="console", workspace_id=WS, user_id=who, display_name=who,
                  channel_id=channel)
    group, _, rest = text.lstrip("/").partition(" ")
    return w.bus.run_text(ctx, group, rest)


def refusal(w: World, who: str, text: str, channel: str | None = "general") -> str:
    result = attempt(w, who, text, channel)
    assert isinstance(result, ErrorReply), result
    return result.text


def standup(notes: list[Notification]) -> list[Notification]:
    return [n for n in notes if n.kind.value == "standup"]


def test_refusals(world: World) -> None:
    w = world
    w.at(SUNDAY)
    assert "no check-in" in refusal(w, "bob", "/standup join")
    assert "belongs to a channel" in refusal(w, "bob", "/standup here at 9:30", None)
    assert "no check-in questions" in refusal(w, "bob", "/standup answer done")
    assert "report must come after" in refusal(w, "ana", "/standup here at 10:00 "
                                                          "report:09:00")
    w.run("ana", "/standup here at 09:30 Europe/Berlin")
    assert "Only whoever set up" in refusal(w, "bob", "/standup here at 08:00")
    assert "Only whoever set up" in refusal(w, "bob", "/standup off")
    assert "not in this channel's check-in" in refusal(w, "bob", "/standup skip")
    w.tick(MONDAY_ASK)
    assert "asks 3 questions" in refusal(w, "ana", "/standup answer a | b | c | d")
    assert "empty" in refusal(w, "ana", "/standup answer  |  | ")


def test_skip_leave_show_and_off(world: World) -> None:
    w = world
    for who in ("ana", "bob", "cy", "dee"):
        w.member_setup(who, tz="Europe/Berlin")
    w.at(SUNDAY)
    w.run("ana", '/standup here at 09:30 Europe/Berlin questions:"Done?|Next?"')
    for who in ("bob", "cy", "dee"):
        w.run(who, "/standup join")
    shown = str(getattr(w.run("bob", "/standup show"), "message", ""))
    assert "Participants (4): ana, bob, cy, dee" in shown
    assert "Your next questions: Mon 02 Mar 09:30 (Europe/Berlin)" in shown
    w.run("bob", "/standup skip until 2026-03-03")
    w.run("cy", "/standup leave")
    w.tick(MONDAY_ASK)
    assert sorted(n.user_id or "" for n in standup(w.take())) == ["ana", "dee"]
    w.run("dee", "/standup answer Shipped | More")
    w.tick(MONDAY_REPORT)
    [report] = standup(w.take())
    assert "dee:\n  Done? Shipped\n  Next? More" in report.text
    assert "Skipping today: bob" in report.text and "Not answered yet: ana" in report.text
    assert "cy" not in report.text
    w.run("ana", "/standup off")
    w.tick(MONDAY_ASK + dt.timedelta(days=1))
    assert standup(w.take()) == []


def test_a_new_zone_or_working_days_move_the_next_questions(world: World) -> None:
    w = world
    w.at(SUNDAY)
    w.run("ana", "/standup here at 09:30 Europe/Berlin")
    w.run("bob", "/standup join")  # no zone yet: the channel's (08:30 UTC)
    w.run("cy", "/standup join")
    w.run("bob", "/task tz America/New_York")
    w.run("cy", "/task tz Europe/Berlin")  # quiet hours are kept in one's own zone
    w.run("cy", "/task reminders days tue-fri")
    w.tick(MONDAY_ASK)
    assert sorted(n.user_id or "" for n in standup(w.take())) == ["ana"]
    w.tick(dt.datetime(2026, 3, 2, 14, 30, tzinfo=UTC))  # 09:30 in New York
    assert [n.user_id for n in standup(w.take()) if n.user_id] == ["bob"]
    w.tick(MONDAY_ASK + dt.timedelta(days=1))
    assert sorted(n.user_id or "" for n in standup(w.take()) if n.user_id) == ["ana", "cy"]


def _said(w: World, who: str, text: str) -> str:
    return str(getattr(attempt(w, who, text), "message", ""))


def test_a_skip_is_never_cut_short_by_a_plain_skip_and_off_ends_it(world: World) -> None:
    w = world
    w.member_setup("ana", tz="Europe/Berlin")
    w.member_setup("bob", tz="Europe/Berlin")
    w.at(SUNDAY)
    w.run("ana", "/standup here at 09:30 Europe/Berlin")
    w.run("bob", "/standup join")
    assert _said(w, "bob", "/standup skip off") == "You're not skipping any check-in."
    assert "through Wed 04 Mar" in _said(w, "bob", "/standup skip until:2026-03-04")
    assert _said(w, "bob", "/standup skip") == (
        "You're already skipping check-ins through Wed 04 Mar (/standup skip off takes you "
        "back).")
    w.tick(MONDAY_ASK)
    assert sorted(n.user_id or "" for n in standup(w.take())) == ["ana"]
    assert _said(w, "bob", "/standup skip off") == \
        "You're back in: the next check-in asks you again."
    w.tick(MONDAY_ASK + dt.timedelta(days=1))  # (Monday's report to the channel too)
    assert sorted(n.user_id for n in standup(w.take()) if n.user_id) == ["ana", "bob"]


def test_a_change_keeps_what_it_does_not_name(world: World) -> None:
    w = world
    w.member_setup("ana", tz="Europe/Berlin")
    w.at(SUNDAY)
    w.run("ana", '/standup here at 09:30 Europe/Berlin mon,wed report:11:00 '
                 'questions:"Done?|Next?"')
    moved = _said(w, "ana", "/standup here at 10:00")
    assert "questions at 10:00 in each person's own time zone, mon,wed; the report at " \
           "11:00 Europe/Berlin." in moved and moved.endswith("Questions: Done? | Next?")
    late = _said(w, "ana", "/standup here at 11:30")  # the old report would come first
    assert "the report at 12:30 Europe/Berlin." in late
    renamed = _said(w, "ana", '/standup here at 09:00 weekdays questions:"Blockers?"')
    assert "weekdays; the report at 10:00" in renamed  # 12:30 was the default: it follows
    assert renamed.endswith("Questions: Blockers?")
    assert "the report at 10:50" in _said(w, "ana", "/standup here at 09:50")
