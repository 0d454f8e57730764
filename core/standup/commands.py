"""`/standup` commands: frozen pydantic models built by `core.grammar.standup` and by the
Discord options and the Slack and Discord answer forms."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from core.scheduling.commands import Weekday
from core.standup.model import ANSWER_MAX, MAX_QUESTIONS, QUESTION_MAX
from core.text import CommandModel

Question = Annotated[str, Field(min_length=1, max_length=QUESTION_MAX)]
AnswerText = Annotated[str, Field(max_length=ANSWER_MAX)]


class SetStandup(CommandModel):
    """`/standup here at 09:30 [Area/City] [days] [report:10:30] [questions:"A?|B?"]`."""

    at: dt.time
    tz: str | None = None
    days: tuple[Weekday, ...] | None = None
    report_at: dt.time | None = None
    questions: tuple[Question, ...] | None = Field(default=None, min_length=1,
                                                   max_length=MAX_QUESTIONS)


class StandupJoin(CommandModel):
    pass


class StandupLeave(CommandModel):
    pass


class StandupSkip(CommandModel):
    """Skip today, or through a day (`until` is text read in the actor's zone)."""

    until: str | None = None


class StandupShow(CommandModel):
    pass


class StandupOff(CommandModel):
    pass


class StandupAnswer(CommandModel):
    """Answers, one per question. `channel_id`: whose check-in (the DM's button and form
    carry it; typed in a channel it is that channel's; None: your latest)."""

    answers: tuple[AnswerText, ...] = Field(min_length=1, max_length=MAX_QUESTIONS)
    channel_id: str | None = Field(default=None, max_length=64)


class StandupForm(CommandModel):
    """The questions of your latest check-in and what to pre-fill (a form is opening)."""

    channel_id: str | None = Field(default=None, max_length=64)
