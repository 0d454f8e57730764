"""Read-only queries the scheduler runs on other tables: one channel's tasks for its
digest, the task-history change feed, tenants by id, and the outbox for admins."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from adapters.storage._sql import DEPS, HISTORY, OUTBOX, PROJECTS, TASKS, TENANTS
from adapters.storage.orm import ACTIVE_SQL, CLOSED_SQL
from adapters.storage.tasks import SqlTaskRepository
from core.model import Task, Tenant, TenantKey
from core.notifications import Notification
from core.ports import OutboxItem, OutboxState
from core.scheduling.ports import DigestData

FEED_OVERLAP = 200
"""History ids re-read behind the cursor: on PostgreSQL a transaction holding a lower id can
commit after one holding a higher id; re-reading a little is cheap and idempotent."""


class ScheduleQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def tenant(self, tenant_id: int) -> Tenant | None:
        r = self.session.execute(select(TENANTS).where(TENANTS.c.id == tenant_id)).mappings()
        row = r.first()
        if row is None:
            return None
        return Tenant(id=row["id"], key=TenantKey(row["platform"], row["workspace_id"]),
                      default_tz=row["default_tz"])

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

    def changed_tasks(self, after_id: int, limit: int,
                      overlap: bool = True) -> tuple[list[int], int]:
        behind = FEED_OVERLAP if overlap else 0
        rows = self.session.execute(
            select(HISTORY.c.id, HISTORY.c.task_id)
            .where(HISTORY.c.id > max(0, after_id - behind))
            .order_by(HISTORY.c.id).limit(limit + behind)).all()
        if not rows:
            return [], after_id
        return list(dict.fromkeys(r.task_id for r in rows)), max(after_id, rows[-1].id)

    def latest_history_id(self) -> int:
        return int(self.session.execute(select(func.max(HISTORY.c.id))).scalar() or 0)

    def deliveries(self, platform: str, workspace_id: str, state: str | None,
                   limit: int) -> list[OutboxItem]:
        stmt = select(OUTBOX).where(OUTBOX.c.platform == platform,
                                    OUTBOX.c.workspace_id == workspace_id)
        if state is not None:
            stmt = stmt.where(OUTBOX.c.state == OutboxState(state).value)
        rows = self.session.execute(stmt.order_by(OUTBOX.c.id.desc()).limit(limit)).mappings()
        items = []
        for r in rows:
            try:
                note = Notification.model_validate(r["payload"])
            except ValidationError:  # written by an incompatible version: skip it
                continue
            items.append(OutboxItem(id=r["id"], notification=note, attempts=r["attempts"],
                                    state=OutboxState(r["state"]),
                                    last_error=r["last_error"]))
        return items

    def delivery_counts(self, platform: str, workspace_id: str) -> dict[str, int]:
        rows = self.session.execute(
            select(OUTBOX.c.state, func.count()).where(
                OUTBOX.c.platform == platform, OUTBOX.c.workspace_id == workspace_id)
            .group_by(OUTBOX.c.state)).all()
        return {state: count for state, count in rows}
