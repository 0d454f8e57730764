"""`/project export <name> csv|json`: the project's tasks through the same exporter as
`taskbot export` (core.transfer.export), read with the ordinary ports (a project is small:
a few batched queries plus one history read per task), returned as a `FileResult`."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.commands_transfer import ExportProject
from core.errors import UserError
from core.files import FilePayload
from core.filters.query import Person, ProjectTerm, Query, StatusTerm, Who
from core.find_ports import Asker, matching
from core.handlers.base import HandlerContext
from core.handlers.transfer_plan import with_plan
from core.model import Member, Project
from core.results_transfer import FileResult
from core.transfer.export import Exporter
from core.transfer.ports import PlanExport, SeriesRecord, TaskRecord

EXPORT_MAX = 5000
HISTORY_MAX = 1000
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class MemorySource:
    """An `ExportSource` over values already loaded."""

    platform: str
    workspace_id: str
    default_tz: str
    people: list[Member]
    project_list: list[Project]
    records: list[TaskRecord]
    series_list: list[SeriesRecord] = field(default_factory=list)
    plan_export: PlanExport = field(default_factory=PlanExport)

    def members(self) -> list[Member]:
        return self.people

    def projects(self) -> list[Project]:
        return self.project_list

    def task_batches(self, size: int, active_only: bool = False
                     ) -> Iterator[list[TaskRecord]]:
        chosen = [r for r in self.records if r.task.status.is_active or not active_only]
        for start in range(0, len(chosen), size):
            yield chosen[start:start + size]

    def series(self) -> list[SeriesRecord]:
        return self.series_list

    def plan(self) -> PlanExport:
        return self.plan_export


def export_project(h: HandlerContext, cmd: ExportProject) -> FileResult:
    project = h.project(cmd.name)
    query = Query(who=Who("all"), terms=(ProjectTerm((project.name,)),
                                         StatusTerm(("open", "done", "dropped"))))
    asker = Asker(h.actor.id, Person(user_id=h.actor.user_id))
    found = matching(h.uow, h.tenant.id, query, asker, h.now, EXPORT_MAX + 1)
    if len(found) > EXPORT_MAX:
        raise UserError(f"{project.name} has more than {EXPORT_MAX} tasks: export it with "
                        f"`taskbot export --filter \"project:{project.name}\"` instead.")
    found.sort(key=lambda t: t.number)
    blockers = h.uow.tasks.blocker_ids_of_many([t.id for t in found])
    numbers = {i: t.number for i, t in h.uow.tasks.get_by_ids(
        sorted({b for bs in blockers.values() for b in bs})).items()}
    records = [TaskRecord(task=t, history=h.uow.history.for_task(t.id, HISTORY_MAX),
                          blockers=[numbers[b] for b in blockers.get(t.id, []) if b in numbers])
               for t in found]
    records, plan, planners = with_plan(h, project, records)
    people = sorted({i for r in records for i in (r.task.creator_id, r.task.assignee_id,
                                                  *(x.actor_id for x in r.history))
                     if i is not None} | ({project.owner_id} if project.owner_id else set())
                    | planners)
    source = MemorySource(h.tenant.key.platform, h.tenant.key.workspace_id,
                          h.tenant.default_tz or "UTC",
                          list(h.uow.members.get_many(people).values()), [project], records,
                          plan_export=plan)
    exporter = Exporter(source, now=h.now)
    out = io.StringIO(newline="")
    count = exporter.write_csv(out) if cmd.format == "csv" else exporter.write_json(out)
    stem = _SAFE.sub("-", project.name).strip("-") or "project"
    message = f"{project.name}: {count} task{'s' if count != 1 else ''} as {cmd.format.upper()}."
    file = FilePayload.of(out.getvalue().encode(), f"{stem}-{h.now:%Y-%m-%d}.{cmd.format}",
                          "text/csv" if cmd.format == "csv" else "application/json",
                          title=f"{project.name} export ({cmd.format.upper()})", alt=message)
    return FileResult(message=message, file=file, viewer_tz=h.tz)


HANDLERS: dict[type[Any], Callable[..., Any]] = {ExportProject: export_project}
READ_ONLY: frozenset[type[Any]] = frozenset({ExportProject})
