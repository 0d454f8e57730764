"""Workspaces and people as the scheduler sees them, on SQL (`PeopleRepository`): tenants
by id, delivery preferences, and `/task away off` releasing what the away period held."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import RowMapping, select, update
from sqlalchemy.orm import Session

from adapters.storage._sql import OUTBOX, TASKS, TENANTS, many, p, statement
from adapters.storage.schedule_sql import SqlScheduleBase, days_of, days_text, hm
from adapters.storage.schedule_tables import ALERTS, PREFS, REMINDERS
from core.model import Tenant, TenantKey
from core.ports import OutboxState
from core.scheduling.model import Prefs, ReminderState
from core.scheduling.timecalc import parse_clock

HELD_SCAN = 5000
"""At most this many held rows are looked at per kind: one person's backlog from an away
period, read through the `next_at` indexes by the exact instant they were held to."""


def _prefs(r: RowMapping) -> Prefs:
    return Prefs(member_id=r["member_id"], tenant_id=r["tenant_id"],
                 due_soon_hours=r["due_soon_hours"], work_days=days_of(r["work_days"]),
                 work_start=parse_clock(r["work_start"]), work_end=parse_clock(r["work_end"]),
                 away_until=r["away_until"], stored=True)


@statement
def _prefs_of() -> Any:
    """Built once: every forecast reads its people's working hours."""
    return select(PREFS).where(PREFS.c.tenant_id == p("tenant"),
                               PREFS.c.member_id.in_(many("ids")))


class SqlPeopleRepository(SqlScheduleBase):
    def tenant(self, tenant_id: int) -> Tenant | None:
        r = self.session.execute(select(TENANTS).where(TENANTS.c.id == tenant_id)).mappings()
        row = r.first()
        if row is None:
            return None
        return Tenant(id=row["id"], key=TenantKey(row["platform"], row["workspace_id"]),
                      default_tz=row["default_tz"])

    def prefs_of(self, tenant_id: int, member_ids: Sequence[int]) -> dict[int, Prefs]:
        if not member_ids:
            return {}
        rows = self.session.execute(_prefs_of(), {"tenant": tenant_id,
                                                  "ids": sorted(set(member_ids))})
        return {r["member_id"]: _prefs(r) for r in rows.mappings()}

    def save_prefs(self, prefs: Prefs) -> None:
        self._upsert(PREFS, "member_id", {
            "member_id": prefs.member_id, "tenant_id": prefs.tenant_id,
            "due_soon_hours": prefs.due_soon_hours, "work_days": days_text(prefs.work_days),
            "work_start": hm(prefs.work_start), "work_end": hm(prefs.work_end),
            "away_until": prefs.away_until})

    def release_held(self, tenant_id: int, member_id: int, user_id: str, platform: str,
                     workspace_id: str, held_at: dt.datetime, release_at: dt.datetime) -> int:
        """Move what was held to `held_at` (the first moment after an away period) to
        `release_at`: pending reminders, task alerts of which the person is the recipient,
        and DMs waiting in the outbox. Returns how many were moved."""
        moved = 0
        result = self.session.execute(
            update(REMINDERS).where(REMINDERS.c.tenant_id == tenant_id,
                                    REMINDERS.c.member_id == member_id,
                                    REMINDERS.c.state == ReminderState.PENDING.value,
                                    REMINDERS.c.next_at == held_at)
            .values(next_at=release_at))
        moved += int(getattr(result, "rowcount", 0) or 0)
        alert_ids = list(self.session.execute(
            select(ALERTS.c.task_id).join(TASKS, TASKS.c.id == ALERTS.c.task_id)
            .where(ALERTS.c.next_at == held_at, ALERTS.c.tenant_id == tenant_id,
                   (TASKS.c.assignee_id == member_id)
                   | (TASKS.c.assignee_id.is_(None) & (TASKS.c.creator_id == member_id)))
            .limit(HELD_SCAN)).scalars())
        if alert_ids:
            self.session.execute(update(ALERTS).where(ALERTS.c.task_id.in_(alert_ids))
                                 .values(next_at=release_at))
            moved += len(alert_ids)
        return moved + self._release_outbox(user_id, platform, workspace_id, held_at,
                                            release_at)

    def _release_outbox(self, user_id: str, platform: str, workspace_id: str,
                        held_at: dt.datetime, release_at: dt.datetime) -> int:
        rows = self.session.execute(
            select(OUTBOX.c.id, OUTBOX.c.payload).where(
                OUTBOX.c.state == OutboxState.PENDING.value,
                OUTBOX.c.next_attempt_at == held_at, OUTBOX.c.attempts == 0,
                OUTBOX.c.platform == platform, OUTBOX.c.workspace_id == workspace_id)
            .limit(HELD_SCAN)).all()
        moved = 0
        for row_id, payload in rows:
            if not isinstance(payload, dict) or payload.get("user_id") != user_id:
                continue
            self.session.execute(update(OUTBOX).where(OUTBOX.c.id == row_id).values(
                next_attempt_at=release_at, payload={**payload, "not_before": None}))
            moved += 1
        return moved


if TYPE_CHECKING:  # mypy proves the adapter satisfies the core's port
    from core.scheduling.ports import PeopleRepository

    def _conforms(session: Session) -> PeopleRepository:
        return SqlPeopleRepository(session)
