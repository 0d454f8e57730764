"""Scheduler subcommands of `/task` (digest, remind, away, reminders, admin, escalate):
the scheduler's extension point of the grammar.

Times (`<when>`) stay text here and are read in the actor's time zone by the handlers,
as `due:` is; clock times (`09:00`), zones and day lists are read here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from core.commands import Command
from core.dates import WHEN_EXAMPLES, is_when, parse_tz
from core.errors import UserError
from core.grammar import values
from core.grammar.spec import Args, Subcommand
from core.grammar.tokens import shown, task_number
from core.scheduling import commands as sc
from core.scheduling.model import DAY_NAMES, EVERY_DAY, WEEKDAYS
from core.scheduling.timecalc import parse_clock
from core.text import ascii_int, is_ascii_int

_DAY = {n: i for i, n in enumerate(DAY_NAMES)} | {
    "monday": 0, "tues": 1, "tuesday": 1, "wednesday": 2, "thur": 3, "thurs": 3,
    "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_DAY_RANGE = re.compile(r"^([a-z]+)-([a-z]+)$")
_CONNECTORS = ("at", "on", "by", "in", "until")
_MAX_WHEN_WORDS = 6


def days_of(text: str) -> tuple[int, ...]:
    """`weekdays`, `daily`, `mon,wed,fri`, `mon-thu` -> weekday numbers (0 = Monday)."""
    t = text.strip().lower()
    if t in ("weekdays", "workdays", "mon-fri"):
        return WEEKDAYS
    if t in ("daily", "everyday", "every day", "all"):
        return EVERY_DAY
    m = _DAY_RANGE.match(t)
    if m and m.group(1) in _DAY and m.group(2) in _DAY:
        a, b = _DAY[m.group(1)], _DAY[m.group(2)]
        return tuple(range(a, b + 1)) if a <= b else (*range(a, 7), *range(0, b + 1))
    names = [w for w in re.split(r"[,\s]+", t) if w]
    if names and all(n in _DAY for n in names):
        return tuple(sorted({_DAY[n] for n in names}))
    raise UserError(f"'{shown(text)}' is not a list of days; try weekdays, daily or mon,wed,fri.")


def _clock(text: str) -> Any:
    try:
        return parse_clock(text)
    except ValueError:
        raise UserError(f"'{shown(text)}' is not a time of day; write it like 09:00.") from None


def parse_digest(args: Args) -> sc.SetDigest | sc.DigestOff | sc.DigestShow:
    words = [t.text for t in args.tokens]
    if [w.lower() for w in words] in (["off"], ["stop"], ["here", "off"]):
        return sc.DigestOff()
    if [w.lower() for w in words] in (["show"], ["preview"], ["now"], []):
        return sc.DigestShow()
    rest = [w for w in words if w.lower() not in ("here", "at")]
    if not rest:
        raise UserError("At what time? /task digest here at 09:00.")
    at = _clock(rest[0])
    tz: str | None = None
    days: tuple[int, ...] | None = None
    for word in rest[1:]:
        tz, days = zone_or_days(word, tz, days)
    return sc.SetDigest(at=at, tz=tz, days=days)


def zone_or_days(word: str, tz: str | None, days: tuple[int, ...] | None
                 ) -> tuple[str | None, tuple[int, ...] | None]:
    """One word after a clock time (`/task digest`, `/standup here`): a time zone or a
    list of days, each given once."""
    if "/" in word or word.upper() == "UTC":
        if tz is not None:
            raise UserError("Give one time zone.")
        return parse_tz(word), days
    if days is None:
        return tz, days_of(word)
    raise UserError(f"I don't know what '{shown(word)}' means here.")


def _split_when(words: list[str]) -> tuple[str, str]:
    """`call bob tomorrow 10am` -> ("call bob", "tomorrow 10am"): the longest tail that reads
    as a date."""
    for k in range(min(_MAX_WHEN_WORDS, len(words) - 1), 0, -1):
        tail = " ".join(words[-k:])
        if is_when(tail):
            head = words[:-k]
            while head and head[-1].lower() in _CONNECTORS:
                head = head[:-1]
            if head:
                return " ".join(head), tail
    raise UserError(f"When? End with a time, like: /task remind me call Bob tomorrow 10am "
                    f"(try {WHEN_EXAMPLES}).")


def parse_remind(args: Args) -> Command | Any:
    tokens = args.tokens
    if not tokens:
        raise UserError("Remind you of what?")
    first = tokens[0].text.lower()
    rest = [t.text for t in tokens[1:]]
    if first in ("me", "myself"):
        text, when = _split_when(rest)
        if len(text) > 500:
            raise UserError(f"That reminder is {len(text)} characters; the most is 500.")
        return sc.RemindMe(text=text, when=when)
    if first in ("snooze", "done"):
        rid = ascii_int(rest[0].lstrip("#"), 1) if rest else None
        if rid is None:
            raise UserError(f"Which reminder? Give its number: /task remind {first} 12.")
        if first == "done":
            return sc.ReminderDone(reminder_id=rid)
        choice = (rest[1].lower() if len(rest) > 1 else "1h").replace(" ", "")
        if choice not in ("1h", "tomorrow"):
            raise UserError("Snooze for 1h or until tomorrow.")
        return sc.SnoozeReminder(reminder_id=rid, choice=cast(sc.SnoozeChoice, choice))
    number = task_number(tokens[0].text)
    when = " ".join(rest)
    while when.split() and when.split()[0].lower() in _CONNECTORS:
        when = " ".join(when.split()[1:])
    if not when:
        raise UserError(f"When? Try: {WHEN_EXAMPLES}.")
    return sc.RemindTask(number=number, when=values.due(when) or when)


def after_until(words: list[str]) -> list[str]:
    """The words of a date after a leading `until`, or `until:` (the key:value habit of
    `/task add`: `until:fri` reads as `until fri`)."""
    if words and words[0].lower() == "until":
        return words[1:]
    if words and words[0].lower().startswith("until:"):
        return [w for w in (words[0][len("until:"):], *words[1:]) if w]
    return words


def parse_away(args: Args) -> sc.SetAway | sc.AwayOff:
    words = [t.text for t in args.tokens]
    if [w.lower() for w in words] in (["off"], ["back"], ["none"]):
        return sc.AwayOff()
    words = after_until(words)
    if not words:
        raise UserError(f"Until when? Try: {WHEN_EXAMPLES}.")
    when = values.due(" ".join(words))
    if when is None:
        return sc.AwayOff()
    return sc.SetAway(until=when)


_PREF_KEYS = {"due-soon": "due-soon", "duesoon": "due-soon", "due": "due-soon",
              "hours": "hours", "days": "days"}


def _due_soon(rest: str) -> sc.SetDueSoon:
    if rest in ("off", "none", "no"):
        return sc.SetDueSoon(hours=None)
    if rest in ("day", "day before", "on", "default"):
        return sc.SetDueSoon(hours=0)
    hours = ascii_int(rest.removesuffix("hours").removesuffix("hour").removesuffix("h").strip(),
                      1, 336)
    if hours is None:
        raise UserError("Say due-soon off, day (the working day before), or how many "
                        "hours before (1 to 336), like due-soon 4h.")
    return sc.SetDueSoon(hours=hours)


def _pref(key: str, rest: str) -> sc.SetDueSoon | sc.SetWorkHours | sc.SetWorkDays:
    if key == "due-soon":
        return _due_soon(rest)
    if key == "hours":
        start, sep, end = rest.replace(" ", "").partition("-")
        if not sep:
            raise UserError("Write working hours like 09:00-17:30.")
        return sc.SetWorkHours(start=_clock(start), end=_clock(end))
    return sc.SetWorkDays(days=days_of(rest))


def parse_reminders(args: Args) -> Any:
    """`/task reminders [list]`, or any of due-soon / hours / days, given together:
    `hours 10:00-16:00 days mon-thu` sets both."""
    words = [t.text.lower() for t in args.tokens]
    if not words or words == ["show"]:
        return sc.ShowPrefs()
    if words in (["list"], ["ids"], ["mine"]):
        return sc.ListReminders()
    if words[0] not in _PREF_KEYS:
        raise UserError(f"'{shown(words[0])}' is not a setting; use list, due-soon, hours "
                        "or days.")
    found: dict[str, list[str]] = {}
    key = ""
    for word in words:
        unit = (key == "due-soon" and word in ("hours", "hour") and bool(found[key])
                and found[key][-1].isascii() and found[key][-1].isdigit())  # "4 hours"
        if word in _PREF_KEYS and (not key or found[key]) and not unit:
            key = _PREF_KEYS[word]
            if key in found:
                raise UserError(f"You gave {key} twice; give each setting once.")
            found[key] = []
        else:
            found[key].append(word)
    parts = {k: _pref(k, " ".join(v)) for k, v in found.items()}
    if len(parts) == 1:
        return next(iter(parts.values()))
    return sc.SetPrefs.model_validate({"due_soon": parts.get("due-soon"),
                                       "hours": parts.get("hours"), "days": parts.get("days")})


def parse_admin(args: Args) -> sc.AdminDeliveries:
    words = [t.text.lower() for t in args.tokens]
    if not words or words[0] not in ("deliveries", "delivery", "outbox"):
        raise UserError("The admin command is /task admin deliveries.")
    state = words[1] if len(words) > 1 else None
    if state not in (None, "pending", "sent", "dead"):
        raise UserError("Show deliveries that are pending, sent or dead.")
    return sc.AdminDeliveries(state=cast(Any, state))


def parse_escalate(args: Args) -> sc.SetEscalation:
    words = [t.text for t in args.tokens]
    digits = [i for i, w in enumerate(words) if is_ascii_int(w)]
    if not digits:
        lower = [w.lower() for w in words]
        odd = words[lower.index("after") + 1] if "after" in lower[:-1] else None
        if odd is not None:  # `after ²`: a number, but not one written with 0-9
            raise UserError(f"'{shown(odd, 12)}' is not a number of days; write it with the "
                            "digits 0-9: /task escalate launch after 2.")
        raise UserError("After how many working days? /task escalate launch after 2.")
    i = digits[-1]
    name = [w for w in words[:i] if w.lower() != "after"]
    if not name:
        raise UserError("Which project? /task escalate launch after 2.")
    days = ascii_int(words[i], 1, 60)
    if days is None:
        raise UserError("Escalate after 1 to 60 working days.")
    return sc.SetEscalation(project=values.project_name(" ".join(name)), days=days)


def parse_every(args: Args) -> sc.SetEvery:
    """`/task every #N weekly`, `/task every #N 0 9 * * 1-5`, `/task every #N off`."""
    if not args.tokens:
        raise UserError("Which task? /task every #12 weekly, or /task every #12 off.")
    number = task_number(args.tokens[0].text)
    rule = " ".join(t.text for t in args.tokens[1:]).strip()
    if not rule:
        raise UserError(f"How often? /task every #{number} weekly (or off to stop).")
    if rule.lower() in ("off", "none", "stop", "never", "no"):
        return sc.SetEvery(number=number)
    if len(rule) > 100:
        raise UserError("That rule is too long; try daily, weekly or 0 9 * * 1-5.")
    return sc.SetEvery(number=number, rule=rule)


def _p(fn: Callable[[Args], Any]) -> Callable[[Args], Command]:
    """The table is typed for core commands; the scheduler's are handled all the same."""
    return cast(Callable[[Args], Command], fn)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("task", "digest",
               "/task digest here at 09:00 [Area/City] [weekdays|daily|mon,wed,fri] | off | show",
               _p(parse_digest), "A daily standup digest in this channel.",
               ("/task digest here at 09:00 Europe/Berlin weekdays", "/task digest show",
                "/task digest off")),
    Subcommand("task", "remind", "/task remind #N <when> | me <text> <when>", _p(parse_remind),
               "Remind yourself of a task or anything at a time.",
               ("/task remind #12 tomorrow 10am", "/task remind me call Bob in 2 hours"),
               notes=("A reminder DM has Snooze (1 h, tomorrow morning) and Done: "
                      "/task remind snooze <id> [1h|tomorrow], /task remind done <id>; "
                      "the ids are in the confirmation, the DM and /task reminders list.",)),
    Subcommand("task", "away", "/task away until <when> | off", _p(parse_away),
               "Hold your DMs while you are away; the digest shows it.",
               ("/task away until mon", "/task away off")),
    Subcommand("task", "reminders",
               "/task reminders [list] | [due-soon off|day|<N>h] [hours 09:00-18:00] "
               "[days mon-fri]",
               _p(parse_reminders), "Your reminders; when I may DM you, and due-soon DMs.",
               ("/task reminders", "/task reminders list", "/task reminders due-soon 4h",
                "/task reminders hours 10:00-16:00 days mon-thu",
                "/task reminders days mon,tue,wed"),
               aliases=("prefs", "settings")),
    Subcommand("task", "admin", "/task admin deliveries [pending|sent|dead]", _p(parse_admin),
               "For admins: what the bot delivered, what waits, what failed.",
               ("/task admin deliveries", "/task admin deliveries pending")),
    Subcommand("task", "every", "/task every #N <rule> | off", _p(parse_every),
               "Make a task repeat, change how, or stop it repeating.",
               ("/task every #12 weekdays", "/task every #12 every 2 weeks",
                "/task every #12 off"),
               notes=("Rules: daily, weekdays, weekly, monthly, every 2 weeks, mon,thu, or a "
                      "cron like 0 9 * * 1-5. Dropping one occurrence drops that one only; "
                      "off ends the series.",),
               aliases=("repeat",)),
    Subcommand("task", "escalate", "/task escalate <project> after <N>", _p(parse_escalate),
               "Escalate a project's overdue tasks to its owner after N working days.",
               ("/task escalate launch after 3",)),
)
