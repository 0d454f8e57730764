"""The outbox: written by commands in their own transaction (`SqlOutbox.add`), drained by
the delivery worker (`SqlOutboxStore`, each method its own short transaction).

Claiming must hand each row to one worker only. PostgreSQL locks the candidate rows with
`SELECT ... FOR UPDATE SKIP LOCKED`, so concurrent workers pass over each other's rows.
SQLAlchemy silently drops SKIP LOCKED on SQLite, so there the claim is a conditional
`UPDATE ... WHERE id IN (...) AND (unclaimed or lease expired) RETURNING id`: SQLite runs
one writer at a time, and the rows the UPDATE returns are exactly the rows this worker got.

Each claim writes a fresh random `claim_token` beside `claimed_by`. Every `mark_*` is an
UPDATE conditional on both, so a worker whose lease ran out (a long pause, a hung send)
can never overwrite a row another worker has claimed since: its mark changes nothing and
returns False. A mark after the lease ran out but before anyone else claimed the row still
records (that is what keeps a sent message from going out twice).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import RowMapping, and_, delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.storage._sql import (
    MEMBERS,
    OUTBOX,
    TENANTS,
    dialect_name,
    insert_for,
    p,
    statement,
)
from core.delivery_notes import WAITING
from core.notifications import Notification
from core.ports import OutboxItem, OutboxState


@statement
def _insert(dialect: str, deduped: bool) -> Any:
    stmt = insert_for(dialect, OUTBOX).values(
        platform=p("platform"), workspace_id=p("workspace"), kind=p("kind"),
        payload=p("payload"), dedupe_key=p("dedupe_key"), state=OutboxState.PENDING.value,
        attempts=0, next_attempt_at=p("next_at"), created_at=p("now"))
    if deduped:
        stmt = stmt.on_conflict_do_nothing(index_elements=["dedupe_key"])
    return stmt.returning(OUTBOX.c.id)


class SqlOutbox:
    """The write side, inside a command's unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, note: Notification, now: dt.datetime) -> bool:
        stmt = _insert(dialect_name(self.session), note.dedupe_key is not None)
        return self.session.execute(stmt, {
            "platform": note.platform, "workspace": note.workspace_id,
            "kind": note.kind.value, "payload": note.model_dump(mode="json"),
            "dedupe_key": note.dedupe_key, "next_at": note.not_before or now, "now": now,
        }).first() is not None


def _item(r: RowMapping) -> OutboxItem | None:
    """The row as an item; None when its payload no longer reads as a `Notification`
    (written by an incompatible version): such a row must not stop the whole outbox."""
    try:
        note = Notification.model_validate(r["payload"])
    except ValidationError:
        return None
    return OutboxItem(id=r["id"], notification=note, attempts=r["attempts"],
                      state=OutboxState(r["state"]), last_error=r["last_error"],
                      failing_since=r["failing_since"], claimed_by=r["claimed_by"],
                      claim_token=r["claim_token"], claimed_until=r["claimed_until"])


_ERROR_MAX = 2000


class SqlOutboxStore:
    """The delivery side: claim due rows and record what happened to each."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def claim(self, worker: str, now: dt.datetime, limit: int, lease: dt.timedelta,
              platforms: Sequence[str] | None = None,
              skip: Sequence[tuple[str, str]] = ()) -> list[OutboxItem]:
        claimable = [OUTBOX.c.state == OutboxState.PENDING.value,
                     OUTBOX.c.next_attempt_at <= now,
                     or_(OUTBOX.c.claimed_by.is_(None), OUTBOX.c.claimed_until < now)]
        if platforms is not None:
            claimable.append(OUTBOX.c.platform.in_(list(platforms)))
        claimable.extend(~and_(OUTBOX.c.platform == platform,
                               OUTBOX.c.workspace_id == workspace)
                         for platform, workspace in skip)
        with self.session_factory.begin() as session:
            candidates = (select(OUTBOX.c.id).where(*claimable)
                          .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id).limit(limit))
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            ids = list(session.execute(candidates).scalars())
            if not ids:
                return []
            rows = session.execute(
                update(OUTBOX).where(OUTBOX.c.id.in_(ids), *claimable)
                .values(claimed_by=worker, claimed_until=now + lease,
                        claim_token=secrets.token_hex(8))
                .returning(*OUTBOX.c)).mappings().all()
            items = [(r["id"], _item(r)) for r in rows]
            unreadable = [row_id for row_id, item in items if item is None]
            if unreadable:
                session.execute(update(OUTBOX).where(OUTBOX.c.id.in_(unreadable)).values(
                    state=OutboxState.DEAD.value, last_error="unreadable payload",
                    claimed_by=None, claimed_until=None, claim_token=None))
        order = {row_id: k for k, row_id in enumerate(ids)}
        return sorted((i for _, i in items if i is not None), key=lambda i: order[i.id])

    def _set(self, item: OutboxItem, **values: Any) -> bool:
        """Record an outcome only while `item`'s claim still holds the row."""
        if item.claimed_by is None or item.claim_token is None:
            return False
        with self.session_factory.begin() as session:
            done = session.execute(
                update(OUTBOX).where(OUTBOX.c.id == item.id,
                                     OUTBOX.c.claimed_by == item.claimed_by,
                                     OUTBOX.c.claim_token == item.claim_token)
                .values(claimed_by=None, claimed_until=None, claim_token=None, **values))
        return int(getattr(done, "rowcount", 0) or 0) == 1

    def mark_sent(self, item: OutboxItem, now: dt.datetime, message_ref: str | None) -> bool:
        return self._set(item, state=OutboxState.SENT.value, sent_at=now,
                         message_ref=message_ref, attempts=OUTBOX.c.attempts + 1)

    def mark_retry(self, item: OutboxItem, now: dt.datetime, next_at: dt.datetime, error: str,
                   *, failed: bool) -> bool:
        counted: dict[str, Any] = {}
        if failed:
            counted = {"attempts": OUTBOX.c.attempts + 1,
                       "failing_since": func.coalesce(OUTBOX.c.failing_since, now)}
        return self._set(item, next_attempt_at=next_at, last_error=error[:_ERROR_MAX],
                         **counted)

    def mark_dead(self, item: OutboxItem, now: dt.datetime, error: str) -> bool:
        return self._set(item, state=OutboxState.DEAD.value, attempts=OUTBOX.c.attempts + 1,
                         last_error=error[:_ERROR_MAX])

    def release_claims(self, worker: str) -> int:
        with self.session_factory.begin() as session:
            done = session.execute(
                update(OUTBOX).where(OUTBOX.c.claimed_by == worker,
                                     OUTBOX.c.state == OutboxState.PENDING.value)
                .values(claimed_by=None, claimed_until=None, claim_token=None))
        return int(getattr(done, "rowcount", 0) or 0)

    def retry_now(self, platform: str, workspace_id: str, failed_since: dt.datetime,
                  now: dt.datetime) -> int:
        with self.session_factory.begin() as session:
            done = session.execute(
                update(OUTBOX).where(OUTBOX.c.platform == platform,
                                     OUTBOX.c.workspace_id == workspace_id,
                                     OUTBOX.c.state == OutboxState.PENDING.value,
                                     or_(OUTBOX.c.failing_since >= failed_since,
                                         OUTBOX.c.last_error.like(f"{WAITING}%")),
                                     OUTBOX.c.next_attempt_at > now,
                                     OUTBOX.c.claimed_by.is_(None))
                .values(next_attempt_at=now))
        return int(getattr(done, "rowcount", 0) or 0)

    def mark_unreachable(self, platform: str, workspace_id: str, user_id: str) -> None:
        tenant = (select(TENANTS.c.id).where(TENANTS.c.platform == platform,
                                             TENANTS.c.workspace_id == workspace_id)
                  .scalar_subquery())
        with self.session_factory.begin() as session:
            session.execute(update(MEMBERS).where(MEMBERS.c.tenant_id == tenant,
                                                  MEMBERS.c.user_id == user_id)
                            .values(dm_unreachable=True))

    def recent(self, platform: str, workspace_id: str, state: OutboxState | str | None = None,
               limit: int = 20) -> list[OutboxItem]:
        """The tenant's newest outbox rows (optionally of one state): for admins asking
        what was delivered, what is waiting and what died."""
        stmt = select(OUTBOX).where(OUTBOX.c.platform == platform,
                                    OUTBOX.c.workspace_id == workspace_id)
        if state is not None:
            stmt = stmt.where(OUTBOX.c.state == OutboxState(state).value)
        with self.session_factory() as session:
            rows = session.execute(stmt.order_by(OUTBOX.c.id.desc()).limit(limit)).mappings()
            return [item for r in rows if (item := _item(r)) is not None]

    def purge(self, before: dt.datetime, batch: int = 5000) -> int:
        """Delete sent and dead rows created before `before` (retention); returns how many.
        Dedupe keys of purged rows may be queued again, so keep longer than any key's
        meaning (a digest's day, a reminder's occurrence). One transaction per batch."""
        total = 0
        while True:
            with self.session_factory.begin() as session:
                gone = purge_finished(session, before, batch)
            total += gone
            if gone < batch:
                return total


def purge_finished(session: Session, before: dt.datetime, limit: int) -> int:
    """Delete up to `limit` sent or dead rows created before `before`, oldest ids first.
    Ids grow with `created_at`, so walking the primary key from the start finds the old
    finished rows first: a batch costs about `limit` rows read, not a scan of the outbox."""
    ids = (select(OUTBOX.c.id)
           .where(OUTBOX.c.state.in_([OutboxState.SENT.value, OutboxState.DEAD.value]),
                  OUTBOX.c.created_at < before)
           .order_by(OUTBOX.c.id).limit(limit))
    gone = session.execute(delete(OUTBOX).where(OUTBOX.c.id.in_(ids.scalar_subquery()))
                           .execution_options(synchronize_session=False))
    return int(getattr(gone, "rowcount", 0) or 0)
