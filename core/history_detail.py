"""The `detail` of a history row: the change as plain values (ids, ISO instants), written
next to the display text so reports replay assignments, due dates, project moves and
blocked spans without parsing sentences (see core/reports/history_load.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.model import Task


def iso(at: dt.datetime | None) -> str | None:
    return at.astimezone(dt.UTC).isoformat() if at is not None else None


def created_detail(task: Task) -> dict[str, Any]:
    """What a task started with: its project, assignee and due date."""
    return {"project": task.project_id, "assignee": task.assignee_id, "due": iso(task.due_at)}


def due_detail(due: dt.datetime | None) -> dict[str, Any]:
    return {"due": iso(due)}


def blocked_detail(blocker: Task) -> dict[str, Any]:
    return {"by": blocker.number}
