"""Reading a submitted task form (`view.state.values`) into a `Form`, or into the field
errors Slack shows inline. Anything Slack's own widgets would never send (a number for a
title, a date that is not a date, a task number of 30 digits, a user id longer than the
column) becomes an error on its field, so nothing unbounded reaches int() or the
database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from adapters.slack.shapes import is_id, task_number
from core.errors import UserError
from core.grammar.values import PROJECT_NAME_MAX
from core.model import DESCRIPTION_MAX, Priority, clean_title

PROJECT = "project"
BLOCKED_BY = "blocked_by"
DEFAULT_DUE_TIME = dt.time(17, 0)
MAX_BLOCKED_BY = 100  # options a multi-select may hold in our modal


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
    found = values.get(block) if isinstance(values, dict) else None
    found = found.get(action) if isinstance(found, dict) else None
    return found if isinstance(found, dict) else {}


def _str(raw: Any) -> str | None:
    return raw if isinstance(raw, str) else None


def _option(values: dict[str, Any], block: str, action: str = "value") -> str | None:
    chosen = _value(values, block, action).get("selected_option")
    return _str(chosen.get("value")) if isinstance(chosen, dict) else None


def selected_user(values: dict[str, Any]) -> str | None:
    """The assignee picked in a submitted form (a Slack user id), read first."""
    user = _value(values, "assignee").get("selected_user")
    return user if is_id(user) else None


def _due(values: dict[str, Any], tz: str, now: dt.datetime, creating: bool,
         errors: dict[str, str]) -> dt.datetime | None:
    day = _value(values, "due_date").get("selected_date")
    hour = _value(values, "due_time").get("selected_time")
    if hour and not day:
        errors["due_date"] = "Pick a date for that time."
        return None
    if not day:
        return None
    try:
        zone = ZoneInfo(tz)
    except Exception:
        zone = ZoneInfo("UTC")
    try:
        date = dt.date.fromisoformat(str(day)[:10]) if isinstance(day, str) else None
    except ValueError:
        date = None
    if date is None:
        errors["due_date"] = "Pick the date from the calendar."
        return None
    try:
        clock = dt.time.fromisoformat(hour) if isinstance(hour, str) and hour else None
    except ValueError:
        clock = None
    if hour and clock is None:
        errors["due_time"] = "Pick the time from the list."
        return None
    due_at = dt.datetime.combine(date, clock or DEFAULT_DUE_TIME, tzinfo=zone)
    if creating and due_at < now:
        errors["due_date"] = "That is in the past; pick a later date or time."
    return due_at


def _blocked_by(values: dict[str, Any], errors: dict[str, str]) -> tuple[int, ...]:
    deps = _value(values, BLOCKED_BY, BLOCKED_BY).get("selected_options") or []
    numbers = [task_number(o.get("value")) if isinstance(o, dict) else None
               for o in (deps if isinstance(deps, list) else [None])]
    if None in numbers or len(numbers) > MAX_BLOCKED_BY:
        errors[BLOCKED_BY] = "Pick tasks from the list (task numbers like #12)."
        return ()
    return tuple(dict.fromkeys(n for n in numbers if n is not None))


def read_form(values: dict[str, Any], tz: str, now: dt.datetime,
              creating: bool) -> tuple[Form | None, dict[str, str]]:
    """Read `view.state.values`; return the form or the field errors (never both)."""
    errors: dict[str, str] = {}
    title = ""
    try:
        title = clean_title(_str(_value(values, "title").get("value")) or "")
    except UserError as err:
        errors["title"] = err.reason
    description = (_str(_value(values, "description").get("value")) or "").strip() or None
    if description and len(description) > DESCRIPTION_MAX:
        errors["description"] = f"A description holds at most {DESCRIPTION_MAX} characters."
    raw_user = _value(values, "assignee").get("selected_user")
    assignee = selected_user(values)
    if raw_user and not assignee:
        errors["assignee"] = "Pick a person from the list."
    due_at = _due(values, tz, now, creating, errors)
    priority = Priority.NORMAL
    try:
        priority = Priority(_option(values, "priority") or "normal")
    except ValueError:
        errors["priority"] = "Pick a priority from the list."
    project = _option(values, PROJECT, PROJECT)
    if project is not None and len(project) > PROJECT_NAME_MAX:
        errors[PROJECT] = "Pick a project from the list."
    blocked_by = _blocked_by(values, errors)
    if errors:
        return None, errors
    return Form(title, description, assignee, due_at, priority, project or None,
                blocked_by), {}
