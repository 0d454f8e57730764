"""A participant's task activity for the check-in: done since their last check-in, in
progress, and blocked (by which task, whose). Stored with the day's answer row as plain
JSON-able data, so the report shows what the DM showed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.model import Status
from core.ports import TaskQuery, UnitOfWork

_LIMIT = 15


def activity_of(uow: UnitOfWork, tenant_id: int, member_id: int, since: dt.datetime,
                now: dt.datetime) -> dict[str, Any]:
    """{"done": [[n, title]], "in_progress": [[n, title]],
    "blocked": [[n, title, [[n, title, who], ...]]]} (who: the blocker's assignee or "")."""
    closed = uow.tasks.query(TaskQuery(tenant_id=tenant_id, state="done",
                                       assignee_id=member_id, now=now, limit=_LIMIT))
    done = [[t.number, t.title] for t in closed
            if t.status is Status.DONE and t.done_at is not None and t.done_at > since]
    active = uow.tasks.query(TaskQuery(tenant_id=tenant_id, state="open",
                                       assignee_id=member_id, now=now, limit=50))
    doing = [[t.number, t.title] for t in active if t.status is Status.IN_PROGRESS]
    stuck = [t for t in active if t.open_blocker_count > 0][:_LIMIT]
    edges = uow.tasks.blocker_ids_of_many([t.id for t in stuck]) if stuck else {}
    found = uow.tasks.get_by_ids(sorted({b for ids in edges.values() for b in ids}))
    people = uow.members.get_many(sorted({t.assignee_id for t in found.values()
                                          if t.assignee_id is not None}))
    blocked = []
    for t in stuck:
        by = [found[b] for b in edges.get(t.id, []) if b in found and found[b].status.is_active]
        blocked.append([t.number, t.title, [
            [b.number, b.title, people[b.assignee_id].display_name
             if b.assignee_id in people else ""] for b in sorted(by, key=lambda x: x.number)]])
    return {"done": done[:_LIMIT], "in_progress": doing[:_LIMIT], "blocked": blocked}


def _refs(items: Any) -> str:
    return "; ".join(f"#{n} {title}" for n, title, *_ in items)


def activity_lines(activity: dict[str, Any]) -> list[str]:
    """`Done: #3 Spec`, `In progress: ...`, `Blocked: #7 Deploy by #6 Review (Bob)`."""
    lines = []
    if activity.get("done"):
        lines.append(f"Done: {_refs(activity['done'])}")
    if activity.get("in_progress"):
        lines.append(f"In progress: {_refs(activity['in_progress'])}")
    for n, title, by in activity.get("blocked") or ():
        who = ", ".join(f"#{bn} {bt}" + (f" ({bw})" if bw else "") for bn, bt, bw in by)
        lines.append(f"Blocked: #{n} {title}" + (f" by {who}" if who else ""))
    return lines


def prefill(activity: dict[str, Any], count: int) -> tuple[str, ...]:
    """Answers suggested from the activity, for the classic three questions in order
    (finished, next, blockers); the rest empty."""
    blocked = "; ".join(
        f"#{n} waits for " + ", ".join(f"#{bn}" + (f" ({bw})" if bw else "") for bn, _, bw in by)
        for n, _, by in activity.get("blocked") or () if by)
    guesses = (_refs(activity.get("done") or ()), _refs(activity.get("in_progress") or ()),
               blocked)
    return tuple(guesses[i] if i < len(guesses) else "" for i in range(count))
