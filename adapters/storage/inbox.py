"""The request inbox: what a chat adapter acknowledged, written BEFORE the ack, so that a
stop or a crash never loses it (migration 0006).

A row is recorded already claimed by the process that received it (`claimed_by`, a
lease in `claimed_until`) and finished (`done`/`failed`) when its work and its answer are
done. A row left pending by a process that died is claimed again by another process (or by
the same one restarted) and replayed. Claiming is exclusive: a conditional UPDATE that
re-checks the claim (SQLite runs one writer at a time), after `SELECT ... FOR UPDATE SKIP
LOCKED` on PostgreSQL so replicas pass over each other's rows.

Each core call a request makes leaves a result row (`request_inbox_results`), written by
the call's `Receipt` inside the command's own transaction: a replay finds it and answers
with it instead of running the command again, so a crash never runs a command twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from adapters.storage.answer_notes import AnswerNotes
from adapters.storage.orm import Base
from core.ports import UnitOfWork
from core.receipts import Receipt, dump_results
from core.results import Result

PENDING, DONE, FAILED = "pending", "done", "failed"
KEY_MAX = 128


class InboxRow(Base):
    __tablename__ = "request_inbox"
    __table_args__ = (Index("ix_request_inbox_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_MAX), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime]
    answering_at: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class InboxResultRow(Base):
    __tablename__ = "request_inbox_results"

    inbox_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                          primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    results: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime]


INBOX = cast(Table, InboxRow.__table__)
RESULTS = cast(Table, InboxResultRow.__table__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Receipt:
    def __init__(self, inbox_id: int, seq: int) -> None:
        self.inbox_id, self.seq = inbox_id, seq

    def settle(self, uow: UnitOfWork, results: Sequence[Result]) -> None:
        session: Session = uow.session  # type: ignore[attr-defined]  # a SqlUnitOfWork's
        session.execute(insert(RESULTS).values(inbox_id=self.inbox_id, seq=self.seq,
                                               results=dump_results(results), at=_now()))


class SqlInbox:
    """Each method is its own short transaction (blocking: call it from a worker thread)."""

    def __init__(self, session_factory: sessionmaker[Session], platform: str,
                 notes: AnswerNotes | None = None) -> None:
        """`notes`: a SQLite sidecar for answer notes (see `answer_notes`); None keeps
        them on the inbox row."""
        self.session_factory = session_factory
        self.platform = platform
        self.notes = notes

    def record(self, key: str, team_id: str, kind: str, body: str, worker: str,
               lease: dt.timedelta) -> int | None:
        """The new row's id, claimed by `worker`; None when `key` was recorded before
        (a retry or a replay of the same request)."""
        now = _now()
        try:
            with self.session_factory.begin() as session:
                return int(session.execute(insert(INBOX).values(
                    key=key[:KEY_MAX], platform=self.platform, team_id=team_id[:64],
                    kind=kind[:32], body=body, state=PENDING, attempts=1, claimed_by=worker,
                    claimed_until=now + lease, received_at=now).returning(INBOX.c.id)
                ).scalar_one())
        except IntegrityError:
            return None

    def receipt(self, inbox_id: int, seq: int) -> Receipt:
        return _Receipt(inbox_id, seq)

    def result(self, inbox_id: int, seq: int) -> str | None:
        with self.session_factory() as session:
            return session.execute(select(RESULTS.c.results).where(
                RESULTS.c.inbox_id == inbox_id, RESULTS.c.seq == seq)).scalar_one_or_none()

    def note_now(self, inbox_id: int) -> bool:
        """Note the answer at once in the sidecar (True); False when there is none (then
        `answering`, in the background)."""
        if self.notes is None:
            return False
        self.notes.note(inbox_id)
        return True

    def answering(self, inbox_id: int) -> None:
        """The request's answer is about to be posted (see `claim`)."""
        if self.notes is not None:
            self.notes.note(inbox_id)
            return
        with self.session_factory.begin() as session:
            session.execute(update(INBOX).where(INBOX.c.id == inbox_id,
                                                INBOX.c.answering_at.is_(None))
                            .values(answering_at=_now()))

    def finish(self, inbox_id: int, error: str | None = None) -> None:
        with self.session_factory.begin() as session:
            session.execute(update(INBOX).where(INBOX.c.id == inbox_id).values(
                state=FAILED if error else DONE, done_at=_now(), error=error,
                claimed_by=None, claimed_until=None))

    def release(self, worker: str) -> int:
        """Give up `worker`'s unfinished rows (a drain that ran out of time): the next
        process to look claims them at once."""
        with self.session_factory.begin() as session:
            done = session.execute(update(INBOX).where(
                INBOX.c.state == PENDING, INBOX.c.claimed_by == worker,
                INBOX.c.platform == self.platform).values(claimed_by=None,
                                                          claimed_until=None))
            return int(getattr(done, "rowcount", 0) or 0)

    def claimers(self) -> list[str]:
        """Who holds pending rows now (to spot claims of processes that are gone)."""
        with self.session_factory() as session:
            return [str(w) for w in session.execute(
                select(INBOX.c.claimed_by).where(INBOX.c.state == PENDING,
                                                 INBOX.c.platform == self.platform,
                                                 INBOX.c.claimed_by.is_not(None))
                .distinct()).scalars()]

    def claim(self, worker: str, lease: dt.timedelta, limit: int,
              take_over: Collection[str] = (), max_attempts: int = 5
              ) -> list[tuple[int, str, bool]]:
        """Claim up to `limit` pending rows nobody holds (or whose lease ran out, or held by
        one of `take_over`: this worker's former self, a dead process); returns (id,
        body, whether its answer was being posted when its process stopped). A row
        already tried `max_attempts` times is marked failed instead."""
        now = _now()
        holders = [INBOX.c.claimed_by.is_(None), INBOX.c.claimed_until < now]
        if take_over:
            holders.append(INBOX.c.claimed_by.in_(list(take_over)))
        claimable = [INBOX.c.state == PENDING, INBOX.c.platform == self.platform,
                     or_(*holders)]
        with self.session_factory.begin() as session:
            candidates = select(INBOX.c.id).where(*claimable).order_by(INBOX.c.id).limit(limit)
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            ids = list(session.execute(candidates).scalars())
            if not ids:
                return []
            session.execute(update(INBOX).where(
                INBOX.c.id.in_(ids), INBOX.c.attempts >= max_attempts, *claimable).values(
                    state=FAILED, done_at=now, error="gave up after repeated attempts",
                    claimed_by=None, claimed_until=None))
            rows = session.execute(
                update(INBOX).where(INBOX.c.id.in_(ids), *claimable)
                .values(claimed_by=worker, claimed_until=now + lease,
                        attempts=INBOX.c.attempts + 1)
                .returning(INBOX.c.id, INBOX.c.body, INBOX.c.answering_at)).all()
            noted = self._fold_notes(session, [int(r[0]) for r in rows if r[2] is None])
        return sorted((int(r[0]), str(r[1]), r[2] is not None or int(r[0]) in noted)
                      for r in rows)

    def _fold_notes(self, session: Session, ids: list[int]) -> set[int]:
        """Which of `ids` the sidecar says were answered; noted on their rows too."""
        noted = self.notes.answered(ids) if self.notes is not None else set()
        if noted:
            session.execute(update(INBOX).where(INBOX.c.id.in_(sorted(noted)),
                                                INBOX.c.answering_at.is_(None))
                            .values(answering_at=_now()))
        return noted

    def prune(self, older_than: dt.timedelta) -> int:
        """Forget finished rows (and their results) received before now - `older_than`."""
        cutoff = _now() - older_than
        with self.session_factory.begin() as session:
            old = select(INBOX.c.id).where(INBOX.c.state != PENDING,
                                           INBOX.c.received_at < cutoff)
            if self.notes is not None:  # first: SQLite may give a pruned id out again
                self.notes.forget([int(i) for i in session.execute(old).scalars()])
            session.execute(delete(RESULTS).where(RESULTS.c.inbox_id.in_(old)))
            gone = session.execute(delete(INBOX).where(
                INBOX.c.state != PENDING, INBOX.c.received_at < cutoff))
            return int(getattr(gone, "rowcount", 0) or 0)

    def pending(self) -> int:
        with self.session_factory() as session:
            rows: Any = session.execute(select(INBOX.c.id).where(
                INBOX.c.state == PENDING, INBOX.c.platform == self.platform)).all()
            return len(rows)
