"""`/project template save|list|show|delete`: keep a project's shape under a name.

Saving reads the project's tasks (not the dropped ones) in two queries, their dependencies
in one, their assignees in one: due dates become working-day offsets from the project's
start (its first task's creation, else its own), assignees become roles named after them
(`Ana Lopez` -> `ana_lopez`), and tasks get keys from their titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from core.errors import NotFound, PermissionDenied, UserError
from core.handlers.base import HandlerContext
from core.handlers.template_plan import read_plan_facts
from core.model import Member, Project, Status, Task
from core.ports import TaskQuery
from core.results import Info
from core.templates import commands as tc
from core.templates.document import (
    MAX_OFFSET,
    MAX_TASKS,
    NAME_MAX,
    RESERVED_ROLES,
    TemplateDocument,
    validate_document,
)
from core.templates.offsets import calendar_for, offset_of
from core.templates.ports import StoredTemplate, templates_of
from core.templates.results import TemplateDetails, TemplateList, TemplateSummary

LIST_MAX = 100
ROLE_NAME = re.compile(r"[a-z][a-z_]{0,39}")


def template_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise UserError("A template needs a name, like release.")
    if len(name) > NAME_MAX:
        raise UserError(f"That template name is {len(name)} characters; the most is "
                        f"{NAME_MAX}.")
    return name


def stored(h: HandlerContext, name: str) -> StoredTemplate:
    found = templates_of(h.uow).get(h.tenant.id, template_name(name))
    if found is None:
        raise NotFound(f"There is no template “{name}”. `/project template list` shows them; "
                       "`/project template save <name> from:<project>` makes one.")
    return found


def _require_change(h: HandlerContext, found: StoredTemplate, verb: str) -> None:
    """Replacing or deleting a template: whoever saved it last, managers and admins."""
    if h.actor.is_manager or found.updated_by in (None, h.actor.id):
        return
    raise PermissionDenied(f"You can't {verb} the template “{found.name}”: only whoever saved "
                           "it, managers and admins can. Save yours under another name.")


def _project_tasks(h: HandlerContext, project: Project) -> list[Task]:
    found: dict[int, Task] = {}
    for state in ("open", "done"):
        for task in h.uow.tasks.query(TaskQuery(tenant_id=h.tenant.id, state=state,
                                                project_id=project.id, now=h.now,
                                                limit=MAX_TASKS + 1)):
            if task.status is not Status.DROPPED:
                found[task.id] = task
    if len(found) > MAX_TASKS:
        raise UserError(f"{project.name} has more than {MAX_TASKS} tasks; a template holds at "
                        f"most {MAX_TASKS}.")
    if not found:
        raise UserError(f"{project.name} has no tasks to keep in a template. Add some with "
                        f"`/task add <title> project:{project.name}` first.")
    return sorted(found.values(), key=lambda t: t.number)


def _slug(text: str, allowed: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(f"[^{allowed}]+", "_", plain).strip("_")


def _unique(base: str, taken: set[str], suffixes: Iterable[str]) -> str:
    name = base
    for suffix in suffixes:
        if name not in taken:
            break
        name = f"{base}_{suffix}"
    taken.add(name)
    return name


def role_names(people: Iterable[Member], given: dict[int, str] | None = None
               ) -> dict[int, str]:
    """Member id -> role: the one `given` for them, else named after the person: lower-case
    letters and `_` (a role is typed as `name:@user`), unique, never an option word."""
    roles: dict[int, str] = dict(given or {})
    taken: set[str] = set(roles.values())
    letters = [chr(c) for c in range(ord("b"), ord("z") + 1)]
    for member in sorted(people, key=lambda m: m.display_name.lower()):
        if member.id in roles:
            continue
        base = (_slug(member.display_name, "a-z")[:30].strip("_") or "person")
        if base in RESERVED_ROLES:
            base += "_role"
        roles[member.id] = _unique(base, taken, letters)
    return roles


def task_keys(tasks: Iterable[Task]) -> dict[int, str]:
    """Task id -> a key made from its title (`Write the spec` -> `write_the_spec`)."""
    taken: set[str] = set()
    keys: dict[int, str] = {}
    for task in tasks:
        base = _slug(task.title, "a-z0-9")[:30].strip("_") or "task"
        if not base[0].isalpha():
            base = f"t_{base}"[:30]
        keys[task.id] = _unique(base, taken, (str(n) for n in range(2, MAX_TASKS + 2)))
    return keys


def _given_roles(h: HandlerContext, given: Iterable[tc.RoleAssignment],
                 people: dict[int, Member], project: Project) -> dict[int, str]:
    """`dev:@ana` in a save: ana's tasks take the role dev."""
    roles: dict[int, str] = {}
    for item in given:
        role = item.role.lower()
        if not ROLE_NAME.fullmatch(role) or role in RESERVED_ROLES:
            raise UserError(f"'{role}' can't be a role: use lower-case letters and _ (at most "
                            "40), and none of owner, from, start, name, template.")
        member = h.member(item.user)
        if member.id not in people:
            raise UserError(f"{member.display_name} has no task in {project.name}: roles "
                            "name the people who have tasks there.")
        if member.id in roles or role in roles.values():
            raise UserError("Give each person one role, and each role one person.")
        roles[member.id] = role
    return roles


def save_template(h: HandlerContext, cmd: tc.SaveTemplate) -> Info:
    name = template_name(cmd.name)
    project = h.project(cmd.project)
    tasks = _project_tasks(h, project)
    old = templates_of(h.uow).get(h.tenant.id, name)
    if old is not None:
        _require_change(h, old, "replace")
    start = min((t.created_at for t in tasks), default=project.created_at or h.now)
    cal = calendar_for(h.tz)
    ids = [t.id for t in tasks]
    edges = h.uow.tasks.blocker_ids_of_many(ids)
    people = h.uow.members.get_many(sorted({t.assignee_id for t in tasks
                                            if t.assignee_id is not None}))
    roles = role_names(people.values(), _given_roles(h, cmd.roles, people, project))
    keys = task_keys(tasks)
    plan = read_plan_facts(h, project, tasks, cal, start)
    outside = 0
    rows = []
    for task in tasks:
        blockers = [b for b in edges.get(task.id, []) if b in keys]
        outside += len(edges.get(task.id, [])) - len(blockers)
        row: dict[str, object] = {
            "key": keys[task.id], "title": task.title, "priority": task.priority.value,
            "depends_on": [keys[b] for b in sorted(blockers, key=ids.index)]}
        if task.description:
            row["description"] = task.description
        if task.assignee_id is not None:
            row["role"] = roles[task.assignee_id]
        if task.due_at is not None:
            row["due_offset"] = min(offset_of(cal, start, task.due_at), MAX_OFFSET)
        if task.id in plan.estimates:
            row["estimate"] = plan.estimates[task.id]
        if task.id in plan.milestone_of:
            row["milestone"] = plan.milestone_of[task.id]
        rows.append(row)
    doc = validate_document({
        "name": name, "description": f"Saved from project {project.name}",
        "roles": [{"name": roles[m.id]} | ({"description": f"was {m.display_name}"}
                                            if m.display_name != roles[m.id] else {})
                  for m in sorted(people.values(), key=lambda m: roles[m.id])],
        "milestones": [{"name": k, "offset": v} for k, v in plan.milestones.items()],
        "tasks": rows})
    replaced = templates_of(h.uow).save(h.tenant.id, doc, h.now, h.actor.id)
    return Info(message=_saved_text(doc, project, replaced, outside, plan.undated),
                viewer_tz=h.tz)


def _saved_text(doc: TemplateDocument, project: Project, replaced: bool, outside: int,
                undated: tuple[str, ...] = ()) -> str:
    n = len(doc.tasks)
    deps = sum(len(t.depends_on) for t in doc.tasks)
    verb = "Replaced" if replaced else "Saved"
    roles = ", ".join(r.name for r in doc.roles)
    role_text = f"; roles: {roles}" if roles else ""
    dropped = (f" {outside} dependenc{'y' if outside == 1 else 'ies'} on tasks outside the "
               "project left out." if outside else "")
    dropped += (f" Milestone{'s' if len(undated) != 1 else ''} without a due date left out: "
                f"{', '.join(undated[:5])}{' ...' if len(undated) > 5 else ''}."
                if undated else "")
    ms = len(doc.milestones)
    est = sum(1 for t in doc.tasks if t.estimate)
    plan = "".join(f", {k} {noun}{'s' if k != 1 else ''}" for k, noun in
                   ((ms, "milestone"), (est, "estimate")) if k)
    usage = " ".join(f"{r.name}:@user" for r in doc.roles)
    return (f"{verb} template {doc.name} from project {project.name}: {n} task"
            f"{'s' if n != 1 else ''}, {deps} dependenc{'y' if deps == 1 else 'ies'}"
            f"{plan}{role_text}.{dropped} Start a project from it with `/project new <name> "
            f"from:{_quoted(doc.name)} start:<when>{(' ' + usage) if usage else ''}`.")


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def summary(found: StoredTemplate) -> TemplateSummary:
    doc = found.document
    return TemplateSummary(name=doc.name, description=doc.description, tasks=len(doc.tasks),
                           roles=tuple(r.name for r in doc.roles),
                           milestones=len(doc.milestones), updated_at=found.updated_at)


def list_templates(h: HandlerContext, cmd: tc.ListTemplates) -> TemplateList:
    found = templates_of(h.uow).list(h.tenant.id, LIST_MAX)
    return TemplateList(templates=tuple(summary(t) for t in found), viewer_tz=h.tz)


def show_template(h: HandlerContext, cmd: tc.ShowTemplate) -> TemplateDetails:
    found = stored(h, cmd.name)
    return TemplateDetails(document=found.document, updated_at=found.updated_at,
                           viewer_tz=h.tz)


def delete_template(h: HandlerContext, cmd: tc.DeleteTemplate) -> Info:
    found = stored(h, cmd.name)
    _require_change(h, found, "delete")
    templates_of(h.uow).delete(h.tenant.id, found.name)
    return Info(message=f"Deleted template {found.name}. Projects made from it keep their "
                        "tasks.", viewer_tz=h.tz)
