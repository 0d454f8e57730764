"""Options of the scheduler's and membership's slash commands (`/task remind`, `digest`,
`away`, `reminders`, `escalate`, `admin deliveries`, `role`) -> the same core command models
the text grammar builds (core.grammar.schedule, core.grammar.members). Pure functions over
plain values, like `mapping`; a value the user can fix raises `UserError`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from adapters.discord.mapping import Person, blank
from core import commands as c
from core.dates import WHEN_EXAMPLES, parse_tz
from core.errors import UserError
from core.grammar import values
from core.grammar.schedule import days_of
from core.model import Role
from core.scheduling import commands as sc
from core.scheduling.timecalc import parse_clock

DigestAction = Literal["here", "off", "show"]
Frequency = Literal["weekdays", "daily"]
DueSoon = Literal["off", "day"]
DeliveryState = Literal["pending", "sent", "dead"]
RoleName = Literal["admin", "manager", "member"]

REMINDER_TEXT_MAX = 500
_LEADING = ("at", "on", "by", "until")


def _when(text: str | None, *, what: str) -> str:
    """A date phrase checked for readability (resolved later in the actor's zone). A leading
    `at`/`on`/`until` is dropped as the text grammar does (`in` stays: `in 2 hours`)."""
    words = (text or "").split()
    while len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    value = values.due(" ".join(words)) if words else None
    if value is None:
        raise UserError(f"{what} Try: {WHEN_EXAMPLES}.")
    return value


def clock(text: str) -> dt.time:
    try:
        return parse_clock(text)
    except ValueError:
        raise UserError(f"“{text.strip()[:40]}” is not a time of day; write it like "
                        f"09:00.") from None


def remind(*, when: str, task: int | None = None,
           text: str | None = None) -> sc.RemindTask | sc.RemindMe:
    """`/task remind when:<when> task:<#N>` or `text:<what>`: exactly one of the two."""
    what = blank(text)
    if (task is None) == (what is None):
        raise UserError("Remind you of a task (task:) or of something (text:), one of the two.")
    moment = _when(when, what="When should I remind you?")
    if task is not None:
        if task < 1:
            raise UserError(f"#{task} is not a task number.")
        return sc.RemindTask(number=task, when=moment)
    assert what is not None
    what = " ".join(what.split())
    if len(what) > REMINDER_TEXT_MAX:
        raise UserError(f"That reminder is {len(what)} characters; the most is "
                        f"{REMINDER_TEXT_MAX}.")
    return sc.RemindMe(text=what, when=moment)


def digest(*, action: DigestAction, at: str | None = None, zone: str | None = None,
           frequency: Frequency | None = None,
           days: str | None = None) -> sc.SetDigest | sc.DigestOff | sc.DigestShow:
    """`/task digest action:here at:09:00 [zone:] [frequency:|days:]`, `action:off|show`."""
    extras = [n for n, v in (("at", at), ("zone", zone), ("frequency", frequency),
                             ("days", days)) if blank(v) is not None]
    if action != "here":
        if extras:
            raise UserError(f"{', '.join(extras)} only apply when you set up a digest "
                            f"(action: here).")
        return sc.DigestOff() if action == "off" else sc.DigestShow()
    if blank(at) is None:
        raise UserError("At what time? Give at: like 09:00.")
    assert at is not None
    if frequency is not None and blank(days) is not None:
        raise UserError("Give either a frequency or a list of days, not both.")
    chosen = frequency or blank(days)
    named = blank(zone)
    return sc.SetDigest(at=clock(at), tz=parse_tz(named) if named else None,
                        days=days_of(chosen) if chosen else None)


def away(until: str | None) -> sc.SetAway | sc.AwayOff:
    """An empty `until` (or off/none/back) ends being away, as `/task away off` does."""
    text = blank(until)
    if text is None or text.strip().lower() in ("off", "back", "none", "clear"):
        return sc.AwayOff()
    return sc.SetAway(until=_when(text, what="Until when are you away?"))


ReminderSetting = sc.ShowPrefs | sc.SetDueSoon | sc.SetWorkHours | sc.SetWorkDays


def reminders(*, due_soon: DueSoon | None = None, hours_before: int | None = None,
              hours: str | None = None, days: str | None = None,
              show_list: bool = False) -> ReminderSetting | sc.SetPrefs | sc.ListReminders:
    """No options: show the settings; `list`: your reminders with their ids. Settings
    given together are applied together (one command: all of them, or at a refusal none),
    as in the text grammar."""
    given = [n for n, v in (("due_soon", due_soon), ("hours_before", hours_before),
                            ("hours", blank(hours)), ("days", blank(days))) if v is not None]
    if show_list:
        if given:
            raise UserError("Either list your reminders or change settings, not both.")
        return sc.ListReminders()
    if not given:
        return sc.ShowPrefs()
    if due_soon is not None and hours_before is not None:
        raise UserError("Give due_soon or hours_before, not both.")
    if len(given) > 1:
        parts = [reminders(due_soon=due_soon, hours_before=hours_before),
                 reminders(hours=hours), reminders(days=days)]
        return sc.SetPrefs.model_validate({
            "due_soon": next((p for p in parts if isinstance(p, sc.SetDueSoon)), None),
            "hours": next((p for p in parts if isinstance(p, sc.SetWorkHours)), None),
            "days": next((p for p in parts if isinstance(p, sc.SetWorkDays)), None)})
    if due_soon is not None:
        return sc.SetDueSoon(hours=None if due_soon == "off" else 0)
    if hours_before is not None:
        if not 1 <= hours_before <= 336:
            raise UserError("Due-soon reminders come 1 to 336 hours before.")
        return sc.SetDueSoon(hours=hours_before)
    if hours is not None:
        start, sep, end = hours.replace(" ", "").partition("-")
        if not sep:
            raise UserError("Write working hours like 09:00-17:30.")
        return sc.SetWorkHours(start=clock(start), end=clock(end))
    assert days is not None
    return sc.SetWorkDays(days=days_of(days))


def every(task: int, rule: str | None) -> sc.SetEvery:
    """`/repeat set task: rule:` and `/repeat off task:`."""
    if task < 1:
        raise UserError(f"#{task} is not a task number.")
    text = blank(rule)
    if rule is not None and text is None:
        raise UserError("How often? daily, weekdays, weekly, every 2 weeks, mon,thu.")
    return sc.SetEvery(number=task, rule=" ".join(text.split()) if text else None)


def escalate(project: str, after: int) -> sc.SetEscalation:
    if not 1 <= after <= 60:
        raise UserError("Escalate after 1 to 60 working days.")
    return sc.SetEscalation(project=values.project_name(project), days=after)


def deliveries(state: DeliveryState | None = None) -> sc.AdminDeliveries:
    return sc.AdminDeliveries(state=state)


def role(user: Person, name: str) -> c.SetRole:
    if name not in {r.value for r in Role}:
        raise UserError(f"“{name[:40]}” is not a role; use admin, manager or member.")
    return c.SetRole(user=user.ref(), role=Role(name))
