"""Channels' standup digests on SQL: their schedules and claims (`DigestRepository`), and
the tasks one digest talks about."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import RowMapping, or_, select, text
from sqlalchemy.orm import Session

from adapters.storage._sql import DEPS, PROJECTS, TASKS, dialect_insert
from adapters.storage.orm import ACTIVE_SQL, CLOSED_SQL
from adapters.storage.schedule_sql import SqlScheduleBase, days_of, days_text, hm
from adapters.storage.schedule_tables import DIGESTS
from adapters.storage.tasks import SqlTaskRepository
from core.model import Task
from core.scheduling.model import DigestSchedule
from core.scheduling.ports import DigestData
from core.scheduling.timecalc import parse_clock


def _digest(r: RowMapping) -> DigestSchedule:
    return DigestSchedule(id=r["id"], tenant_id=r["tenant_id"], channel_id=r["channel_id"],
                          at=parse_clock(r["at"]), tz=r["tz"], days=days_of(r["days"]),
                          enabled=r["enabled"], next_run_at=r["next_run_at"],
                          last_sent_at=r["last_sent_at"], created_by=r["created_by"])


class SqlDigestRepository(SqlScheduleBase):
    def digest_for(self, tenant_id: int, channel_id: str) -> DigestSchedule | None:
        row = self.session.execute(select(DIGESTS).where(
            DIGESTS.c.tenant_id == tenant_id, DIGESTS.c.channel_id == channel_id)).mappings()
        found = row.first()
        return _digest(found) if found else None

    def save_digest(self, sched: DigestSchedule) -> DigestSchedule:
        values = {"tenant_id": sched.tenant_id, "channel_id": sched.channel_id,
                  "at": hm(sched.at), "tz": sched.tz, "days": days_text(sched.days),
                  "enabled": sched.enabled,
                  "next_run_at": sched.next_run_at if sched.enabled else None,
                  "last_sent_at": sched.last_sent_at, "created_by": sched.created_by}
        stmt = dialect_insert(self.session, DIGESTS).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["tenant_id", "channel_id"],
                                          set_=values).returning(DIGESTS.c.id)
        sched.id = self.session.execute(stmt).scalar_one()
        return sched

    def due_digests(self, now: dt.datetime, limit: int) -> list[DigestSchedule]:
        return [_digest(r) for r in self._due(DIGESTS, "next_run_at", now, limit)]

    def claim_digest(self, digest_id: int, expected: dt.datetime,
                     next_run_at: dt.datetime, sent_at: dt.datetime | None) -> bool:
        values: dict[str, Any] = {"next_run_at": next_run_at}
        if sent_at is not None:
            values["last_sent_at"] = sent_at
        return self._claim(DIGESTS, [DIGESTS.c.id == digest_id,
                                     DIGESTS.c.next_run_at == expected], values)

    def digest_data(self, tenant_id: int, channel_id: str, since: dt.datetime | None,
                    now: dt.datetime) -> DigestData:
        """Tasks created in the channel or in projects whose home is the channel: the active
        ones, the ones closed since `since`, and the blockers of the active ones."""
        homed = select(PROJECTS.c.id).where(PROJECTS.c.tenant_id == tenant_id,
                                            PROJECTS.c.channel_id == channel_id)
        scope = or_(TASKS.c.channel_id == channel_id, TASKS.c.project_id.in_(homed))
        repo = SqlTaskRepository(self.session)  # its public mapping of rows to tasks
        start = since or now - dt.timedelta(days=1)
        active_ids = list(self.session.execute(select(TASKS.c.id).where(
            TASKS.c.tenant_id == tenant_id, text(ACTIVE_SQL), scope)).scalars())
        done_ids = list(self.session.execute(select(TASKS.c.id).where(
            TASKS.c.tenant_id == tenant_id, text(CLOSED_SQL), scope,
            TASKS.c.done_at > start)).scalars())
        known = repo.get_by_ids(active_ids + done_ids)
        active = [known[i] for i in active_ids if i in known]
        finished = [known[i] for i in done_ids if i in known]
        edges: list[tuple[int, int]] = []
        ids = [t.id for t in active]
        for i in range(0, len(ids), 500):
            edges.extend((blocked, blocker) for blocked, blocker in self.session.execute(
                select(DEPS.c.blocked_id, DEPS.c.blocker_id)
                .where(DEPS.c.blocked_id.in_(ids[i:i + 500]))))
        missing = sorted({b for _, b in edges if b not in known})
        if missing:
            known.update(repo.get_by_ids(missing))
        blockers: dict[int, list[Task]] = {}
        for blocked, blocker in edges:
            if blocker in known:
                blockers.setdefault(blocked, []).append(known[blocker])
        return DigestData(active=active, finished=finished, blockers=blockers)


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from core.scheduling.ports import DigestRepository

    def _conforms(session: Session) -> DigestRepository:
        return SqlDigestRepository(session)
