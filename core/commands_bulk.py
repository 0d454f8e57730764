"""Commands that change many tasks at once: `/task done #3,#5,#8`, `/task assign <filters>
to @bob`, `/task handover @ana @bob`.

A selection is either explicit task numbers (acted on at once: the user named them) or
filter text (the `core.filters` language), which first answers with a preview and a
confirmation code; only the same command with that code acts, so a change in the matching
set since the preview never widens (or alters) the action. Buttons carry the explicit
numbers the preview showed (`as_text`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from core.commands import TaskNumber, UserRef, _Frozen
from core.model import Priority

BulkVerb = Literal["done", "drop", "assign", "due", "edit"]
BULK_VERBS: tuple[BulkVerb, ...] = ("done", "drop", "assign", "due", "edit")


class BulkChange(_Frozen):
    """`numbers` or `filter` (exactly one). `confirm`: the code a preview showed.
    assign: `assignee` (None unassigns); due: `due` text ("none" clears);
    edit: any of title, priority, project, description."""

    verb: BulkVerb
    numbers: tuple[TaskNumber, ...] = ()
    filter: str | None = Field(default=None, max_length=1000)
    confirm: str | None = Field(default=None, max_length=40)
    assignee: UserRef | None = None
    due: str | None = Field(default=None, max_length=200)
    title: str | None = None
    priority: Priority | None = None
    project: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _one_selection(self) -> BulkChange:
        if bool(self.numbers) == bool(self.filter and self.filter.strip()):
            raise ValueError("name the tasks by number or by a filter, not both")
        if self.verb == "due" and not (self.due and self.due.strip()):
            raise ValueError("a bulk due date needs a date (or none)")
        if self.verb == "edit" and all(v is None for v in (self.title, self.priority,
                                                            self.project, self.description)):
            raise ValueError("a bulk edit needs title:, priority:, project: or description:")
        return self


class Handover(_Frozen):
    """Every open task of `source` (in `project`, when named) goes to `target`."""

    source: UserRef
    target: UserRef
    project: str | None = None
    confirm: str | None = Field(default=None, max_length=40)


def user_text(ref: UserRef) -> str:
    """A person as the grammar reads them back: `<@U123|ana>`, `<@U123>` or `@ana`."""
    if ref.user_id:
        return f"<@{ref.user_id}|{ref.name}>" if ref.name else f"<@{ref.user_id}>"
    return f"@{ref.name}"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def change_text(cmd: BulkChange) -> str:
    """The change part of the command as grammar text (after the selection)."""
    if cmd.verb == "assign":
        return user_text(cmd.assignee) if cmd.assignee else "none"
    if cmd.verb == "due":
        return _quoted(cmd.due or "none")
    if cmd.verb == "edit":
        parts = []
        if cmd.title is not None:
            parts.append(f"title:{_quoted(cmd.title)}")
        if cmd.priority is not None:
            parts.append(f"priority:{cmd.priority.value}")
        if cmd.project is not None:
            parts.append(f"project:{_quoted(cmd.project)}")
        if cmd.description is not None:
            parts.append(f"description:{_quoted(cmd.description)}")
        return " ".join(parts)
    return ""


def as_text(verb: BulkVerb, numbers: tuple[int, ...], change: str) -> str:
    """`/task` text that runs the change on exactly `numbers` (what a Confirm button
    carries): `done #3,#5,#8`, `assign #3,#5 <@U2|bob>`."""
    refs = ",".join(f"#{n}" for n in numbers)
    return f"{verb} {refs} {change}".strip()
