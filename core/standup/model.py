"""The check-in's records: a channel's check-in, its participants, one run per channel day,
and one answer row per person asked that day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from core.scheduling.model import WEEKDAYS

DEFAULT_QUESTIONS: tuple[str, ...] = ("What did you finish?", "What's next?",
                                      "Anything blocking you?")
MAX_QUESTIONS = 5
"""Discord's modal holds at most five text inputs; every surface keeps the same cap."""
QUESTION_MAX = 150
ANSWER_MAX = 1000
DEFAULT_REPORT_AFTER = dt.timedelta(hours=1)


@dataclass
class Checkin:
    """One channel's check-in: questions at `at` in each participant's zone on `days`,
    the report at `report_at` in the channel's zone `tz`."""

    id: int
    tenant_id: int
    channel_id: str
    at: dt.time
    report_at: dt.time
    tz: str
    days: tuple[int, ...] = WEEKDAYS
    questions: tuple[str, ...] = DEFAULT_QUESTIONS
    enabled: bool = True
    created_by: int | None = None


@dataclass
class Participant:
    """A person in a check-in. `next_ask_at`: the UTC instant of their next questions
    (NULL when they left); ticks claim it with a conditional update."""

    id: int
    checkin_id: int
    member_id: int
    active: bool = True
    skip_until: dt.date | None = None
    """Skipped through this local date (inclusive)."""
    next_ask_at: dt.datetime | None = None
    last_asked_at: dt.datetime | None = None


class RunState(StrEnum):
    OPEN = "open"
    REPORTED = "reported"


@dataclass
class Run:
    """One check-in day (the channel's date label): its report instant and, once posted,
    the outbox key of the report (late answers reply in its thread)."""

    id: int
    checkin_id: int
    local_date: dt.date
    report_at: dt.datetime
    state: RunState = RunState.OPEN
    report_key: str | None = None


class AnswerState(StrEnum):
    ASKED = "asked"
    ANSWERED = "answered"
    AWAY = "away"
    SKIPPED = "skipped"


@dataclass
class Answer:
    """One person's check-in on one day. `late_pending`: answered after the report and not
    yet added to it (the tick posts it in the report's thread); `revision` counts answers."""

    id: int
    run_id: int
    member_id: int
    state: AnswerState = AnswerState.ASKED
    answers: tuple[str, ...] = ()
    activity: dict[str, object] = field(default_factory=dict)
    asked_at: dt.datetime | None = None
    answered_at: dt.datetime | None = None
    late_pending: bool = False
    revision: int = 0
