"""Stable `custom_id`s of the persistent components on task cards and reminder DMs.

`taskbot:<action>:<guild_id>:<number>`: the guild travels with the id because the same card
is also sent as a DM, where the interaction has no guild. Reminder DMs carry
`taskbot:rsnooze:<guild_id>:<reminder_id>:<1h|tomorrow>` and
`taskbot:rdone:<guild_id>:<reminder_id>`. Ids stay under Discord's 100 characters
(snowflakes are at most 20 digits)."""

from __future__ import annotations

from dataclasses import dataclass

BUTTON_ACTIONS = ("start", "done", "take")

BUTTON_TEMPLATE = r"taskbot:(?P<action>start|done|take):(?P<guild>\d{1,20}):(?P<number>\d{1,9})"
MORE_TEMPLATE = r"taskbot:more:(?P<guild>\d{1,20}):(?P<number>\d{1,9})"
SNOOZE_CHOICES = ("1h", "tomorrow")
SNOOZE_TEMPLATE = (r"taskbot:rsnooze:(?P<guild>\d{1,20}):(?P<reminder>\d{1,18})"
                   r":(?P<choice>1h|tomorrow)")
REMINDER_DONE_TEMPLATE = r"taskbot:rdone:(?P<guild>\d{1,20}):(?P<reminder>\d{1,18})"


@dataclass(frozen=True)
class CardRef:
    guild_id: str
    number: int


@dataclass(frozen=True)
class ReminderRef:
    guild_id: str
    reminder_id: int


def snooze_id(ref: ReminderRef, choice: str) -> str:
    if choice not in SNOOZE_CHOICES:
        raise ValueError(f"unknown snooze choice {choice!r}")
    return f"taskbot:rsnooze:{ref.guild_id}:{ref.reminder_id}:{choice}"


def reminder_done_id(ref: ReminderRef) -> str:
    return f"taskbot:rdone:{ref.guild_id}:{ref.reminder_id}"


def button_id(action: str, card: CardRef) -> str:
    if action not in BUTTON_ACTIONS:
        raise ValueError(f"unknown button action {action!r}")
    return f"taskbot:{action}:{card.guild_id}:{card.number}"


def more_id(card: CardRef) -> str:
    return f"taskbot:more:{card.guild_id}:{card.number}"
