"""The project layer in `taskbot export` / `taskbot import` on SQL (document version 2):
read a batch of tasks' plan facts and the workspace's targets, milestones, decisions and
baselines; write them back for the tasks an import adds, in the import's transaction.

Importing twice adds nothing here either: a milestone is matched by project and name, a
target or a baseline is set only where the project has none, a decision is skipped when
its project already has one with the same moment and text, and task facts and time logs
are written only for the tasks the import adds."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from adapters.storage.plan_tables import (
    BASELINES,
    DECISION_TASKS,
    DECISIONS,
    MILESTONES,
    PLAN_PROJECTS,
    PLAN_TASKS,
    TIME_LOGS,
)
from adapters.storage.repositories import name_key
from adapters.storage.search_tables import index_decision
from core.plan_ports import BaselineRec, DecisionRec, MilestoneRec, TimeLog
from core.planning.durations import Duration
from core.transfer.document import Document
from core.transfer.plan_doc import renumbered
from core.transfer.ports import PlanExport

TaskPlan = tuple[str | None, Duration | None, list[TimeLog]]


def task_plans(session: Session, ids: Sequence[int]) -> dict[int, TaskPlan]:
    """Each task's milestone name, estimate and time logs (oldest first)."""
    facts = session.execute(
        select(PLAN_TASKS.c.task_id, MILESTONES.c.name, PLAN_TASKS.c.estimate_minutes,
               PLAN_TASKS.c.estimate_days)
        .select_from(PLAN_TASKS.outerjoin(MILESTONES,
                                          MILESTONES.c.id == PLAN_TASKS.c.milestone_id))
        .where(PLAN_TASKS.c.task_id.in_(ids))).all()
    logs: dict[int, list[TimeLog]] = defaultdict(list)
    for r in session.execute(select(TIME_LOGS).where(TIME_LOGS.c.task_id.in_(ids))
                             .order_by(TIME_LOGS.c.task_id, TIME_LOGS.c.id)).mappings():
        logs[r["task_id"]].append(TimeLog(task_id=r["task_id"], member_id=r["member_id"],
                                          at=r["at"], minutes=r["minutes"], note=r["note"]))
    out: dict[int, TaskPlan] = {i: (None, None, logs[i]) for i in logs}
    for task_id, milestone, minutes, days in facts:
        estimate = (None if minutes is None and days is None
                    else Duration(minutes or 0, days or 0))
        out[task_id] = (milestone, estimate, logs.get(task_id, []))
    return out


def plan_export(session: Session, tenant_id: int) -> PlanExport:
    targets = {k: v for k, v in session.execute(select(
        PLAN_PROJECTS.c.project_id, PLAN_PROJECTS.c.target_at).where(
        PLAN_PROJECTS.c.tenant_id == tenant_id)) if v is not None}
    milestones = [MilestoneRec(id=r["id"], tenant_id=r["tenant_id"], project_id=r["project_id"],
                               name=r["name"], due_at=r["due_at"], state=r["state"])
                  for r in session.execute(select(MILESTONES).where(
                      MILESTONES.c.tenant_id == tenant_id)).mappings()]
    decisions = [DecisionRec(id=r["id"], project_id=r["project_id"], member_id=r["member_id"],
                             at=r["at"], text=r["text"],
                             numbers=tuple(int(n) for n in str(r["numbers"] or "").split(",")
                                           if n.isdigit()))
                 for r in session.execute(select(DECISIONS).where(
                     DECISIONS.c.tenant_id == tenant_id)).mappings()]
    baselines = [BaselineRec(project_id=r["project_id"], taken_at=r["taken_at"],
                             taken_by=r["taken_by"], data=dict(r["data"] or {}))
                 for r in session.execute(select(BASELINES).where(
                     BASELINES.c.tenant_id == tenant_id)).mappings()]
    return PlanExport(targets=targets, milestones=milestones, decisions=decisions,
                      baselines=baselines)


class PlanImport:
    """Writes a document's project layer into one tenant (`SqlImporter` calls it)."""

    def __init__(self, session: Session, tenant_id: int, people: dict[str, int],
                 projects: dict[str, int]) -> None:
        self.session, self.tenant_id = session, tenant_id
        self.people, self.projects = people, projects

    def _project(self, name: str) -> int:
        return self.projects[name.casefold()]

    def run(self, doc: Document, fresh_numbers: set[int], ids: dict[int, int],
            numbers: dict[int, int]) -> None:
        """`ids`: document number -> task row id; `numbers`: document number -> number in
        the workspace."""
        self._targets(doc)
        milestones = self._milestones(doc)
        facts, logs = [], []
        for t in doc.tasks:
            if t.number not in fresh_numbers:
                continue
            milestone = (milestones[self._project(t.project), name_key(t.milestone)]
                         if t.project and t.milestone else None)
            logged = sum(log.minutes for log in t.time_logs)
            if milestone or t.estimate_minutes is not None or t.estimate_days is not None \
                    or logged:
                facts.append({"task_id": ids[t.number], "tenant_id": self.tenant_id,
                              "milestone_id": milestone, "estimate_minutes": t.estimate_minutes,
                              "estimate_days": t.estimate_days, "logged_minutes": logged})
            logs += [{"tenant_id": self.tenant_id, "task_id": ids[t.number],
                      "member_id": self.people.get(log.person or ""), "at": log.at,
                      "minutes": log.minutes, "note": log.note} for log in t.time_logs]
        if facts:
            self.session.execute(insert(PLAN_TASKS), facts)
        if logs:
            self.session.execute(insert(TIME_LOGS), logs)
        self._decisions(doc, ids, numbers)
        self._baselines(doc, numbers)

    def _targets(self, doc: Document) -> None:
        have = set(self.session.execute(select(PLAN_PROJECTS.c.project_id).where(
            PLAN_PROJECTS.c.tenant_id == self.tenant_id)).scalars())
        rows = [{"project_id": self._project(p.name), "tenant_id": self.tenant_id,
                 "target_at": p.target_at} for p in doc.projects
                if p.target_at is not None and self._project(p.name) not in have]
        if rows:
            self.session.execute(insert(PLAN_PROJECTS), rows)

    def _milestones(self, doc: Document) -> dict[tuple[int, str], int]:
        known: dict[tuple[int, str], int] = {
            (r.project_id, r.name_key): r.id for r in self.session.execute(
                select(MILESTONES.c.id, MILESTONES.c.project_id, MILESTONES.c.name_key)
                .where(MILESTONES.c.tenant_id == self.tenant_id))}
        for m in doc.milestones:
            key = (self._project(m.project), name_key(m.name))
            if key not in known:
                known[key] = self.session.execute(insert(MILESTONES).values(
                    tenant_id=self.tenant_id, project_id=key[0], name=m.name,
                    name_key=key[1], due_at=m.due_at, state=m.state,
                    created_at=_first_moment(doc)).returning(MILESTONES.c.id)
                ).scalar_one()
        return known

    def _decisions(self, doc: Document, ids: dict[int, int], numbers: dict[int, int]
                   ) -> None:
        have = {(r.project_id, r.text, _utc(r.at)) for r in self.session.execute(
            select(DECISIONS.c.project_id, DECISIONS.c.text, DECISIONS.c.at)
            .where(DECISIONS.c.tenant_id == self.tenant_id))}
        for d in doc.decisions:
            project = self._project(d.project)
            if (project, d.text, _utc(d.at)) in have:
                continue
            new_id = self.session.execute(insert(DECISIONS).values(
                tenant_id=self.tenant_id, project_id=project,
                member_id=self.people.get(d.by or ""), at=d.at, text=d.text,
                numbers=",".join(str(numbers[n]) for n in d.tasks)).returning(DECISIONS.c.id)
            ).scalar_one()
            touched = list(dict.fromkeys(ids[n] for n in d.tasks))
            if touched:
                self.session.execute(insert(DECISION_TASKS), [
                    {"decision_id": new_id, "task_id": t} for t in touched])
            for task_id in touched:
                index_decision(self.session, task_id, d.text)

    def _baselines(self, doc: Document, numbers: dict[int, int]) -> None:
        have = set(self.session.execute(select(BASELINES.c.project_id).where(
            BASELINES.c.tenant_id == self.tenant_id)).scalars())
        for b in doc.baselines:
            project = self._project(b.project)
            if project in have:
                continue
            self.session.execute(insert(BASELINES).values(
                project_id=project, tenant_id=self.tenant_id, taken_at=b.taken_at,
                taken_by=self.people.get(b.taken_by or ""),
                data=renumbered(b.data, numbers)))


def _first_moment(doc: Document) -> dt.datetime:
    """A milestone's creation time (not in the document): its earliest task's, else now."""
    return min((t.created_at for t in doc.tasks), default=None) or dt.datetime.now(dt.UTC)


def _utc(at: dt.datetime) -> str:
    """The instant as naive UTC text: SQLite gives naive UTC back, PostgreSQL aware."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at.isoformat()
