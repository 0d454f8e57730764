"""Writing an export: the taskbot JSON document (`core.transfer.document`) or CSV, streamed
one batch of tasks at a time from an `ExportSource`, in a fixed order (members by id,
projects by name, tasks by number, history oldest first), so the same data always gives the
same bytes. A filter (`core.filters`) keeps only the tasks it selects; their dependencies
on tasks left out are dropped, so the document stays importable."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from core.filters.evaluate import matches
from core.filters.query import Person, Query, Who
from core.matching import facts_of
from core.model import Member, Project
from core.transfer.document import VERSION
from core.transfer.ports import ExportSource, SeriesRecord, TaskRecord

BATCH = 2000
EXTERNAL_ID = "external_id"
"""The key in a task's `extra` that keeps the id it was imported with."""
CSV_COLUMNS = ("number", "id", "title", "status", "priority", "assignee", "project",
               "due_at", "created_at", "started_at", "done_at", "depends_on", "creator",
               "description")


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat()[:-6] + "Z"  # "+00:00" -> "Z"


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class Exporter:
    """One export of one workspace. `query`: keep only what it selects (who defaults to
    everyone: an export has no "me")."""

    def __init__(self, source: ExportSource, query: Query | None = None,
                 now: dt.datetime | None = None) -> None:
        self.source = source
        self.query = (dataclasses.replace(query, who=query.who or Who("all"))
                      if query is not None else None)
        self.now = now or dt.datetime.now(dt.UTC)
        self.members: dict[int, Member] = {m.id: m for m in source.members()}
        self.projects: dict[int, Project] = {p.id: p for p in source.projects()}
        self._kept: set[int] | None = None
        self.plan = source.plan()

    def _user(self, member_id: int | None) -> str | None:
        member = self.members.get(member_id) if member_id is not None else None
        return member.user_id if member else None

    def task_id(self, rec: TaskRecord) -> str:
        given = rec.task.extra.get(EXTERNAL_ID)
        if isinstance(given, str) and given:
            return given
        return f"{self.source.platform}:{self.source.workspace_id}:{rec.task.number}"

    def _selected(self, batch: list[TaskRecord]) -> list[TaskRecord]:
        if self.query is None:
            return batch
        nobody = Person(user_id="")
        return [r for r in batch if matches(self.query, facts_of(
            r.task, self.members, self.projects,
            [h.text for h in r.history if h.kind == "comment"], milestone=r.milestone),
            me=nobody, now=self.now)]

    def records(self) -> Iterator[TaskRecord]:
        """The exported tasks in number order, batch by batch. With a filter, a first pass
        learns which numbers are kept (to drop dependencies on the others)."""
        active_only = self.query is not None and self.query.default_open
        if self.query is not None and self._kept is None:
            self._kept = {r.task.number for b in self.source.task_batches(BATCH, active_only)
                          for r in self._selected(b)}
        for batch in self.source.task_batches(BATCH, active_only):
            yield from self._selected(batch)

    def task_entry(self, rec: TaskRecord) -> dict[str, Any]:
        t = rec.task
        project = self.projects.get(t.project_id) if t.project_id is not None else None
        extra = {k: v for k, v in sorted(t.extra.items()) if k != EXTERNAL_ID}
        after = sorted(n for n in rec.blockers if self._kept is None or n in self._kept)
        return {
            "id": self.task_id(rec), "number": t.number, "title": t.title,
            "description": t.description, "status": t.status.value,
            "priority": t.priority.value, "creator": self._user(t.creator_id),
            "assignee": self._user(t.assignee_id), "project": project.name if project else None,
            "milestone": rec.milestone, "created_at": iso(t.created_at), "due_at": iso(t.due_at),
            "started_at": iso(t.started_at), "done_at": iso(t.done_at),
            "source_link": t.source_link, "channel_id": t.channel_id, "after": after,
            "extra": extra,
            "history": [{"at": iso(h.at), "actor": self._user(h.actor_id), "kind": h.kind,
                         "text": h.text} for h in rec.history],
            "estimate_minutes": rec.estimate.minutes if rec.estimate else None,
            "estimate_days": rec.estimate.day_hundredths if rec.estimate else None,
            "time_logs": [{"at": iso(log.at), "person": self._user(log.member_id),
                           "minutes": log.minutes, "note": log.note} for log in rec.time_logs],
        }

    def _member_entries(self) -> list[dict[str, Any]]:
        return [{"user_id": m.user_id, "display_name": m.display_name, "role": m.role.value,
                 "tz": m.tz} for m in sorted(self.members.values(), key=lambda m: m.user_id)]

    def _project_entries(self) -> list[dict[str, Any]]:
        return [{"name": p.name, "owner": self._user(p.owner_id), "channel_id": p.channel_id,
                 "archived": p.archived, "created_at": iso(p.created_at),
                 "target_at": iso(self.plan.targets.get(p.id))}
                for p in sorted(self.projects.values(), key=lambda p: p.name.casefold())]

    def _series_entries(self) -> list[dict[str, Any]]:
        kept = self._kept
        rows: list[SeriesRecord] = sorted(self.source.series(), key=lambda s: s.current)
        return [{"origin": s.origin if s.origin is not None else s.current,
                 "current": s.current, "rule": s.rule, "tz": s.tz,
                 "occurrence_at": iso(s.occurrence_at), "next_at": iso(s.next_at),
                 "anchor_at": iso(s.anchor_at)}
                for s in rows if kept is None or s.current in kept]

    def _project_name(self, project_id: int) -> str:
        return self.projects[project_id].name

    def _milestone_entries(self) -> list[dict[str, Any]]:
        rows = [m for m in self.plan.milestones if m.project_id in self.projects]
        rows.sort(key=lambda m: (self._project_name(m.project_id).casefold(),
                                 m.name.casefold()))
        return [{"project": self._project_name(m.project_id), "name": m.name,
                 "due_at": iso(m.due_at), "state": m.state} for m in rows]

    def _decision_entries(self) -> list[dict[str, Any]]:
        """In the order they were taken; the tasks they touch that are exported."""
        kept = self._kept
        rows = [d for d in self.plan.decisions if d.project_id in self.projects]
        rows.sort(key=lambda d: (d.at, d.id))
        return [{"project": self._project_name(d.project_id), "at": iso(d.at),
                 "by": self._user(d.member_id), "text": d.text,
                 "tasks": [n for n in d.numbers if kept is None or n in kept]} for d in rows]

    def _baseline_entries(self) -> list[dict[str, Any]]:
        rows = [b for b in self.plan.baselines if b.project_id in self.projects]
        rows.sort(key=lambda b: self._project_name(b.project_id).casefold())
        return [{"project": self._project_name(b.project_id), "taken_at": iso(b.taken_at),
                 "taken_by": self._user(b.taken_by),
                 "data": json.loads(json.dumps(b.data, sort_keys=True))} for b in rows]

    def write_json(self, out: TextIO) -> int:
        """The document, one member / project / task per line. Returns the task count."""
        write = out.write
        write('{"format": "taskbot", "version": ' + str(VERSION) + ",\n")
        write(f'"workspace": {_line({"default_tz": self.source.default_tz})},\n')
        _write_list(write, "members", self._member_entries())
        _write_list(write, "projects", self._project_entries())
        _write_list(write, "milestones", self._milestone_entries())
        count = _write_list(write, "tasks", (self.task_entry(r) for r in self.records()))
        _write_list(write, "recurring", self._series_entries())
        _write_list(write, "decisions", self._decision_entries())
        _write_list(write, "baselines", self._baseline_entries(), last=True)
        write("}\n")
        return count

    def write_csv(self, out: TextIO) -> int:
        """One row per task, for spreadsheets. Returns the task count."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        count = 0
        for rec in self.records():
            e = self.task_entry(rec)
            writer.writerow([e["number"], e["id"], _cell(e["title"]), e["status"],
                             e["priority"], _cell(e["assignee"]), _cell(e["project"]),
                             e["due_at"] or "", e["created_at"] or "", e["started_at"] or "",
                             e["done_at"] or "", " ".join(f"#{n}" for n in e["after"]),
                             _cell(e["creator"]), _cell(e["description"])])
            count += 1
        return count


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """A chat user's text as a spreadsheet cell: one that starts like a formula (=, +, -,
    @, a tab or a carriage return) gets a leading apostrophe, so a title such as
    `=HYPERLINK(...)` is shown, not run, when the file is opened (CSV injection)."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _write_list(write: Callable[[str], Any], name: str, items: Iterable[Any],
                last: bool = False) -> int:
    write(f'"{name}": [')
    count = 0
    for item in items:
        write(("\n" if count == 0 else ",\n") + _line(item))
        count += 1
    write(("\n]" if count else "]") + ("\n" if last else ",\n"))
    return count
