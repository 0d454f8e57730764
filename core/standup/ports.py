"""What check-ins need from storage (`uow.standups`, on the unit of work's transaction, so
a claim, the answer rows it writes and the outbox rows it queues commit together).

Claims are conditional updates or unique inserts: they return False when another replica
(or a retried tick) got there first, and the caller then does nothing."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, cast

from core.ports import UnitOfWork
from core.scheduling.ports import ScheduleUnitOfWork
from core.standup.model import Answer, Checkin, Participant, Run


class StandupRepository(Protocol):
    def checkin_for(self, tenant_id: int, channel_id: str) -> Checkin | None: ...
    def get_checkin(self, checkin_id: int) -> Checkin | None: ...
    def save_checkin(self, checkin: Checkin) -> Checkin: ...
    def participant(self, checkin_id: int, member_id: int) -> Participant | None: ...
    def participants(self, checkin_id: int) -> list[Participant]: ...
    def save_participant(self, p: Participant) -> Participant: ...
    def due_participants(self, now: dt.datetime, limit: int) -> list[Participant]: ...
    def claim_ask(self, participant_id: int, expected: dt.datetime,
                  next_ask_at: dt.datetime | None, asked_at: dt.datetime | None) -> bool:
        """Move `next_ask_at` from `expected` on (recording `asked_at` when asked)."""
        ...
    def get_or_add_run(self, run: Run) -> Run:
        """The run of (checkin, local date): the stored one, or `run` inserted."""
        ...
    def get_run(self, run_id: int) -> Run | None: ...
    def due_runs(self, now: dt.datetime, limit: int) -> list[Run]:
        """Open runs whose report time came."""
        ...
    def claim_run(self, run_id: int, report_key: str) -> bool:
        """Open -> reported; False when another tick reported it."""
        ...
    def answers_of(self, run_id: int) -> list[Answer]: ...
    def add_answer(self, answer: Answer) -> bool:
        """Insert the (run, member) row; False when it exists (asked already)."""
        ...
    def save_answer(self, answer: Answer) -> None: ...
    def latest_answer(self, member_id: int, checkin_id: int | None) -> Answer | None:
        """The person's most recent check-in row (of that check-in, or any)."""
        ...
    def due_late(self, limit: int) -> list[Answer]:
        """Answers given after their report and not yet added to it."""
        ...
    def claim_late(self, answer_id: int, revision: int) -> bool: ...
    def posted_ref(self, dedupe_key: str) -> str | None:
        """Where the outbox posted the message with this key (None: not yet sent)."""
        ...


class StandupUnitOfWork(ScheduleUnitOfWork, Protocol):
    standups: StandupRepository


def standups_of(uow: UnitOfWork) -> StandupUnitOfWork | None:
    """The unit of work as the check-ins' (None when it carries no check-in storage, as
    the scheduler's in-memory fakes do)."""
    if getattr(uow, "standups", None) is None or getattr(uow, "digests", None) is None:
        return None
    return cast(StandupUnitOfWork, uow)
