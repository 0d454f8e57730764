"""`/task notify immediate|hourly|daily [at HH:MM]` and `/task notify show`: how your
non-urgent DMs arrive (`core.attention`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from core.attention.commands import SetNotify, ShowNotify
from core.commands import Command
from core.errors import UserError
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import shown
from core.scheduling.timecalc import parse_clock

_MODES = {"immediate": "immediate", "now": "immediate", "instant": "immediate",
          "hourly": "hourly", "hour": "hourly", "daily": "daily", "day": "daily"}
_SHOW = ("show", "status", "settings")
_TRY = "try /task notify hourly, /task notify daily at 16:00 or /task notify show"


def parse_notify(args: Args) -> SetNotify | ShowNotify:
    words = [t.text for t in args.tokens]
    if not words or (len(words) == 1 and words[0].lower() in _SHOW):
        return ShowNotify()
    mode = _MODES.get(words[0].lower())
    if mode is None:
        raise UserError(f"'{shown(words[0])}' is not a way to get notifications; {_TRY}.")
    rest = words[1:]
    if rest and rest[0].lower() == "at":
        rest = rest[1:]
        if not rest:
            raise UserError("At what time? /task notify daily at 16:00.")
    if not rest:
        return SetNotify(mode=cast(Any, mode))
    if len(rest) > 1:
        raise UserError(f"I don't know what '{shown(' '.join(rest[1:]))}' means here; {_TRY}.")
    if mode != "daily":
        raise UserError(f"A time goes with daily only: /task notify daily at {shown(rest[0])} "
                        f"(or /task notify {mode}).")
    try:
        at = parse_clock(rest[0])
    except ValueError:
        raise UserError(f"'{shown(rest[0])}' is not a time of day; write it like 16:00.") \
            from None
    return SetNotify(mode="daily", at=at)


def _p(fn: Callable[[Args], Any]) -> Callable[[Args], Command]:
    """The table is typed for core commands; these are handled all the same."""
    return cast(Callable[[Args], Command], fn)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("task", "notify", "/task notify immediate | hourly | daily [at HH:MM] | show",
               _p(parse_notify),
               "How your non-urgent DMs arrive: at once, or as one summary an hour or a day.",
               ("/task notify hourly", "/task notify daily at 16:00", "/task notify show",
                "/task notify immediate"),
               notes=("Non-urgent: assigned to you, a comment, your task completed, changed "
                      "or deleted by someone else. Batches come in your working hours "
                      "(/task reminders hours ...); daily defaults to their start.",
                      "Unblocked tasks, due-soon and overdue alerts, escalations and "
                      "reminders always come at once. A burst of changes by one person "
                      "within a minute comes as one DM whatever you chose."),
               brief="How your non-urgent DMs arrive"),
)
