"""Template commands, built by the text grammar (core.grammar.templates) and by Discord's
`/project template ...` options alike."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from core.commands import UserRef
from core.text import CommandModel


class RoleAssignment(CommandModel):
    """`dev:@ana`: who takes a role's tasks."""

    role: str
    user: UserRef


class SaveTemplate(CommandModel):
    """`/project template save <template> from:<project> [<role>:@user ...]`: each person's
    tasks take the role named after them, unless a role is given for them."""

    name: str
    project: str
    roles: tuple[RoleAssignment, ...] = Field(default=(), max_length=50)


class ListTemplates(CommandModel):
    pass


class ShowTemplate(CommandModel):
    name: str


class DeleteTemplate(CommandModel):
    name: str


class ApplyTemplate(CommandModel):
    """`/project new <name> from:<template> start:<when> [owner:@user] [<role>:@user ...]`.
    `start` is read in the actor's zone, as `due:` is; `start_at` is an exact instant."""

    name: str
    template: str
    start: str | None = None
    start_at: dt.datetime | None = None
    owner: UserRef | None = None
    roles: tuple[RoleAssignment, ...] = Field(default=(), max_length=50)
    channel_id: str | None = None


TEMPLATE_COMMANDS = (SaveTemplate, ListTemplates, ShowTemplate, DeleteTemplate, ApplyTemplate)
