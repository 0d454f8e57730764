"""Check-ins on SQL (`StandupRepository`): a channel's check-in, participants and their
claims, runs and answers. Claims are conditional UPDATEs or unique inserts (see
`schedule_sql`): exactly one transaction wins on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import RowMapping, select, text, update
from sqlalchemy.orm import Session

from adapters.storage._sql import dialect_insert
from adapters.storage.orm import OutboxRow
from adapters.storage.schedule_sql import SqlScheduleBase, days_of, days_text, hm
from adapters.storage.standup_tables import ANSWERS, CHECKINS, LATE_SQL, PARTICIPANTS, RUNS
from core.scheduling.timecalc import parse_clock
from core.standup.model import (
    Answer,
    AnswerState,
    Checkin,
    Participant,
    Run,
    RunState,
)


def _checkin(r: RowMapping) -> Checkin:
    return Checkin(id=r["id"], tenant_id=r["tenant_id"], channel_id=r["channel_id"],
                   at=parse_clock(r["at"]), report_at=parse_clock(r["report_at"]), tz=r["tz"],
                   days=days_of(r["days"]), questions=tuple(json.loads(r["questions"])),
                   enabled=r["enabled"], created_by=r["created_by"])


def _participant(r: RowMapping) -> Participant:
    return Participant(id=r["id"], checkin_id=r["checkin_id"], member_id=r["member_id"],
                       active=r["active"], skip_until=r["skip_until"],
                       next_ask_at=r["next_ask_at"], last_asked_at=r["last_asked_at"])


def _run(r: RowMapping) -> Run:
    return Run(id=r["id"], checkin_id=r["checkin_id"], local_date=r["local_date"],
               report_at=r["report_at"], state=RunState(r["state"]),
               report_key=r["report_key"])


def _answer(r: RowMapping) -> Answer:
    return Answer(id=r["id"], run_id=r["run_id"], member_id=r["member_id"],
                  state=AnswerState(r["state"]), answers=tuple(r["answers"] or ()),
                  activity=dict(r["activity"] or {}), asked_at=r["asked_at"],
                  answered_at=r["answered_at"], late_pending=r["late_pending"],
                  revision=r["revision"])


class SqlStandupRepository(SqlScheduleBase):
    def _one(self, stmt: Any) -> RowMapping | None:
        return self.session.execute(stmt).mappings().first()

    def checkin_for(self, tenant_id: int, channel_id: str) -> Checkin | None:
        r = self._one(select(CHECKINS).where(CHECKINS.c.tenant_id == tenant_id,
                                             CHECKINS.c.channel_id == channel_id))
        return _checkin(r) if r else None

    def get_checkin(self, checkin_id: int) -> Checkin | None:
        r = self._one(select(CHECKINS).where(CHECKINS.c.id == checkin_id))
        return _checkin(r) if r else None

    def save_checkin(self, checkin: Checkin) -> Checkin:
        values = {"tenant_id": checkin.tenant_id, "channel_id": checkin.channel_id,
                  "at": hm(checkin.at), "report_at": hm(checkin.report_at), "tz": checkin.tz,
                  "days": days_text(checkin.days), "questions": json.dumps(checkin.questions),
                  "enabled": checkin.enabled, "created_by": checkin.created_by}
        stmt = dialect_insert(self.session, CHECKINS).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["tenant_id", "channel_id"],
                                          set_=values).returning(CHECKINS.c.id)
        checkin.id = self.session.execute(stmt).scalar_one()
        return checkin

    def participant(self, checkin_id: int, member_id: int) -> Participant | None:
        r = self._one(select(PARTICIPANTS).where(PARTICIPANTS.c.checkin_id == checkin_id,
                                                 PARTICIPANTS.c.member_id == member_id))
        return _participant(r) if r else None

    def participants(self, checkin_id: int) -> list[Participant]:
        rows = self.session.execute(select(PARTICIPANTS).where(
            PARTICIPANTS.c.checkin_id == checkin_id).order_by(PARTICIPANTS.c.id)).mappings()
        return [_participant(r) for r in rows]

    def save_participant(self, p: Participant) -> Participant:
        values = {"checkin_id": p.checkin_id, "member_id": p.member_id, "active": p.active,
                  "skip_until": p.skip_until, "next_ask_at": p.next_ask_at,
                  "last_asked_at": p.last_asked_at}
        stmt = dialect_insert(self.session, PARTICIPANTS).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["checkin_id", "member_id"],
                                          set_=values).returning(PARTICIPANTS.c.id)
        p.id = self.session.execute(stmt).scalar_one()
        return p

    def due_participants(self, now: dt.datetime, limit: int) -> list[Participant]:
        return [_participant(r) for r in self._due(PARTICIPANTS, "next_ask_at", now, limit)]

    def claim_ask(self, participant_id: int, expected: dt.datetime,
                  next_ask_at: dt.datetime | None, asked_at: dt.datetime | None) -> bool:
        values: dict[str, Any] = {"next_ask_at": next_ask_at}
        if asked_at is not None:
            values["last_asked_at"] = asked_at
        return self._claim(PARTICIPANTS, [PARTICIPANTS.c.id == participant_id,
                                          PARTICIPANTS.c.next_ask_at == expected], values)

    def get_or_add_run(self, run: Run) -> Run:
        stmt = dialect_insert(self.session, RUNS).values(
            checkin_id=run.checkin_id, local_date=run.local_date, report_at=run.report_at,
            due_at=run.report_at, state=RunState.OPEN.value)
        self.session.execute(stmt.on_conflict_do_nothing(
            index_elements=["checkin_id", "local_date"]))
        r = self._one(select(RUNS).where(RUNS.c.checkin_id == run.checkin_id,
                                         RUNS.c.local_date == run.local_date))
        assert r is not None
        return _run(r)

    def get_run(self, run_id: int) -> Run | None:
        r = self._one(select(RUNS).where(RUNS.c.id == run_id))
        return _run(r) if r else None

    def due_runs(self, now: dt.datetime, limit: int) -> list[Run]:
        return [_run(r) for r in self._due(RUNS, "due_at", now, limit)]

    def claim_run(self, run_id: int, report_key: str) -> bool:
        return self._claim(RUNS, [RUNS.c.id == run_id, RUNS.c.state == RunState.OPEN.value],
                           {"state": RunState.REPORTED.value, "due_at": None,
                            "report_key": report_key})

    def answers_of(self, run_id: int) -> list[Answer]:
        rows = self.session.execute(select(ANSWERS).where(ANSWERS.c.run_id == run_id)
                                    .order_by(ANSWERS.c.id)).mappings()
        return [_answer(r) for r in rows]

    def add_answer(self, answer: Answer) -> bool:
        stmt = dialect_insert(self.session, ANSWERS).values(
            run_id=answer.run_id, member_id=answer.member_id, state=answer.state.value,
            answers=list(answer.answers), activity=answer.activity, asked_at=answer.asked_at,
            answered_at=answer.answered_at, late_pending=False, revision=0)
        stmt = stmt.on_conflict_do_nothing(index_elements=["run_id", "member_id"])
        return self.session.execute(stmt.returning(ANSWERS.c.id)).first() is not None

    def save_answer(self, answer: Answer) -> None:
        self.session.execute(update(ANSWERS).where(ANSWERS.c.id == answer.id).values(
            state=answer.state.value, answers=list(answer.answers),
            answered_at=answer.answered_at, late_pending=answer.late_pending,
            revision=answer.revision))

    def latest_answer(self, member_id: int, checkin_id: int | None) -> Answer | None:
        stmt = select(ANSWERS).where(ANSWERS.c.member_id == member_id)
        if checkin_id is not None:
            stmt = stmt.where(ANSWERS.c.run_id.in_(
                select(RUNS.c.id).where(RUNS.c.checkin_id == checkin_id)))
        r = self._one(stmt.order_by(ANSWERS.c.asked_at.desc(), ANSWERS.c.id.desc()).limit(1))
        return _answer(r) if r else None

    def due_late(self, limit: int) -> list[Answer]:
        rows = self.session.execute(select(ANSWERS).where(text(LATE_SQL))  # the partial index
                                    .order_by(ANSWERS.c.id).limit(limit)).mappings()
        return [_answer(r) for r in rows]

    def claim_late(self, answer_id: int, revision: int) -> bool:
        return self._claim(ANSWERS, [ANSWERS.c.id == answer_id,
                                     ANSWERS.c.revision == revision,
                                     ANSWERS.c.late_pending.is_(True)],
                           {"late_pending": False})

    def posted_ref(self, dedupe_key: str) -> str | None:
        ref = self.session.execute(select(OutboxRow.message_ref).where(
            OutboxRow.dedupe_key == dedupe_key, OutboxRow.state == "sent")).scalar()
        return str(ref) if ref else None


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from core.standup.ports import StandupRepository

    def _conforms(session: Session) -> StandupRepository:
        return SqlStandupRepository(session)
