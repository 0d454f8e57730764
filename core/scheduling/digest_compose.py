"""Composing a channel's standup digest: pure, from the tasks the channel talks about.

Per person: finished since the last digest, in progress, due today, overdue, blocked (by
which task, whose) and newly unblocked; people with nothing to report are left out. Then a
progress line per project, then risks (open tasks whose blocker is overdue or due after
them), and who is away. Adapters render the structured report natively; `digest_text`
(`digest_render`) renders it as plain text and splits it within a platform's limit."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from core.model import Member, Project, Status, Task
from core.ports import StatusCounts
from core.results import MemberView, RiskLine, TaskRefView
from core.scheduling.ports import DigestData
from core.scheduling.timecalc import local_date, localize


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class BlockedLine(_Frozen):
    task: TaskRefView
    blockers: tuple[TaskRefView, ...]


class PersonDigest(_Frozen):
    member: MemberView | None  # None: unassigned work
    finished: tuple[TaskRefView, ...] = ()
    in_progress: tuple[TaskRefView, ...] = ()
    due_today: tuple[TaskRefView, ...] = ()
    overdue: tuple[TaskRefView, ...] = ()
    blocked: tuple[BlockedLine, ...] = ()
    unblocked: tuple[TaskRefView, ...] = ()


class ProjectLine(_Frozen):
    name: str
    done: int
    total: int
    open: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class AwayLine(_Frozen):
    member: MemberView
    until: dt.datetime


class DigestReport(_Frozen):
    channel_id: str
    local_date: dt.date
    tz: str
    people: tuple[PersonDigest, ...] = ()
    projects: tuple[ProjectLine, ...] = ()
    risks: tuple[RiskLine, ...] = ()
    away: tuple[AwayLine, ...] = ()
    milestones_at_risk: tuple[str, ...] = ()
    """Milestones forecast past their due dates (the project layer), one line each."""

    @property
    def empty(self) -> bool:
        return not (self.people or self.risks)


def _mv(m: Member) -> MemberView:
    return MemberView(user_id=m.user_id, display_name=m.display_name)


class _Refs:
    """TaskRefViews built once per task."""

    def __init__(self, members: Mapping[int, Member]) -> None:
        self.members = members
        self._views: dict[int, TaskRefView] = {}
        self._people: dict[int, MemberView] = {}

    def person(self, member_id: int | None) -> MemberView | None:
        if member_id is None or member_id not in self.members:
            return None
        view = self._people.get(member_id)
        if view is None:
            view = self._people[member_id] = _mv(self.members[member_id])
        return view

    def __call__(self, t: Task) -> TaskRefView:
        view = self._views.get(t.id)
        if view is None:
            view = self._views[t.id] = TaskRefView(
                number=t.number, title=t.title, status=t.status,
                assignee=self.person(t.assignee_id), due_at=t.due_at)
        return view


def task_risks(task: Task, blockers: Sequence[Task], now: dt.datetime,
               ref: Callable[[Task], TaskRefView]) -> list[RiskLine]:
    """The risks of one active task: each open blocker that is overdue, or due after the
    task itself (so the task can't be done on time). The digest and `/project status`
    both ask this."""
    risks = []
    for b in blockers:
        if not b.status.is_active:
            continue
        if b.is_overdue(now):
            risks.append(RiskLine(task=ref(task), blocker=ref(b), reason="overdue"))
        elif b.due_at and task.due_at and b.due_at > task.due_at:
            risks.append(RiskLine(task=ref(task), blocker=ref(b), reason="due after"))
    return risks


_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)
_SECTIONS = ("finished", "in_progress", "due_today", "overdue", "blocked", "unblocked")


def _order(t: Task) -> tuple[dt.datetime, int]:
    return (t.due_at or _FAR, t.number)


def compose_digest(*, channel_id: str, data: DigestData, members: Mapping[int, Member],
                   projects: Mapping[int, Project], counts: Mapping[int, StatusCounts],
                   away: Sequence[tuple[Member, dt.datetime]], now: dt.datetime, tz: str,
                   since: dt.datetime) -> DigestReport:
    today = local_date(now, tz)
    day_start = localize(today, dt.time(0), tz)
    day_end = localize(today + dt.timedelta(days=1), dt.time(0), tz)
    ref = _Refs(members)
    buckets: dict[int | None, dict[str, list[object]]] = {}

    def put(t: Task, section: str, item: object) -> None:
        person = buckets.get(t.assignee_id)
        if person is None:
            person = buckets[t.assignee_id] = {k: [] for k in _SECTIONS}
        person[section].append(item)

    for t in sorted(data.finished, key=_order):
        if t.status is Status.DONE and t.done_at is not None and t.done_at > since:
            put(t, "finished", ref(t))
    risks: list[RiskLine] = []
    late_by_project: Counter[int] = Counter()
    for t in sorted(data.active, key=_order):
        blockers = data.blockers.get(t.id, ())
        open_blockers = [b for b in blockers if b.status.is_active]
        if t.status is Status.IN_PROGRESS:
            put(t, "in_progress", ref(t))
        if t.due_at is not None:  # overdue wins over due today (due 08:00, digest 09:00)
            if t.due_at < now:
                put(t, "overdue", ref(t))
                if t.project_id is not None:
                    late_by_project[t.project_id] += 1
            elif day_start <= t.due_at < day_end:
                put(t, "due_today", ref(t))
        if open_blockers:
            put(t, "blocked", BlockedLine(task=ref(t), blockers=tuple(
                ref(b) for b in sorted(open_blockers, key=_order))))
        elif any(b.done_at is not None and b.done_at > since for b in blockers):
            put(t, "unblocked", ref(t))
        risks.extend(task_risks(t, open_blockers, now, ref))
    people = [PersonDigest.model_validate(
        {"member": ref.person(member_id), **{k: tuple(v) for k, v in sections.items()}})
        for member_id, sections in buckets.items()]
    people.sort(key=lambda p: (p.member is None,
                               p.member.display_name.casefold() if p.member else ""))
    project_ids = {t.project_id for t in (*data.active, *data.finished) if t.project_id}
    lines = []
    for pid in project_ids:
        project, c = projects.get(pid), counts.get(pid)
        if project is None or c is None:
            continue
        done = c.by_status.get(Status.DONE.value, 0)
        open_ = c.by_status.get(Status.OPEN.value, 0) + c.by_status.get(
            Status.IN_PROGRESS.value, 0)
        lines.append(ProjectLine(name=project.name, done=done, total=c.total, open=open_,
                                 overdue=late_by_project[pid]))
    lines.sort(key=lambda p: p.name.casefold())
    return DigestReport(
        channel_id=channel_id, local_date=today, tz=tz, people=tuple(people),
        projects=tuple(lines), risks=tuple(risks),
        away=tuple(AwayLine(member=_mv(m), until=u)
                   for m, u in sorted(away, key=lambda a: a[0].display_name.casefold())))
