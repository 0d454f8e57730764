"""A 200-person channel for digest timing (the unit test and tests/bench/tick_bench.py)."""

from __future__ import annotations

import datetime as dt

from core.model import Member, Project, Status, Task
from core.ports import StatusCounts
from core.scheduling.ports import DigestData

Channel = tuple[dict[int, Member], DigestData, dict[int, Project], dict[int, StatusCounts]]


def big_channel(now: dt.datetime, people: int = 200, per_person: int = 8) -> Channel:
    """`people` members with `per_person` open tasks each (one in progress, one blocked,
    due dates from 36 h ago to 36 h ahead) and one finished task each; 20 projects."""
    members = {i: Member(i, 1, f"U{i}", f"person{i}") for i in range(1, people + 1)}
    active: list[Task] = []
    finished: list[Task] = []
    blockers: dict[int, list[Task]] = {}
    n = 0
    for m in members.values():
        for k in range(per_person):
            n += 1
            t = Task(id=n, tenant_id=1, number=n, title=f"work item {n}", creator_id=1,
                     created_at=now, assignee_id=m.id, project_id=1 + n % 20,
                     status=Status.IN_PROGRESS if k == 0 else Status.OPEN,
                     due_at=now + dt.timedelta(hours=(n % 72) - 36))
            active.append(t)
            if k == per_person - 1:
                blockers[t.id] = [active[-2]]
        n += 1
        finished.append(Task(id=n, tenant_id=1, number=n, title="shipped", creator_id=1,
                             created_at=now, assignee_id=m.id, status=Status.DONE,
                             done_at=now - dt.timedelta(hours=2)))
    projects = {i: Project(i, 1, f"p{i}", owner_id=1) for i in range(1, 21)}
    counts = {i: StatusCounts({"open": 80, "done": 20}, 100) for i in projects}
    return members, DigestData(active, finished, blockers), projects, counts
