"""Core commands: frozen pydantic models built by the text grammar, by Discord options and by
Slack modals alike. A command says what the user asked for; the `Context` says who asked,
where. Handlers in `core.handlers` carry them out."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from core.model import ListState, Priority, Role
from core.text import CommandModel, Positive

PAGE_MAX = 100_000


class _Frozen(CommandModel):
    """Frozen, strict, and clean: see `core.text.CommandModel` (no control characters, no
    integer past a database column, from any surface)."""


class UserRef(_Frozen):
    """A person named in a command: by platform id (`<@U123>`, a Discord user option) or by
    name (`@ana` typed in the console or as plain text)."""

    user_id: str | None = None
    name: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> UserRef:
        if not (self.user_id or self.name):
            raise ValueError("a user reference needs an id or a name")
        return self

    @property
    def label(self) -> str:
        return f"@{self.name}" if self.name else f"<{self.user_id}>"


class Context(_Frozen):
    """Who is asking and where: the actor's identity is `(platform, workspace_id, user_id)`."""

    platform: str
    workspace_id: str
    user_id: str
    display_name: str | None = None
    channel_id: str | None = None
    platform_tz: str | None = Field(
        default=None, description="the user's time zone as the platform reports it"
    )
    names_are_ids: bool = Field(
        default=False,
        description="`@name` names a person directly and a new name becomes a member "
                    "(the console, where there is no user directory)")
    members_only: bool = Field(
        default=False,
        description="act only for someone already a member of this workspace, never make "
                    "them one (a DM button names a workspace the DM can't prove they are in)")


TaskNumber = Positive


class AddTask(_Frozen):
    title: str
    assignee: UserRef | None = None
    due: str | None = None
    due_at: dt.datetime | None = None
    priority: Priority = Priority.NORMAL
    project: str | None = None
    after: tuple[TaskNumber, ...] = ()
    blocks: tuple[TaskNumber, ...] = ()
    description: str | None = None
    source_link: str | None = None
    every: str | None = None
    milestone: str | None = None  # the project layer (core.handlers.plan_hooks)
    estimate: str | None = None


ListScope = Literal["mine", "all", "user"]


class ListTasks(_Frozen):
    scope: ListScope = "mine"
    user: UserRef | None = None
    project: str | None = None
    state: ListState = "open"
    page: int = Field(default=1, ge=1, le=PAGE_MAX)


class ShowMyWork(_Frozen):
    """The actor's open work, grouped. `due_soon_hours`: how far ahead "due soon" looks."""

    due_soon_hours: int = Field(default=48, ge=1, le=24 * 14)
    limit: int = Field(default=15, ge=1, le=50)


class FindOpenTasks(_Frozen):
    """Open tasks whose number or title matches `query` (empty: the most pressing ones)."""

    query: str = ""
    limit: int = Field(default=50, ge=1, le=100)


class ShowTask(_Frozen):
    number: TaskNumber


class StartTask(_Frozen):
    number: TaskNumber


class DoneTask(_Frozen):
    number: TaskNumber


class DropTask(_Frozen):
    number: TaskNumber


class ReopenTask(_Frozen):
    number: TaskNumber


class AssignTask(_Frozen):
    """`assignee=None` unassigns (`/task assign #N none`)."""

    number: TaskNumber
    assignee: UserRef | None


class TakeTask(_Frozen):
    number: TaskNumber


class SetDue(_Frozen):
    """`due` is natural language in the actor's time zone; `due_at` an exact instant;
    neither means clear the due date."""

    number: TaskNumber
    due: str | None = None
    due_at: dt.datetime | None = None


class Depend(_Frozen):
    number: TaskNumber
    on: tuple[TaskNumber, ...] = Field(min_length=1)


class Undepend(_Frozen):
    number: TaskNumber
    on: tuple[TaskNumber, ...] = Field(min_length=1)


class CommentTask(_Frozen):
    number: TaskNumber
    text: str = Field(min_length=1)


class EditTask(_Frozen):
    number: TaskNumber
    title: str | None = None
    priority: Priority | None = None
    project: str | None = None
    description: str | None = None
    source_link: str | None = None  # the message a task came from (set by adapters)
    milestone: str | None = None  # "none" clears (core.handlers.plan_hooks)
    estimate: str | None = None


class DeleteTask(_Frozen):
    number: TaskNumber


class SetTimezone(_Frozen):
    tz: str


class SetRole(_Frozen):
    """Make someone an admin, a manager or a plain member (admins only)."""

    user: UserRef
    role: Role


class DmsOn(_Frozen):
    """'I have opened my direct messages': DM me again instead of the channel fallback."""


class Help(_Frozen):
    topic: str | None = None


class NewProject(_Frozen):
    name: str
    owner: UserRef | None = None
    channel_id: str | None = None


class ListProjects(_Frozen):
    include_archived: bool = False


class ProjectStatus(_Frozen):
    name: str


class ArchiveProject(_Frozen):
    name: str


class UnarchiveProject(_Frozen):
    name: str


Command = (
    AddTask | ListTasks | ShowTask | StartTask | DoneTask | DropTask | ReopenTask | AssignTask
    | TakeTask | SetDue | Depend | Undepend | CommentTask | EditTask | DeleteTask | SetTimezone
    | SetRole | DmsOn | Help | NewProject | ListProjects | ProjectStatus | ArchiveProject
    | UnarchiveProject
)

NumberCommand = ShowTask | StartTask | DoneTask | DropTask | ReopenTask | TakeTask | DeleteTask
BY_NUMBER: dict[str, type[NumberCommand]] = {
    "show": ShowTask, "start": StartTask, "done": DoneTask, "drop": DropTask,
    "reopen": ReopenTask, "take": TakeTask, "delete": DeleteTask,
}
"""The commands that take only a task number, by the verb that names them: the grammar's
`/task <verb> #N`, Slack's card buttons and menu and Discord's card buttons all read this
one map (each surface offers its own subset of verbs)."""
