"""`/standup`: async check-ins (core.standup). Its own slash command, so its words do not
take /task's slots:

    /standup here at 09:30 [Area/City] [weekdays|daily|mon,wed,fri] [report:10:30]
              [questions:"What did you finish?|What's next?|Anything blocking you?"]
    /standup join | leave | skip [today|until <when>|off] | show | off
    /standup answer <answer 1> | <answer 2> | <answer 3>"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from core.commands import Command
from core.dates import WHEN_EXAMPLES
from core.errors import UserError
from core.grammar.schedule import after_until, zone_or_days
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import decode, shown
from core.scheduling.timecalc import parse_clock
from core.standup import commands as st
from core.standup.model import MAX_QUESTIONS, QUESTION_MAX

_HERE = "/standup here at 09:30 Europe/Berlin weekdays report:10:30"


def read_clock(text: str, what: str) -> dt.time:
    try:
        return parse_clock(text)
    except ValueError:
        raise UserError(f"'{shown(text)}' is not a time of day for {what}; write it like "
                        "09:30.") from None


def read_questions(text: str) -> tuple[str, ...]:
    qs = tuple(q.strip() for q in decode(text).split("|"))
    if not all(qs):
        raise UserError('Separate questions with |, none empty: questions:"Done?|Next?".')
    if len(qs) > MAX_QUESTIONS:
        raise UserError(f"At most {MAX_QUESTIONS} questions (a form holds five fields).")
    if any(len(q) > QUESTION_MAX for q in qs):
        raise UserError(f"A question holds at most {QUESTION_MAX} characters.")
    return qs


def parse_here(args: Args) -> st.SetStandup:
    """`here at 09:30 [zone] [days] [report:HH:MM] [questions:"..."]`."""
    at = report = None
    tz: str | None = None
    days: tuple[int, ...] | None = None
    questions: tuple[str, ...] | None = None
    for tok in args.tokens:
        word = tok.text
        if tok.key == "report":
            report = read_clock(tok.value, "the report")
        elif tok.key in ("questions", "q"):
            questions = read_questions(tok.value)
        elif tok.key is not None and not tok.value_quoted and tok.key not in ("at",):
            raise UserError(f"I don't know '{shown(tok.key)}:' here; use report: or "
                            "questions:.")
        elif word.lower() in ("here", "at"):
            continue
        elif at is None:
            at = read_clock(word, "the questions")
        else:
            tz, days = zone_or_days(word, tz, days)
    if at is None:
        raise UserError(f"At what time? {_HERE}.")
    return st.SetStandup(at=at, tz=tz, days=days, report_at=report, questions=questions)


def parse_skip(args: Args) -> st.StandupSkip:
    words = [t.text for t in args.tokens]
    if not words or [w.lower() for w in words] == ["today"]:
        return st.StandupSkip()
    words = after_until(words)
    if [w.lower() for w in words] == ["today"]:  # "until today" (Discord's option) too
        return st.StandupSkip()
    if not words:
        raise UserError(f"Skip until when? Try: {WHEN_EXAMPLES}.")
    return st.StandupSkip(until=" ".join(words))


def parse_answer(args: Args) -> st.StandupAnswer:
    text = decode(args.text).strip()
    if not text:
        raise UserError("Give your answers, one per question, separated by |: "
                        "/standup answer Shipped #12 | Review #14 | Waiting on #9.")
    parts = tuple(a.strip() for a in text.split("|"))
    if len(parts) > MAX_QUESTIONS:
        raise UserError(f"At most {MAX_QUESTIONS} answers, separated by |.")
    return st.StandupAnswer(answers=parts)


def _no_args(cmd: Callable[[], Any], usage: str) -> Callable[[Args], Any]:
    def parse(args: Args) -> Any:
        if args.tokens:
            raise UserError(f"{usage} takes nothing more.")
        return cmd()
    return parse


def _p(fn: Callable[[Args], Any]) -> Callable[[Args], Command]:
    """The table is typed for core commands; the check-in's are handled all the same."""
    return cast(Callable[[Args], Command], fn)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("standup", "here",
               "/standup here at 09:30 [Area/City] [weekdays|daily|mon,wed,fri] "
               "[report:10:30] [questions:\"A?|B?|C?\"]",
               _p(parse_here), "Start (or change) this channel's async check-in.",
               (_HERE, '/standup here at 9:00 daily questions:"Yesterday?|Today?|Blockers?"'),
               notes=("Each participant is asked at that time in their own time zone on their "
                      "working days (away people are skipped), by DM, with their task "
                      "activity filled in. The report goes to the channel at report: time "
                      "(default: one hour later) in the channel's zone; answers that come "
                      "later are added to it in its thread. At most 5 questions.",),
               brief="Start or change this channel's check-in"),
    Subcommand("standup", "join", "/standup join", _p(_no_args(st.StandupJoin,
                                                                "/standup join")),
               "Take part in this channel's check-in.", ("/standup join",)),
    Subcommand("standup", "leave", "/standup leave", _p(_no_args(st.StandupLeave,
                                                                  "/standup leave")),
               "Stop taking part in this channel's check-in.", ("/standup leave",)),
    Subcommand("standup", "skip", "/standup skip [today|until <when>|off]", _p(parse_skip),
               "Skip today's check-in, or all until a day; off takes you back.",
               ("/standup skip", "/standup skip until fri", "/standup skip off")),
    Subcommand("standup", "show", "/standup show", _p(_no_args(st.StandupShow,
                                                                "/standup show")),
               "This channel's check-in: times, questions, who takes part.",
               ("/standup show",)),
    Subcommand("standup", "off", "/standup off", _p(_no_args(st.StandupOff, "/standup off")),
               "Switch this channel's check-in off.", ("/standup off",)),
    Subcommand("standup", "answer", "/standup answer <answer 1> | <answer 2> | ...",
               _p(parse_answer), "Answer your latest check-in questions, one answer per "
               "question, separated by |.",
               ("/standup answer Shipped #12 | Review #14 | Waiting on #9 from Bob",),
               brief="Answer your latest check-in questions"),
)
