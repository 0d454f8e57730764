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
from adapters.slack.form_values import BLOCKED_BY as BLOCKED_BY
from adapters.slack.form_values import PROJECT as PROJECT
from adapters.slack.form_values import Form as Form
from adapters.slack.form_values import read_form as read_form
from adapters.slack.form_values import selected_user as selected_user
from adapters.slack.shapes import is_id, task_number
from core.commands import AddTask, AssignTask, Depend, EditTask, SetDue, Undepend, UserRef
from core.model import TITLE_MAX, Priority
from core.results import TaskView

CALLBACK = "task_modal"
INPUT_MAX = 3000  # plain_text_input max_length
META_MAX = 3000  # private_metadata's limit


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

    team: str | None = None  # the workspace the modal was opened in (tenant pinning)

    def dump(self) -> str:
        data = {"mode": self.mode, "number": self.number, "channel": self.channel_id,
                "source": self.source, "card": self.card, "orig": self.orig, "tz": self.tz,
                "team": self.team}
        return json.dumps(data)

    @classmethod
    def load(cls, raw: Any, team: str) -> Meta | None:
        """The metadata of a modal this app opened in workspace `team`, or None: garbage,
        a value of the wrong type or out of range, or a form of another workspace (whose
        channel or task a submission must not reach)."""
        try:
            data = json.loads(raw) if isinstance(raw, str) and len(raw) <= META_MAX else None
        except (ValueError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("team") != team:
            return None
        mode, number, orig = data.get("mode"), data.get("number"), data.get("orig") or {}
        channel, tz = data.get("channel"), data.get("tz")
        try:
            source, card = _where(data.get("source")), _where(data.get("card"))
        except ValueError:
            return None
        if (mode not in ("create", "edit") or not isinstance(orig, dict)
                or (number is not None and task_number(number) is None)
                or (mode == "edit" and number is None)
                or (channel is not None and not is_id(channel))
                or (tz is not None and not (isinstance(tz, str) and len(tz) <= 64))):
            return None
        return cls(mode=mode, number=task_number(number), channel_id=channel, source=source,
                   orig=orig, card=card, tz=tz, team=team)


def _where(raw: Any) -> dict[str, str] | None:
    """A {"channel", "ts"} of a message, None when absent; ValueError when not one."""
    if raw is None:
        return None
    if (isinstance(raw, dict) and is_id(raw.get("channel")) and isinstance(raw.get("ts"), str)
            and len(raw["ts"]) <= 32):
        return {"channel": raw["channel"], "ts": raw["ts"]}
    raise ValueError("not a message reference")


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
