"""The create/edit task modal: building the view, reading a `view_submission`, and turning
it into core commands. Pure functions; `listeners.py` does the I/O.

Field errors are keyed by block id, as Slack's `response_action: errors` wants them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.blocks import SURFACE_BLOCKS, Block, option, plain
from adapters.slack.escape import esc, truncate
from core.commands import AddTask, AssignTask, Depend, EditTask, SetDue, Undepend, UserRef
from core.errors import UserError
from core.model import TITLE_MAX, Priority, clean_title
from core.results import TaskView

CALLBACK = "task_modal"
PROJECT = "project"
BLOCKED_BY = "blocked_by"
INPUT_MAX = 3000  # plain_text_input max_length
DEFAULT_DUE_TIME = dt.time(17, 0)


@dataclass
class Meta:
    """What the modal remembers between open and submit (`private_metadata`)."""

    mode: str = "create"
    number: int | None = None
    channel_id: str | None = None
    source: dict[str, str] | None = None  # {"channel": ..., "ts": ...} of a message
    orig: dict[str, Any] = field(default_factory=dict)
    card: dict[str, str] | None = None  # {"channel": ..., "ts": ...} of the card to refresh
    tz: str | None = None  # the zone the form's due time was shown in, when known

    def dump(self) -> str:
        data = {"mode": self.mode, "number": self.number, "channel": self.channel_id,
                "source": self.source, "card": self.card, "orig": self.orig, "tz": self.tz}
        return json.dumps(data)

    @classmethod
    def load(cls, raw: str | None) -> Meta:
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls(mode=data.get("mode", "create"), number=data.get("number"),
                   channel_id=data.get("channel"), source=data.get("source"),
                   orig=data.get("orig") or {}, card=data.get("card"),
                   tz=data.get("tz") if isinstance(data.get("tz"), str) else None)


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool = True,
           hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, 2000),
                    "element": element, "optional": optional}
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def task_option(number: int, title: str) -> dict[str, Any]:
    return option(f"#{number} {esc(title)}", str(number))


def project_option(name: str) -> dict[str, Any]:
    return option(esc(name), truncate(name, 150))


def loading_view(title: str = "Task") -> dict[str, Any]:
    return {"type": "modal", "callback_id": "loading", "title": plain(title, 24),
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Loading…"}}]}


def task_modal(meta: Meta, *, task: TaskView | None = None, title: str = "",
               description: str = "", tz: str = "UTC") -> dict[str, Any]:
    """The modal; `task` pre-fills it for editing, `title`/`description` for a message
    shortcut. Slack never renders plain-text inputs as markup, so values go in raw."""
    title_el: dict[str, Any] = {"type": "plain_text_input", "action_id": "value",
                                "max_length": TITLE_MAX}
    desc_el: dict[str, Any] = {"type": "plain_text_input", "action_id": "value",
                               "multiline": True, "max_length": INPUT_MAX}
    user_el: dict[str, Any] = {"type": "users_select", "action_id": "value"}
    date_el: dict[str, Any] = {"type": "datepicker", "action_id": "value"}
    time_el: dict[str, Any] = {"type": "timepicker", "action_id": "value"}
    prio_el: dict[str, Any] = {"type": "static_select", "action_id": "value",
                               "options": [option(p.value, p.value) for p in Priority],
                               "initial_option": option("normal", "normal")}
    proj_el: dict[str, Any] = {"type": "external_select", "action_id": PROJECT,
                               "min_query_length": 0}
    dep_el: dict[str, Any] = {"type": "multi_external_select", "action_id": BLOCKED_BY,
                              "min_query_length": 0}
    if task is not None:
        title, description = task.title, task.description or ""
        if task.assignee:
            user_el["initial_user"] = task.assignee.user_id
        if task.due_at:
            local = task.due_at.astimezone(ZoneInfo(tz))
            date_el["initial_date"] = local.strftime("%Y-%m-%d")
            time_el["initial_time"] = local.strftime("%H:%M")
        prio_el["initial_option"] = option(task.priority.value, task.priority.value)
        if task.project:
            proj_el["initial_option"] = project_option(task.project)
        active = [b for b in task.blocked_by if b.status.is_active]
        if active:
            dep_el["initial_options"] = [task_option(b.number, b.title) for b in active][:100]
    if title:
        title_el["initial_value"] = truncate(title, TITLE_MAX)
    if description:
        desc_el["initial_value"] = truncate(description, INPUT_MAX)
    blocks: list[Block] = [
        _input("title", "Title", title_el, optional=False),
        _input("description", "Description", desc_el),
        _input("assignee", "Assignee", user_el),
        _input("due_date", "Due date", date_el),
        _input("due_time", "Due time", time_el, hint=f"Your time zone: {tz}"),
        _input("priority", "Priority", prio_el, optional=False),
        _input(PROJECT, "Project", proj_el),
        _input(BLOCKED_BY, "Blocked by", dep_el, hint="Open tasks this one waits for"),
    ]
    editing = meta.mode == "edit"
    return {"type": "modal", "callback_id": CALLBACK, "private_metadata": meta.dump(),
            "title": plain(f"Edit #{meta.number}" if editing else "New task", 24),
            "submit": plain("Save" if editing else "Create", 24),
            "close": plain("Cancel", 24), "blocks": blocks[:SURFACE_BLOCKS]}


@dataclass
class Form:
    title: str
    description: str | None
    assignee_id: str | None
    due_at: dt.datetime | None
    priority: Priority
    project: str | None
    blocked_by: tuple[int, ...]


def _value(values: dict[str, Any], block: str, action: str = "value") -> dict[str, Any]:
    return dict(values.get(block, {}).get(action) or {})


def selected_user(values: dict[str, Any]) -> str | None:
    """The assignee picked in a submitted form, read before the rest of the form."""
    user = _value(values, "assignee").get("selected_user")
    return str(user) if user else None


def read_form(values: dict[str, Any], tz: str, now: dt.datetime,
              creating: bool) -> tuple[Form | None, dict[str, str]]:
    """Read `view.state.values`; return the form or the field errors (never both)."""
    errors: dict[str, str] = {}
    title = ""
    try:
        title = clean_title(_value(values, "title").get("value") or "")
    except UserError as err:
        errors["title"] = err.reason
    description = (_value(values, "description").get("value") or "").strip() or None
    assignee = _value(values, "assignee").get("selected_user")
    day = _value(values, "due_date").get("selected_date")
    hour = _value(values, "due_time").get("selected_time")
    due_at = None
    if hour and not day:
        errors["due_date"] = "Pick a date for that time."
    elif day:
        try:
            zone = ZoneInfo(tz)
        except Exception:
            zone = ZoneInfo("UTC")
        clock = dt.time.fromisoformat(hour) if hour else DEFAULT_DUE_TIME
        due_at = dt.datetime.combine(dt.date.fromisoformat(day), clock, tzinfo=zone)
        if creating and due_at < now:
            errors["due_date"] = "That is in the past; pick a later date or time."
    prio = (_value(values, "priority").get("selected_option") or {}).get("value", "normal")
    project = (_value(values, PROJECT, PROJECT).get("selected_option") or {}).get("value")
    deps = _value(values, BLOCKED_BY, BLOCKED_BY).get("selected_options") or []
    try:
        blocked_by = tuple(int(o["value"]) for o in deps)
    except (KeyError, ValueError):
        errors[BLOCKED_BY] = "Pick tasks from the list."
        blocked_by = ()
    if errors:
        return None, errors
    return Form(title, description, assignee, due_at, Priority(prio), project or None,
                blocked_by), {}


def add_command(form: Form, source_link: str | None,
                assignee_name: str | None = None) -> AddTask:
    assignee = (UserRef(user_id=form.assignee_id, name=assignee_name)
                if form.assignee_id else None)
    return AddTask(title=form.title, description=form.description, assignee=assignee,
                   due_at=form.due_at, priority=form.priority, project=form.project,
                   after=form.blocked_by, source_link=source_link)


def orig_of(task: TaskView) -> dict[str, Any]:
    """The edit modal's starting point, kept to send only what the user changed."""
    return {"title": task.title, "description_sha": _sha(_shown(task.description)),
            "assignee": task.assignee.user_id if task.assignee else None,
            "due": task.due_at.isoformat() if task.due_at else None,
            "priority": task.priority.value, "project": task.project,
            "blocked_by": [b.number for b in task.blocked_by if b.status.is_active]}


def edit_commands(number: int, form: Form, orig: dict[str, Any],
                  assignee_name: str | None = None) -> list[Any]:
    """The commands that turn the task as it was (`orig`) into the form."""
    out: list[Any] = []
    changes: dict[str, Any] = {}
    if form.title != orig.get("title"):
        changes["title"] = form.title
    if _sha(form.description) != orig.get("description_sha"):
        changes["description"] = form.description or ""
    if form.priority.value != orig.get("priority"):
        changes["priority"] = form.priority
    if form.project and form.project != orig.get("project"):
        changes["project"] = form.project
    if changes:
        out.append(EditTask(number=number, **changes))
    if form.due_at != _parse(orig.get("due")):
        out.append(SetDue(number=number, due_at=form.due_at))
    if form.assignee_id and form.assignee_id != orig.get("assignee"):
        out.append(AssignTask(number=number,
                              assignee=UserRef(user_id=form.assignee_id, name=assignee_name)))
    before = set(orig.get("blocked_by") or [])
    added = tuple(n for n in form.blocked_by if n not in before)
    removed = tuple(sorted(before - set(form.blocked_by)))
    if added:
        out.append(Depend(number=number, on=added))
    if removed:
        out.append(Undepend(number=number, on=removed))
    return out


def _shown(description: str | None) -> str | None:
    """The description as the modal's input shows it (and returns it when left alone)."""
    return truncate(description or "", INPUT_MAX).strip() or None


def _sha(text: str | None) -> str:
    """A short digest: private_metadata holds 3000 characters, a description up to 4000."""
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


def _parse(raw: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(raw) if raw else None


_FIELD_WORDS = ((PROJECT, ("project",)),
                (BLOCKED_BY, ("cycle", "depend", "block", "#", "task number")),
                ("due_date", ("date", "due", "time", "past")),
                ("assignee", ("know", "member", "assign")), ("title", ("title",)))


def field_for(reason: str) -> str:
    """Which field a core refusal is about, so it shows inline next to that field."""
    low = reason.lower()
    for block, words in _FIELD_WORDS:
        if any(w in low for w in words):
            return block
    return "title"
