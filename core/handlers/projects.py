"""Projects: create, list, archive, and the manager's question, `/project status`."""

from __future__ import annotations

from core import commands as c
from core.errors import PermissionDenied, UserError
from core.handlers.base import HandlerContext
from core.handlers.critical_path import critical_path
from core.handlers.views import member_view
from core.model import Project, Task
from core.ports import TaskQuery
from core.results import (
    BlockedItem,
    Info,
    MemberLoad,
    ProjectList,
    ProjectStatusReport,
    ProjectView,
    RiskLine,
)
from core.scheduling.digest_compose import task_risks

NAME_MAX = 80
STATUS_ITEMS = 10
CRITICAL_PATH_SCAN = 500
COUNT_CAP = 10_000


def _view(h: HandlerContext, project: Project) -> ProjectView:
    owner = h.uow.members.get_many([project.owner_id]).get(project.owner_id) \
        if project.owner_id is not None else None
    return ProjectView(name=project.name, owner=member_view(owner),
                       channel_id=project.channel_id, archived=project.archived)


def new_project(h: HandlerContext, cmd: c.NewProject) -> Info:
    name = " ".join(cmd.name.split())
    if not name:
        raise UserError("A project needs a name.")
    if len(name) > NAME_MAX:
        raise UserError(f"That name is {len(name)} characters; the most is {NAME_MAX}.")
    if name.startswith(("#", "<#")):
        raise UserError(f"“{name}” looks like a channel; a project name can't start with #. "
                        f"Name it without the #: /project new {name.lstrip('<#').rstrip('>')}.")
    existing = h.uow.projects.by_name(h.tenant.id, name)
    if existing is not None:
        same = "" if existing.name == name else " (names ignore case)"
        state = " It is archived: /project unarchive brings it back." if existing.archived \
            else ""
        raise UserError(f"There is already a project called “{existing.name}”{same}.{state}")
    owner = h.member(cmd.owner) if cmd.owner else h.actor
    channel = cmd.channel_id or h.ctx.channel_id
    h.uow.projects.add(h.tenant.id, name, owner.id, channel, h.now)
    quoted = name if " " not in name else f'"{name}"'
    return Info(message=f"Created project {name}, owned by {owner.display_name}. Add work "
                        f"with `/task add <title> project:{quoted}`.",
                viewer_tz=h.tz)


def list_projects(h: HandlerContext, cmd: c.ListProjects) -> ProjectList:
    projects = h.uow.projects.list(h.tenant.id, cmd.include_archived)
    owners = h.uow.members.get_many(sorted({p.owner_id for p in projects if p.owner_id}))
    views = tuple(ProjectView(name=p.name, owner=member_view(owners.get(p.owner_id))
                              if p.owner_id else None, channel_id=p.channel_id,
                              archived=p.archived) for p in projects)
    return ProjectList(projects=views, viewer_tz=h.tz)


def archive_project(h: HandlerContext, cmd: c.ArchiveProject) -> Info:
    project = h.project(cmd.name)
    if not (h.actor.is_manager or project.owner_id == h.actor.id):
        raise PermissionDenied(f"Only the owner of {project.name}, managers and admins can "
                               "archive it.")
    if project.archived:
        return Info(message=f"{project.name} is already archived.", viewer_tz=h.tz)
    project.archived = True
    h.uow.projects.update(project)
    return Info(message=f"Archived {project.name}. Its tasks and history are kept.",
                viewer_tz=h.tz)


def unarchive_project(h: HandlerContext, cmd: c.UnarchiveProject) -> Info:
    """Bring an archived project back: new work may go in it again."""
    project = h.project(cmd.name)
    if not (h.actor.is_manager or project.owner_id == h.actor.id):
        raise PermissionDenied(f"Only the owner of {project.name}, managers and admins can "
                               "unarchive it.")
    if not project.archived:
        return Info(message=f"{project.name} is not archived.", viewer_tz=h.tz)
    project.archived = False
    h.uow.projects.update(project)
    return Info(message=f"Unarchived {project.name}: new work can go in it again.",
                viewer_tz=h.tz)


def project_status(h: HandlerContext, cmd: c.ProjectStatus) -> ProjectStatusReport:
    project = h.project(cmd.name)
    tasks = h.uow.tasks
    counts = tasks.project_counts(project.id)
    views = h.views
    overdue = tasks.query(TaskQuery(tenant_id=h.tenant.id, state="overdue", now=h.now,
                                    project_id=project.id, limit=STATUS_ITEMS))
    blocked = tasks.query(TaskQuery(tenant_id=h.tenant.id, state="blocked", now=h.now,
                                    project_id=project.id, limit=STATUS_ITEMS))
    blocked_views = views.tasks(blocked, h.now)
    load_rows = tasks.project_load(project.id, h.now)
    people = h.uow.members.get_many(sorted({r.assignee_id for r in load_rows
                                            if r.assignee_id is not None}))
    load = tuple(sorted(
        (MemberLoad(member=member_view(people.get(r.assignee_id)) if r.assignee_id else None,
                    open_count=r.open_count, in_progress_count=r.in_progress_count,
                    overdue_count=r.overdue_count) for r in load_rows),
        key=lambda m: (-m.open_count, m.member.display_name if m.member else "~")))
    active = tasks.project_active(project.id, CRITICAL_PATH_SCAN)
    edges = tasks.blocker_ids_of_many([t.id for t in active])
    path = critical_path(active, edges)
    risks = _risks(h, active, edges)
    blocked_total = sum(1 for t in active if t.is_blocked)
    if len(active) >= CRITICAL_PATH_SCAN:  # more active work than scanned: count them all
        blocked_total = len(tasks.query(TaskQuery(
            tenant_id=h.tenant.id, state="blocked", now=h.now, project_id=project.id,
            limit=COUNT_CAP)))
    dropped = counts.by_status.get("dropped", 0)
    return ProjectStatusReport(
        project=_view(h, project), total=counts.total - dropped,
        done=counts.by_status.get("done", 0), counts=counts.by_status,
        overdue=tuple(views.refs(overdue)),
        blocked=tuple(BlockedItem(task=views.refs([t])[0],
                                  blockers=tuple(b for b in v.blocked_by if b.status.is_active))
                      for t, v in zip(blocked, blocked_views, strict=True)),
        load=load, critical_path=tuple(views.refs(path)), as_of=h.now, viewer_tz=h.tz,
        overdue_total=sum(r.overdue_count for r in load_rows),
        blocked_total=max(blocked_total, len(blocked)),
        risks=tuple(risks[:STATUS_ITEMS]), risks_total=len(risks))


def _risks(h: HandlerContext, active: list[Task], edges: dict[int, list[int]]
           ) -> list[RiskLine]:
    """The digest's risks (an open blocker overdue or due after its task), for the
    project's active tasks that were scanned; blockers in other projects count too."""
    by_id = {t.id: t for t in active}
    outside = sorted({b for ids in edges.values() for b in ids if b not in by_id})
    by_id.update(h.uow.tasks.get_by_ids(outside) if outside else {})
    found: list[RiskLine] = []
    for t in active:
        blockers = [by_id[b] for b in edges.get(t.id, []) if b in by_id]
        if t.is_blocked and blockers:
            found.extend(task_risks(t, blockers, h.now, lambda x: h.views.refs([x])[0]))
    return found
