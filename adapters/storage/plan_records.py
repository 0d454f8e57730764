"""The project layer's records on SQL: time logs, baselines, decisions and the
early-warning state (mixed into `SqlPlanRepository`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, delete, func, select
from sqlalchemy.orm import Session

from adapters.storage._sql import PROJECTS, dialect_name, insert_for, p, statement
from adapters.storage.plan_tables import (
    BASELINES,
    DECISION_TASKS,
    DECISIONS,
    MILESTONES,
    PLAN_ALERTS,
    PLAN_TASKS,
    TIME_LOGS,
)
from adapters.storage.search_tables import index_decision
from core.plan_ports import BaselineRec, DecisionRec, TimeLog


@statement
def _watched() -> Any:
    return (select(MILESTONES.c.project_id)
            .join(PROJECTS, PROJECTS.c.id == MILESTONES.c.project_id)
            .where(MILESTONES.c.state == "open", MILESTONES.c.due_at.is_not(None),
                   PROJECTS.c.archived.is_(False), MILESTONES.c.project_id > p("after"))
            .group_by(MILESTONES.c.project_id).order_by(MILESTONES.c.project_id)
            .limit(p("limit")))


@statement
def _alert_keys() -> Any:
    return select(PLAN_ALERTS.c.key).where(PLAN_ALERTS.c.project_id == p("project"))


def _decision(r: RowMapping) -> DecisionRec:
    numbers = tuple(int(n) for n in str(r["numbers"] or "").split(",") if n.isdigit())
    return DecisionRec(id=r["id"], project_id=r["project_id"], member_id=r["member_id"],
                       at=r["at"], text=r["text"], numbers=numbers)


class SqlPlanRecords:
    session: Session

    # -- time logs ---------------------------------------------------------------------
    def add_log(self, tenant_id: int, log: TimeLog) -> None:
        self.session.execute(TIME_LOGS.insert().values(
            tenant_id=tenant_id, task_id=log.task_id, member_id=log.member_id, at=log.at,
            minutes=log.minutes, note=log.note))
        stmt = insert_for(dialect_name(self.session), PLAN_TASKS).values(
            task_id=log.task_id, tenant_id=tenant_id, logged_minutes=log.minutes)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=["task_id"],
            set_={"logged_minutes": PLAN_TASKS.c.logged_minutes + log.minutes}))

    def logs(self, task_id: int, limit: int) -> list[TimeLog]:
        rows = self.session.execute(
            select(TIME_LOGS).where(TIME_LOGS.c.task_id == task_id)
            .order_by(TIME_LOGS.c.id.desc()).limit(limit))
        found = [TimeLog(task_id=r["task_id"], member_id=r["member_id"], at=r["at"],
                         minutes=r["minutes"], note=r["note"]) for r in rows.mappings()]
        return found[::-1]

    # -- baselines ---------------------------------------------------------------------
    def baseline(self, project_id: int) -> BaselineRec | None:
        row = self.session.execute(select(BASELINES).where(
            BASELINES.c.project_id == project_id)).mappings().first()
        if row is None:
            return None
        return BaselineRec(project_id=row["project_id"], taken_at=row["taken_at"],
                           taken_by=row["taken_by"], data=dict(row["data"] or {}))

    def save_baseline(self, tenant_id: int, rec: BaselineRec) -> None:
        values = {"taken_at": rec.taken_at, "taken_by": rec.taken_by, "data": rec.data}
        stmt = insert_for(dialect_name(self.session), BASELINES).values(
            project_id=rec.project_id, tenant_id=tenant_id, **values)
        self.session.execute(stmt.on_conflict_do_update(index_elements=["project_id"],
                                                        set_=values))

    # -- decisions ---------------------------------------------------------------------
    def add_decision(self, tenant_id: int, rec: DecisionRec,
                     task_ids: Sequence[int]) -> DecisionRec:
        new_id = self.session.execute(DECISIONS.insert().values(
            tenant_id=tenant_id, project_id=rec.project_id, member_id=rec.member_id,
            at=rec.at, text=rec.text, numbers=",".join(str(n) for n in rec.numbers))
            .returning(DECISIONS.c.id)).scalar_one()
        if task_ids:
            self.session.execute(DECISION_TASKS.insert(), [
                {"decision_id": new_id, "task_id": t} for t in dict.fromkeys(task_ids)])
            for task_id in dict.fromkeys(task_ids):
                index_decision(self.session, task_id, rec.text)
        return DecisionRec(id=int(new_id), project_id=rec.project_id,
                           member_id=rec.member_id, at=rec.at, text=rec.text,
                           numbers=rec.numbers)

    def decisions(self, project_id: int, limit: int, offset: int = 0) -> list[DecisionRec]:
        rows = self.session.execute(
            select(DECISIONS).where(DECISIONS.c.project_id == project_id)
            .order_by(DECISIONS.c.id.desc()).limit(limit).offset(offset))
        return [_decision(r) for r in rows.mappings()]

    def decision_count(self, project_id: int) -> int:
        return int(self.session.execute(select(func.count()).select_from(DECISIONS).where(
            DECISIONS.c.project_id == project_id)).scalar_one())

    def decisions_of_task(self, task_id: int, limit: int) -> list[DecisionRec]:
        rows = self.session.execute(
            select(DECISIONS).join(DECISION_TASKS,
                                   DECISION_TASKS.c.decision_id == DECISIONS.c.id)
            .where(DECISION_TASKS.c.task_id == task_id)
            .order_by(DECISIONS.c.id.desc()).limit(limit))
        return [_decision(r) for r in rows.mappings()]

    # -- early-warning state -----------------------------------------------------------
    def projects_with_open_milestones(self, after_id: int, limit: int) -> list[int]:
        rows = self.session.execute(_watched(), {"after": after_id, "limit": limit})
        return [int(i) for i in rows.scalars()]

    def alert_keys(self, project_id: int) -> set[str]:
        rows = self.session.execute(_alert_keys(), {"project": project_id})
        return set(rows.scalars().all())  # fetched at once: a big project has hundreds

    def set_alert_keys(self, project_id: int, add: Sequence[str], remove: Sequence[str],
                       now: dt.datetime) -> tuple[set[str], set[str]]:
        removed: set[str] = set()
        added: set[str] = set()
        if remove:
            removed = set(self.session.execute(
                delete(PLAN_ALERTS).where(PLAN_ALERTS.c.project_id == project_id,
                                          PLAN_ALERTS.c.key.in_(set(remove)))
                .returning(PLAN_ALERTS.c.key)).scalars())
        if add:  # RETURNING names the rows this statement inserted (not the conflicts)
            stmt = insert_for(dialect_name(self.session), PLAN_ALERTS)
            added = set(self.session.execute(
                stmt.on_conflict_do_nothing(index_elements=["project_id", "key"])
                .returning(PLAN_ALERTS.c.key),
                [{"project_id": project_id, "key": k, "at": now} for k in dict.fromkeys(add)]
            ).scalars())
        return added, removed
