"""What the template commands return (structured; each surface renders them)."""

from __future__ import annotations

import datetime as dt

from core.results import Info, MemberView, Result, _View
from core.templates.document import TemplateDocument


class TemplateSummary(_View):
    name: str
    description: str | None = None
    tasks: int
    roles: tuple[str, ...] = ()
    milestones: int = 0
    updated_at: dt.datetime | None = None


class TemplateList(Result):
    templates: tuple[TemplateSummary, ...]


class TemplateDetails(Result):
    document: TemplateDocument
    updated_at: dt.datetime | None = None


class RoleFilled(_View):
    role: str
    member: MemberView
    tasks: int


class TemplateApplied(Info):
    """A project created from a template: `message` says it in one sentence; the fields
    say it for richer renderers."""

    project: str
    template: str
    start: dt.datetime
    created: int
    roles: tuple[RoleFilled, ...] = ()
    first_number: int | None = None
    last_number: int | None = None
