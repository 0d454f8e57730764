"""Taskwarrior's `task export` (a JSON array, or one object per line) as a taskbot document:
description -> title (a longer one is cut, the whole kept as the description), project,
due, priority H/M/L -> high/normal/low, status pending|waiting -> open, completed -> done,
deleted -> dropped (recurring templates are skipped: their instances are the tasks),
depends (uuids) -> after, annotations -> comments, tags -> extra.tags. A task's id is
`taskwarrior:<uuid>`, so importing the same export twice adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.model import DESCRIPTION_MAX, TITLE_MAX, Priority, Status
from core.transfer.document import (
    Document,
    HistoryDoc,
    MemberDoc,
    Problem,
    ProjectDoc,
    TaskDoc,
)

_STATUS = {"pending": Status.OPEN, "waiting": Status.OPEN, "completed": Status.DONE,
           "deleted": Status.DROPPED}
_PRIORITY = {"H": Priority.HIGH, "M": Priority.NORMAL, "L": Priority.LOW}


def tw_time(value: Any) -> dt.datetime | None:
    """`20261204T170000Z` (Taskwarrior) or ISO 8601 with a zone."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a date must be text like 20261204T170000Z")
    try:
        return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"{value} has no time zone")
    return parsed


class TwAnnotation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    entry: dt.datetime | None = None
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)

    _times = field_validator("entry", mode="before")(tw_time)


class TwTask(BaseModel):
    model_config = ConfigDict(extra="ignore")
    uuid: str = Field(min_length=1, max_length=64)
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    status: Literal["pending", "waiting", "completed", "deleted", "recurring"] = "pending"
    project: str | None = Field(default=None, max_length=100)
    priority: Literal["H", "M", "L", ""] | None = None
    due: dt.datetime | None = None
    entry: dt.datetime | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    depends: list[str] = []
    annotations: list[TwAnnotation] = []
    tags: list[str] = []

    _times = field_validator("due", "entry", "start", "end", mode="before")(tw_time)

    @field_validator("depends", mode="before")
    @classmethod
    def _uuids(cls, value: Any) -> Any:
        """Taskwarrior 2.5 writes depends as one comma-separated string."""
        return [v for v in value.split(",") if v] if isinstance(value, str) else value


def is_taskwarrior(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "uuid" in v for v in value)


def to_document(items: list[TwTask], importer: str, now: dt.datetime
                ) -> tuple[Document, list[Problem]]:
    """The document, and what in the items cannot be imported (paths into the list)."""
    tasks = [(i, t) for i, t in enumerate(items) if t.status != "recurring"]
    numbers = {t.uuid: n for n, (_, t) in enumerate(tasks, start=1)}
    problems: list[Problem] = []
    docs = []
    for n, (i, t) in enumerate(tasks, start=1):
        for j, uuid in enumerate(t.depends):
            if uuid not in numbers:
                problems.append(((i, "depends", j), f"depends on {uuid}, which is not in "
                                                    "this export"))
        long = len(t.description) > TITLE_MAX
        status = _STATUS[t.status]
        docs.append(TaskDoc(
            id=f"taskwarrior:{t.uuid}", number=n,
            title=(t.description[:TITLE_MAX - 1] + "…") if long else t.description,
            description=t.description if long else None, status=status,
            priority=_PRIORITY.get(t.priority or "", Priority.NORMAL), creator=importer,
            project=t.project or None, created_at=t.entry or now, due_at=t.due,
            started_at=t.start,
            done_at=(t.end or now) if not status.is_active else None,
            after=sorted(numbers[u] for u in t.depends if u in numbers),
            extra={"tags": sorted(t.tags)} if t.tags else {},
            history=[HistoryDoc(at=a.entry or t.entry or now, actor=importer, kind="comment",
                                text=" ".join(a.description.split())) for a in t.annotations]))
    projects = sorted({d.project for d in docs if d.project}, key=str.casefold)
    document = Document(members=[MemberDoc(user_id=importer, display_name=importer)],
                        projects=[ProjectDoc(name=p) for p in projects], tasks=docs)
    return document, problems
